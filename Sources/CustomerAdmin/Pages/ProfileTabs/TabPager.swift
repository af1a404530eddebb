/// The pager of a list inside a tab, in the listing's style: "Showing 21–40 of 2,000", then the
/// page links the listing has too (`Pager`).
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
        // `what` is plural: one item is "Showing 1 of 1", not "1–1 of 1 changes".
        let summary: HTML = page.total.exact && page.total.value == 1
            ? "<p class=\"showing\">Showing 1 of 1</p>"
            : "<p class=\"showing\">Showing \(Format.count(shown.lowerBound))–\(Format.count(shown.upperBound)) of \(describe(page.total)) \(what)</p>"
        guard page.pageCount > 1 else { return "<div class=\"pager\">\(summary)</div>" }
        let links = Pager.links(
            current: page.page, last: page.pageCount, lastKnown: page.total.exact, label: "Pages of \(what)", url: url)
        return "<div class=\"pager\">\(summary)\(links)</div>"
    }
}
