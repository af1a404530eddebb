/// The page for a refused or failed request: status, a sentence, a way back.
enum ErrorPage {
    static func response(_ error: HTTPError, staff: Staff?) -> Response {
        let page = Layout.page(
            title: "\(error.status) \(error.reason)", staff: staff,
            content: """
                <section class="error-page">
                <h1>\(error.status) · \(error.reason)</h1>
                <p role="alert">\(error.message)</p>
                <p><a href="/customers">Back to customers</a></p>
                </section>
                """)
        return .html(page, status: error.status)
    }
}
