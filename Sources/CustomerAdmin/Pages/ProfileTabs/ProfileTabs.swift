import Foundation

/// A customer's profile as one tab shows it: what every tab's content function gets.
struct ProfileVisit {
    var visit: Visit
    var customer: Customer
    var id: CustomerID
    var tab: ProfileTab

    var database: AppDatabase { visit.database }
    var number: Int64 { id.number }

    /// The page a long list inside the tab shows (`?page=N`; past the end is the last page).
    func pageRequest() throws -> PageRequest {
        PageRequest(page: TabPager.requestedPage(try visit.request.query()), perPage: ProfileTabs.perPage)
    }

    /// The address of page `page` of this tab.
    func pageURL(_ page: Int) -> String { ProfileTabs.path(id, tab: tab.name) + "?page=\(page)" }
}

/// What the tab labels count, read once per request.
struct TabCounts {
    var products: ProductCounts
    var groups: [String: BoundedCount]
}

/// One tab's behaviour: what its label counts (nil: no count) and the one function that renders its
/// content. The catalog names the tabs and their labels; this says what each shows.
struct TabDefinition {
    var count: (TabCounts, Customer) -> BoundedCount? = { _, _ in nil }
    var content: (ProfileVisit) throws -> HTML
}

/// The profile's tabs (DESIGN.md's URL contract), each its own URL `/customers/{id}/{tab}`.
enum ProfileTabs {
    static let perPage = 20

    static func path(_ id: CustomerID, tab: String? = nil) -> String {
        "/customers/\(id.description)" + (tab.map { $0 == "profile" ? "" : "/\($0)" } ?? "")
    }

    /// Every tab: the product tabs read their tables, notes and audit theirs, files says what will
    /// appear there until its issue fills it, and every other tab (the catalog's own, also one added at
    /// run time) shows its catalog fields and groups.
    static func definition(_ tab: String) -> TabDefinition {
        switch tab {
        case "documents":
            TabDefinition(count: { counts, customer in
                counts.groups["documents"].map { BoundedCount(value: $0.value + (customer[text: "id_number"].isEmpty ? 0 : 1), exact: $0.exact) }
            }, content: FactsTab.content)
        case "contacts": TabDefinition(count: { counts, _ in counts.groups["contacts"] }, content: FactsTab.content)
        case "risk": TabDefinition(content: RiskTab.content)
        case "portfolio":
            TabDefinition(count: { counts, _ in counts.products.policies }) { profile in
                PortfolioTab.content(try profile.database.portfolio(customer: profile.number, profile.pageRequest()), pageURL: profile.pageURL)
            }
        case "payments":
            TabDefinition(count: { counts, _ in counts.products.payments }) { profile in
                PaymentsTab.content(
                    try profile.database.payments(customer: profile.number, profile.pageRequest()), today: StoreDate.day(profile.visit.now),
                    pageURL: profile.pageURL)
            }
        case "claims":
            TabDefinition(count: { counts, _ in counts.products.claims }) { profile in
                ClaimsTab.content(try profile.database.claims(customer: profile.number, profile.pageRequest()), pageURL: profile.pageURL)
            }
        case "credits":
            TabDefinition(count: { counts, _ in counts.products.credits }) { profile in
                CreditsTab.content(
                    try profile.database.credits(customer: profile.number, profile.pageRequest()), pageURL: profile.pageURL,
                    actions: CreditRequestPage.action(profile.id, role: profile.visit.staff.role),
                    requested: try profile.visit.request.query()["requested"])
            }
        case "notes": TabDefinition(content: NotesTab.content)
        case "files": upcoming("Files attached to the customer (scans of documents, signed agreements) will appear here, each to download.")
        case "audit": TabDefinition(content: AuditTab.content)
        default: TabDefinition(content: FactsTab.content)
        }
    }

    /// A tab whose content a later issue brings: a sentence saying what will appear there.
    private static func upcoming(_ sentence: String) -> TabDefinition {
        TabDefinition { _ in ProductCells.empty(sentence) }
    }

    /// The row of tab links under the header, the current one marked, counts where they help.
    static func row(_ customer: Customer, id: CustomerID, current: String, counts: TabCounts) -> HTML {
        let links = customer.catalog.tabs.map { tab -> HTML in
            let count = definition(tab.name).count(counts, customer)
            let shown: HTML = count.map { " <span class=\"count\">(\($0.exact ? Format.count($0.value) : Format.count($0.value) + "+"))</span>" } ?? .empty
            let isCurrent = tab.name == current
            return "<a href=\"\(path(id, tab: tab.name))\"\(HTML.when(isCurrent, " aria-current=\"page\""))>\(tab.label)\(shown)</a>"
        }
        return "<nav class=\"tabs profile-tabs\" aria-label=\"Customer record\">\(links)</nav>\n"
    }
}
