/// The frame every page shares: top bar, one content column, footer.
enum Layout {
    static func page(title: String, staff: Staff?, back: HTML = .empty, content: HTML) -> HTML {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title) · customer-admin</title>
        <link rel="stylesheet" href="/app.css">
        <script src="/app.js" defer></script>
        </head>
        <body>
        <a class="skip-link" href="#main">Skip to content</a>
        <header class="topbar">
          <a class="brand" href="/customers">customer-admin</a>
          <nav aria-label="Main">
            <a href="/customers" aria-current="page">Customers</a>\(HTML.when(staff?.role == .admin, "<a href=\"/directories\">Directories</a>"))
          </nav>
          \(signedIn(staff))
        </header>
        <main id="main" tabindex="-1">
        \(back)\(content)
        </main>
        <footer class="footer">customer-admin</footer>
        </body>
        </html>
        """
    }

    private static func signedIn(_ staff: Staff?) -> HTML {
        guard let staff else { return .empty }
        return """
            <p class="signed-in"><span class="user">\(staff.userName)</span> <span class="role">\(staff.role.rawValue)</span></p>
            """
    }

    /// A link above the title of an inner page.
    static func backLink(_ href: String, _ label: String) -> HTML {
        "<p class=\"back\"><a href=\"\(href)\">← \(label)</a></p>\n"
    }
}
