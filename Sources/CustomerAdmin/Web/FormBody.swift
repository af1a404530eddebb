/// A posted form, decoded from either encoding a browser sends: the fields in order (names
/// repeatable) and any files, kept as bytes with their name and content type.
struct FormBody: Sendable {
    var fields: Parameters
    var files: [Multipart.Part]

    init(_ request: Request) throws(HTTPError) {
        let contentType = request.headers["content-type"] ?? ""
        let mediaType = contentType.prefix { $0 != ";" }.trimmingSpaces().lowercased()
        switch mediaType {
        case "application/x-www-form-urlencoded":
            guard let text = String(validating: request.body, as: UTF8.self) else {
                throw .badRequest("The form is not valid UTF-8 text.")
            }
            fields = try Parameters(urlEncoded: text)
            files = []
        case "multipart/form-data":
            fields = Parameters()
            files = []
            for part in try Multipart.parts(request.body, boundary: Multipart.boundary(contentType: contentType)) {
                if part.fileName != nil {
                    files.append(part)
                } else if let value = String(validating: part.body, as: UTF8.self) {
                    fields.append(part.name, value)
                } else {
                    throw .badRequest("The form field “\(part.name)” is not valid UTF-8 text.")
                }
            }
        default:
            throw HTTPError(415, "This address takes forms (application/x-www-form-urlencoded or multipart/form-data).")
        }
    }
}
