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
        var response = Response.html(page, status: error.status)
        if let seconds = error.retryAfter { response.headers.append(("Retry-After", String(seconds))) }
        return response
    }
}
