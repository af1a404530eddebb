/// Issue 12's addresses under `/customers/{id}/`: the edit form, notes, the audit trail and its
/// download, and the status form. Nil for any other tab (the product tabs' table answers those).
extension App {
    func customerEndpoints(id: String, _ tab: String) -> [Endpoint]? {
        let catalog = database.catalog
        switch tab {
        case "edit": return [.get(.editCustomer) { try CustomerFormPage.edit($0, id: id) }]
        case "notes":
            return [.get(.read) { try NotesTab.response($0, id: id) }, .post(.addNote) { try NotesTab.add($0, $1, id: id, catalog: catalog) }]
        case "audit": return [.get(.read) { try AuditTab.response($0, id: id) }]
        case "audit.csv": return [.get(.read) { try AuditTab.csv($0, id: id) }]
        case "status": return [.post(.changeStatus) { try CustomerActions.changeStatus($0, $1, id: id, catalog: catalog) }]
        default: return nil
        }
    }
}
