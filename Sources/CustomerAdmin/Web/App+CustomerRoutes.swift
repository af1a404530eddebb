/// The addresses under `/customers/{id}/`: the edit form, the audit trail's download, the form posts
/// (notes, status, credit requests) and, for every other name, the profile's tab of that name.
extension App {
    func customerEndpoints(id: String, _ name: String, tab: Endpoint) -> [Endpoint] {
        let catalog = database.catalog
        switch name {
        case "edit": return [.get(.editCustomer) { try CustomerFormPage.edit($0, id: id) }]
        case "audit.csv": return [.get(.read) { try AuditTab.csv($0, id: id) }]
        case "notes": return [tab, .post(.addNote) { try NotesTab.add($0, $1, id: id, catalog: catalog) }]
        case "credits": return [tab, .post(.requestCredit) { try CreditRequestPage.create(id: id, catalog: catalog, $0, $1) }]
        case "status": return [.post(.changeStatus) { try CustomerActions.changeStatus($0, $1, id: id, catalog: catalog) }]
        case "lists": return [.post(.keepFlagLists) { try CustomerActions.changeList($0, $1, id: id, catalog: catalog) }]
        default: return [tab]
        }
    }
}
