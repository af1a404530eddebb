/// `multipart/form-data` (RFC 7578), read strictly and within limits: CRLF line endings only, a
/// boundary of RFC 2046's characters, at most `maximumParts` parts with at most `maximumHeaderBytes`
/// of headers each, every part named by a `Content-Disposition: form-data` header, a closing
/// delimiter at the end. Anything else is the client's fault (400), never a crash.
enum Multipart {
    struct Part: Sendable, Equatable {
        var name: String
        /// Present for a file input (empty when no file was chosen).
        var fileName: String?
        var contentType: String?
        var body: [UInt8]
    }

    static let maximumParts = 256
    static let maximumHeaderBytes = 4096

    /// The boundary of a `multipart/form-data; boundary=…` content type.
    static func boundary(contentType: String) throws(HTTPError) -> [UInt8] {
        let parameters = contentType.split(separator: ";").dropFirst()
        guard let raw = parameters.lazy.compactMap({ parameter -> Substring? in
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingSpaces().lowercased() == "boundary" else { return nil }
            return pair[1].trimmingSpaces()
        }).first else { throw .badRequest("The form has no multipart boundary.") }
        let value = raw.count >= 2 && raw.first == "\"" && raw.last == "\"" ? raw.dropFirst().dropLast() : raw
        let bytes = Array(value.utf8)
        guard (1...70).contains(bytes.count), bytes.allSatisfy(isBoundaryCharacter), bytes.last != UInt8(ascii: " ") else {
            throw .badRequest("The form's multipart boundary is not valid.")
        }
        return bytes
    }

    /// The parts of `body`, in order.
    static func parts(_ body: [UInt8], boundary: [UInt8]) throws(HTTPError) -> [Part] {
        let dashBoundary = Array("--".utf8) + boundary
        let delimiter = Array("\r\n".utf8) + dashBoundary
        // The first boundary may follow a preamble, which is ignored.
        var position: Int
        if body.starts(with: dashBoundary) {
            position = dashBoundary.count
        } else if let found = find(delimiter, in: body, from: 0) {
            position = found + delimiter.count
        } else {
            throw malformed("it has no boundary")
        }
        var parts: [Part] = []
        while true {
            if body[position...].starts(with: Array("--".utf8)) { return parts }  // the closing delimiter; the epilogue is ignored
            while position < body.count, body[position] == UInt8(ascii: " ") || body[position] == UInt8(ascii: "\t") { position += 1 }
            guard body[position...].starts(with: Array("\r\n".utf8)) else { throw malformed("a boundary line does not end in CRLF") }
            position += 2
            guard parts.count < maximumParts else { throw .badRequest("The form has more than \(maximumParts) parts.") }
            let headerEnd = try endOfHeaders(body, from: position)
            let headers = try Self.headers(body[position..<headerEnd])
            let contentStart = headerEnd + 4
            guard let contentEnd = find(delimiter, in: body, from: contentStart) else { throw malformed("it does not end with its boundary") }
            parts.append(try part(headers, body: Array(body[contentStart..<contentEnd])))
            position = contentEnd + delimiter.count
        }
    }

    // MARK: - Pieces

    private static func endOfHeaders(_ body: [UInt8], from start: Int) throws(HTTPError) -> Int {
        let limit = min(body.count, start + maximumHeaderBytes + 4)
        if body[start..<limit].starts(with: Array("\r\n".utf8)) { throw malformed("a part has no headers") }
        guard let end = find(Array("\r\n\r\n".utf8), in: body[start..<limit], from: start) else {
            throw limit - start >= maximumHeaderBytes + 4
                ? HTTPError.badRequest("A part of the form has more than \(maximumHeaderBytes) bytes of headers.")
                : malformed("a part's headers do not end")
        }
        return end
    }

    /// Header lines by lower-case name. Folded lines and lines without a colon are refused.
    private static func headers(_ bytes: ArraySlice<UInt8>) throws(HTTPError) -> [String: String] {
        guard !bytes.isEmpty else { return [:] }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw malformed("a part's headers are not UTF-8") }
        var headers: [String: String] = [:]
        for line in text.split(separator: "\r\n", omittingEmptySubsequences: false) {
            guard let colon = line.firstIndex(of: ":"), line.first != " ", line.first != "\t",
                !line.contains("\r"), !line.contains("\n")
            else { throw malformed("a part has a header line that is not “Name: value”") }
            headers[line[..<colon].trimmingSpaces().lowercased()] = String(line[line.index(after: colon)...].trimmingSpaces())
        }
        return headers
    }

    private static func part(_ headers: [String: String], body: [UInt8]) throws(HTTPError) -> Part {
        guard let disposition = headers["content-disposition"] else { throw malformed("a part has no Content-Disposition") }
        let parameters = try dispositionParameters(disposition)
        guard let name = parameters["name"], !name.isEmpty else { throw malformed("a part has no name") }
        return Part(name: name, fileName: parameters["filename"], contentType: headers["content-type"], body: body)
    }

    /// `form-data; name="title"; filename="a b.pdf"`. Browsers write `"` in names as `%22`, so a
    /// quoted value ends at the next `"`; values are kept as sent.
    private static func dispositionParameters(_ value: String) throws(HTTPError) -> [String: String] {
        var rest = Substring(value)
        guard rest.prefix(while: { $0 != ";" }).trimmingSpaces().lowercased() == "form-data" else {
            throw malformed("a part is not form-data")
        }
        rest = rest.drop { $0 != ";" }
        var parameters: [String: String] = [:]
        while rest.first == ";" {
            rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
            guard let equals = rest.firstIndex(of: "=") else { throw malformed("a part has a parameter without a value") }
            let name = rest[..<equals].trimmingSpaces().lowercased()
            rest = rest[rest.index(after: equals)...].drop { $0 == " " || $0 == "\t" }
            let parameter: Substring
            if rest.first == "\"" {
                rest = rest.dropFirst()
                guard let close = rest.firstIndex(of: "\"") else { throw malformed("a part has an unclosed quote") }
                parameter = rest[..<close]
                rest = rest[rest.index(after: close)...]
            } else {
                parameter = rest.prefix { $0 != ";" }.trimmingSpaces()
                rest = rest.drop { $0 != ";" }
            }
            rest = rest.drop { $0 == " " || $0 == "\t" }
            guard rest.isEmpty || rest.first == ";" else { throw malformed("a part's Content-Disposition is not valid") }
            guard parameters[name] == nil else { throw malformed("a part names “\(name)” twice") }
            parameters[name] = String(parameter)
        }
        guard rest.isEmpty else { throw malformed("a part's Content-Disposition is not valid") }
        return parameters
    }

    /// The first index at or after `start` where `needle` begins.
    private static func find<Haystack: RandomAccessCollection<UInt8>>(
        _ needle: [UInt8], in haystack: Haystack, from start: Int
    ) -> Int? where Haystack.Index == Int {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = max(start, haystack.startIndex)
        let last = haystack.endIndex - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    private static func isBoundaryCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): true
        default: Array("'()+_,-./:=? ".utf8).contains(byte)
        }
    }

    private static func malformed(_ why: String) -> HTTPError {
        .badRequest("The form could not be read: \(why).")
    }
}

extension StringProtocol {
    func trimmingSpaces() -> SubSequence {
        let start = firstIndex { $0 != " " && $0 != "\t" } ?? endIndex
        let end = lastIndex { $0 != " " && $0 != "\t" }.map(index(after:)) ?? start
        return self[start..<Swift.max(start, end)]
    }
}
