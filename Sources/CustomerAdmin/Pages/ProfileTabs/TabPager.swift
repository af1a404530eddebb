/// The pager of a list inside a tab, in the listing's style: "Showing 21–40 of 2,000", then first,
/// previous, a window of page numbers, next and last (left out when counting stopped early).
enum TabPager {
    /// `?page=` as sent: anything but digits is the first page; a number too long to be a page is
    /// read as a page past the end (the last one), before any arithmetic can overflow.
    static func requestedPage(_ query: Parameters) -> Int {
        guard let text = query["page"], !text.isEmpty, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return 1 }
        return text.utf8.count > 9 ? 1_000_000_000 : max(1, Int(text) ?? 1)
    }

    /// "2,000" or "more than 10,000" when counting stopped there.
    static func describe(_ total: BoundedCount) -> String {
        total.exact ? Format.count(total.value) : "more than \(Format.count(total.value))"
    }

    /// `url` gives the address of a page number.
    static func render<Item>(_ page: RelatedPage<Item>, what: String, url: (Int) -> String) -> HTML {
        guard let shown = page.shown else { return .empty }
        let summary: HTML =
            "<p class=\"showing\">Showing \(Format.count(shown.lowerBound))–\(Format.count(shown.upperBound)) of \(describe(page.total)) \(what)</p>"
        guard page.pageCount > 1 else { return "<div class=\"pager\">\(summary)</div>" }
        let current = page.page
        func link(_ number: Int, _ label: String, rel: String = "") -> HTML {
            "<a href=\"\(url(number))\"\(HTML.when(!rel.isEmpty, " rel=\"\(rel)\""))>\(label)</a>"
        }
        func disabled(_ label: String) -> HTML { "<span class=\"disabled\" aria-disabled=\"true\">\(label)</span>" }
        let numbers = (max(1, current - 2)...min(page.pageCount, current + 2)).map { number -> HTML in
            number == current ? "<a href=\"\(url(number))\" aria-current=\"page\" class=\"current\">\(Format.count(number))</a>" : link(number, Format.count(number))
        }
        let last: HTML = page.total.exact ? (current < page.pageCount ? link(page.pageCount, "Last »") : disabled("Last »")) : .empty
        return """
            <div class="pager">\(summary)<nav class="pages" aria-label="Pages of \(what)">\
            \(current > 1 ? link(1, "« First") : disabled("« First"))\
            \(current > 1 ? link(current - 1, "‹ Previous", rel: "prev") : disabled("‹ Previous"))\
            \(numbers)\
            \(current < page.pageCount ? link(current + 1, "Next ›", rel: "next") : disabled("Next ›"))\
            \(last)</nav></div>
            """
    }
}
