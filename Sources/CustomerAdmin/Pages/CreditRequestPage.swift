import Foundation
import GRDB

/// "+ Create credit" (seed 003): `GET /customers/{id}/credits/new` shows the request form (product
/// from the credit directory, amount, currency, term, purpose) to officers and above; `POST
/// /customers/{id}/credits` (through the form guard) checks it and writes a credit in status
/// `requested`, then goes to the Credits tab. A refused form comes back as a 422 with every value
/// kept and each problem beside its field. Nothing else of the customer changes.
enum CreditRequestPage {
    static func path(_ id: CustomerID) -> String { ProfileTabs.path(id, tab: "credits") + "/new" }

    /// The Credits tab's action for roles that may request a credit.
    static func action(_ id: CustomerID, role: Role) -> HTML {
        guard role >= .officer else { return .empty }
        return "<p class=\"tab-actions\"><a class=\"button primary\" href=\"\(path(id))\">+ Create credit</a></p>"
    }

    static func response(id: String, _ visit: Visit) throws -> Response {
        let (customerID, customer) = try CustomerLookup.find(id, visit.database)
        var form = Form()
        form.values["currency"] = try visit.database.customerCurrency(customer: customerID.number) ?? ""
        let products = try visit.database.creditProducts()
        return .html(try FormSlots(page(customer, id: customerID, form: form, products: products, staff: visit.staff)).filled(visit.ticket))
    }

    static func create(id: String, catalog: FieldCatalog, _ post: FormPost, _ db: Database) throws -> Response {
        let (customerID, customer) = try CustomerLookup.find(id, catalog: catalog, db)
        let products = try AppDatabase.creditProducts(db)
        var form = Form(post.fields)
        guard let request = form.check(products: products) else {
            let csrf = post.fields["csrf"] ?? ""
            let refused = page(customer, id: customerID, form: form, products: products, staff: post.staff)
            let filled = FormSlots(refused).filled { FormTicket(csrf: csrf, submission: CSRFTokens.submissionKey()) }
            return .html(filled, status: 422)
        }
        let credit = try AppDatabase.addCreditRequest(request, customer: customerID.number, today: StoreDate.day(post.now), db)
        return .redirect(to: ProfileTabs.path(customerID, tab: "credits") + "?requested=" + Parameters.encode(credit.number))
    }

    // MARK: - The form

    /// The request as typed, and what is wrong with it by field name.
    struct Form {
        var values: [String: String] = [:]
        var problems: [String: String] = [:]

        init() {}

        init(_ fields: Parameters) {
            for name in ["product", "amount", "currency", "term_months", "purpose"] {
                values[name] = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            }
        }

