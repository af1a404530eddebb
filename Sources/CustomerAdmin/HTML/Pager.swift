/// The page links of a paged list, the listing's and those inside a profile tab alike: first,
/// previous, a window of page numbers, next, and last when the list was counted to its end.
enum Pager {
    /// `url` gives a page's address; the current page links to `currentURL` (its own address if nil).
    static func links(
        current: Int, last: Int, lastKnown: Bool, label: String, url: (Int) -> String, currentURL: String? = nil
    ) -> HTML {
        func link(_ page: Int, _ text: String, rel: String = "") -> HTML {
            "<a href=\"\(url(page))\"\(HTML.when(!rel.isEmpty, " rel=\"\(rel)\""))>\(text)</a>"
        }
        func disabled(_ text: String) -> HTML { "<span class=\"disabled\" aria-disabled=\"true\">\(text)</span>" }
        let numbers = (max(1, current - 2)...max(1, min(last, current + 2))).map { page -> HTML in
            page == current
                ? "<a href=\"\(currentURL ?? url(page))\" aria-current=\"page\" class=\"current\">\(Format.count(page))</a>"
                : link(page, Format.count(page))
        }
        // A list not counted to its end has no known last page.
        let lastLink: HTML = lastKnown ? (current < last ? link(last, "Last »") : disabled("Last »")) : .empty
        return """
            <nav class="pages" aria-label="\(label)">\
            \(current > 1 ? link(1, "« First") : disabled("« First"))\
            \(current > 1 ? link(current - 1, "‹ Previous", rel: "prev") : disabled("‹ Previous"))\
            \(numbers)\
            \(current < last ? link(current + 1, "Next ›", rel: "next") : disabled("Next ›"))\
            \(lastLink)\
            </nav>
            """
    }
}