        /// The request, or nil with `problems` filled in.
        mutating func check(products: [CreditProductOffer]) -> CreditRequest? {
            let product = products.first { $0.name == values["product"] }
            if product == nil { problems["product"] = "Choose a product from the list." }
            let amountText = values["amount", default: ""]
            let amount = amountText.utf8.count <= 20 ? Money.cents(from: amountText) : nil
            if amountText.isEmpty {
                problems["amount"] = "Enter the amount requested."
            } else if amount == nil {
                problems["amount"] = "Enter an amount like 2500 or 2500.50."
            } else if let amount, !(1...100_000_000_000_00).contains(amount) {
                problems["amount"] = "The amount must be more than 0 and at most 100 000 000 000."
            }
            let currency = values["currency", default: ""].uppercased()
            if currency.utf8.count != 3 || !currency.utf8.allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) {
                problems["currency"] = "Enter the three-letter currency code, like GMD or EUR."
            }
            let termText = values["term_months", default: ""]
            let term = termText.utf8.count <= 3 && termText.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) ? Int(termText) : nil
            if let product, let term, !product.terms.contains(term) {
                problems["term_months"] = "\(product.name) is granted for \(product.terms.lowerBound) to \(product.terms.upperBound) months."
            } else if term == nil || term == 0 {
                problems["term_months"] = "Enter the term in whole months."
            }
            let purpose = values["purpose", default: ""]
            if purpose.count > 200 {
                problems["purpose"] = "At most 200 characters; this is \(purpose.count)."
            } else if purpose.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                problems["purpose"] = "Write the purpose on one line, without control characters."
            }
            guard problems.isEmpty, let product, let amount, let term else { return nil }
            return CreditRequest(product: product, amount: amount, currency: currency, termMonths: term, purpose: purpose)
        }
    }

    static func page(_ customer: Customer, id: CustomerID, form: Form, products: [CreditProductOffer], staff: Staff) -> HTML {
        let name = ProfileHeader.name(customer)
        let summary: HTML =
            form.problems.isEmpty ? .empty : """
                <div class="form-problems" role="alert"><p>The credit was not requested. Please correct:</p><ul>\
                \(["product", "amount", "currency", "term_months", "purpose"].compactMap { field in
                    form.problems[field].map { "<li><a href=\"#\(field)\">\($0)</a></li>" as HTML }
                })</ul></div>
                """
        let options = products.map { product -> HTML in
            let chosen = form.values["product"] == product.name
            return """
                <option value="\(product.name)"\(HTML.when(chosen, " selected"))>\(product.name) · \(ProductCells.rate(product.rate)) · \
                \(product.terms.lowerBound)–\(product.terms.upperBound) months</option>
                """
        }
        return Layout.page(
            title: "\(id) · \(name) · Create credit", staff: staff,
            back: Layout.backLink(ProfileTabs.path(id, tab: "credits"), "Credits of \(id.description)"),
            content: """
                <h1>Create credit for \(name) <span class="mono">\(id.description)</span></h1>
                \(summary)
                <form class="card request-form" method="post" action="\(ProfileTabs.path(id, tab: "credits"))" novalidate>
                \(Forms.ticketSlot)
                <div class="field">
                  <label for="product">Product *</label>
                  <select id="product" name="product" required\(invalid(form, "product"))>
                    <option value="">Choose a product</option>
                    \(options)
                  </select>
                  \(problem(form, "product"))
                </div>
                \(input(form, "amount", "Amount *", hint: "As digits, with a point for cents: 2500.50", mode: "decimal"))
                \(input(form, "currency", "Currency *", hint: "Three letters, like GMD", mode: "text", size: 3))
                \(input(form, "term_months", "Term in months *", hint: nil, mode: "numeric", size: 3))
                \(input(form, "purpose", "Purpose", hint: nil, mode: "text", size: 200, required: false))
                <p class="form-actions"><a href="\(ProfileTabs.path(id, tab: "credits"))">Cancel</a> \
                <button class="primary" type="submit">Request credit</button></p>
                </form>
                """)
    }

    private static func input(
        _ form: Form, _ name: String, _ label: String, hint: String?, mode: String, size: Int = 20, required: Bool = true
    ) -> HTML {
        let hintID = "\(name)-hint"
        return """
            <div class="field">
              <label for="\(name)">\(label)</label>
              <input id="\(name)" name="\(name)" type="text" inputmode="\(mode)" maxlength="\(size)" value="\(form.values[name] ?? "")"\
            \(HTML.when(required, " required"))\(invalid(form, name))\(HTML.when(hint != nil && form.problems[name] == nil, " aria-describedby=\"\(hintID)\""))>
              \(hint.map { "<p class=\"hint\" id=\"\(hintID)\">\($0)</p>" as HTML } ?? .empty)
              \(problem(form, name))
            </div>
            """
    }

    private static func invalid(_ form: Form, _ name: String) -> HTML {
        form.problems[name] == nil ? .empty : " aria-invalid=\"true\" aria-describedby=\"\(name)-problem\""
    }

    private static func problem(_ form: Form, _ name: String) -> HTML {
        form.problems[name].map { "<p class=\"field-problem\" id=\"\(name)-problem\">\($0)</p>" } ?? .empty
    }
}
