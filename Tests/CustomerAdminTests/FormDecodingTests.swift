import Foundation
import Testing
@testable import CustomerAdmin

extension Multipart {
    /// What a browser sends (names and file names as the WHATWG encoder writes them: no `"`, CR or LF).
    static func encode(_ parts: [Part], boundary: String, preamble: [UInt8]? = nil, epilogue: [UInt8] = []) -> [UInt8] {
        var out: [UInt8] = []
        if let preamble { out += preamble + Array("\r\n".utf8) }
        for part in parts {
            out += Array("--\(boundary)\r\n".utf8)
            var disposition = "Content-Disposition: form-data; name=\"\(part.name)\""
            if let fileName = part.fileName { disposition += "; filename=\"\(fileName)\"" }
            out += Array("\(disposition)\r\n".utf8)
            if let type = part.contentType { out += Array("Content-Type: \(type)\r\n".utf8) }
            out += Array("\r\n".utf8) + part.body + Array("\r\n".utf8)
        }
        return out + Array("--\(boundary)--\r\n".utf8) + epilogue
    }
}

/// The two form encodings, decoded by code we wrote: what we encode comes back the same, random and
/// hostile bytes are refused with a 400 and never stop the process, and the limits hold.
@Suite struct FormDecodingTests {
    typealias SplitMix = ListingPropertyTests.SplitMix

    static let nameAlphabet = Array("aZ09 -_.~+%&=?#/\\'<>;:,()[]{}éșжЖ€😀\t\u{0}")
    static let boundaryAlphabet = Array("0123456789abcxyzABCXYZ'()+_,-./:=? ")
    static let bodyPieces: [[UInt8]] = ["\r\n", "--", "\r", "\n", "-", "\r\n--", "a", "é", "\u{0}", "Content-Disposition: form-data"].map { Array($0.utf8) }

    static func text(_ rng: inout SplitMix, _ alphabet: [Character], length: ClosedRange<Int>) -> String {
        String((0..<Int.random(in: length, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
    }

    static func bytes(_ rng: inout SplitMix, maxPieces: Int = 40) -> [UInt8] {
        var out: [UInt8] = []
        for _ in 0..<Int.random(in: 0...maxPieces, using: &rng) {
            if Bool.random(using: &rng) { out += bodyPieces.randomElement(using: &rng)! } else { out.append(UInt8.random(in: 0...255, using: &rng)) }
        }
        return out
    }

    static func boundary(_ rng: inout SplitMix) -> String {
        var boundary = text(&rng, boundaryAlphabet, length: 1...70)
        while boundary.last == " " { boundary.removeLast() }
        return boundary.isEmpty ? "b" : boundary
    }

    static func randomParts(_ rng: inout SplitMix) -> [Multipart.Part] {
        (0..<Int.random(in: 0...6, using: &rng)).map { _ in
            let isFile = Bool.random(using: &rng)
            return Multipart.Part(
                name: "n" + text(&rng, nameAlphabet, length: 0...12),
                fileName: isFile ? text(&rng, nameAlphabet, length: 0...12) : nil,
                contentType: isFile && Bool.random(using: &rng) ? "application/octet-stream" : nil,
                body: bytes(&rng))
        }
    }

    private static func contains(_ needle: [UInt8], in haystack: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    private static func expectRefusedOrRead(_ body: [UInt8], boundary: [UInt8]) {
        do {
            let parts = try Multipart.parts(body, boundary: boundary)
            #expect(parts.count <= Multipart.maximumParts)
        } catch {
            #expect(error.status == 400)
        }
    }

    // MARK: - Multipart

    @Test func multipartRoundTripsWhatABrowserSends() throws {
        var rng = SplitMix(state: 11)
        var checked = 0
        while checked < 2_000 {
            let parts = Self.randomParts(&rng)
            let boundary = Self.boundary(&rng)
            let delimiter = Array("\r\n--\(boundary)".utf8)
            let preamble: [UInt8]? = Bool.random(using: &rng) ? Self.bytes(&rng, maxPieces: 5) : nil
            // A browser picks a boundary that occurs in none of the contents; so do we.
            guard !parts.contains(where: { Self.contains(delimiter, in: $0.body) }),
                !Self.contains(delimiter, in: preamble ?? []), !(preamble ?? []).starts(with: Array("--\(boundary)".utf8))
            else { continue }
            let encoded = Multipart.encode(parts, boundary: boundary, preamble: preamble, epilogue: Self.bytes(&rng, maxPieces: 4))
            let decoded = try Multipart.parts(encoded, boundary: Multipart.boundary(contentType: "multipart/form-data; boundary=\"\(boundary)\""))
            #expect(decoded == parts.map { part in
                var trimmed = part
                trimmed.contentType = part.contentType
                return trimmed
            }, "boundary \(boundary)")
            checked += 1
        }
    }

    @Test func randomAndMangledMultipartNeverTraps() {
        var rng = SplitMix(state: 12)
        for _ in 0..<3_000 {
            let boundary = Self.boundary(&rng)
            let boundaryBytes = Array(boundary.utf8)
            // Pure garbage, sometimes starting like a form.
            var garbage = Bool.random(using: &rng) ? Array("--\(boundary)\r\n".utf8) : []
            garbage += Self.bytes(&rng, maxPieces: 60)
            Self.expectRefusedOrRead(garbage, boundary: boundaryBytes)
            // A real form, then cut, bytes changed, pieces inserted or dropped.
            var mangled = Multipart.encode(Self.randomParts(&rng), boundary: boundary)
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                guard !mangled.isEmpty else { break }
                let at = Int.random(in: 0..<mangled.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: mangled.removeSubrange(at...)
                case 1: mangled[at] = UInt8.random(in: 0...255, using: &rng)
                case 2: mangled.insert(contentsOf: Self.bodyPieces.randomElement(using: &rng)! + (Bool.random(using: &rng) ? boundaryBytes : []), at: at)
                default: mangled.removeSubrange(at..<min(mangled.count, at + Int.random(in: 1...20, using: &rng)))
                }
            }
            Self.expectRefusedOrRead(mangled, boundary: boundaryBytes)
        }
    }

    @Test func randomContentTypesNeverTrap() {
        var rng = SplitMix(state: 13)
        let pieces = ["multipart/form-data", ";", " boundary=", "boundary", "=", "\"", "x", " ", "\u{0}", "é", String(repeating: "b", count: 71)]
        for _ in 0..<3_000 {
            let contentType = (0..<Int.random(in: 0...8, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            do {
                let boundary = try Multipart.boundary(contentType: contentType)
                #expect((1...70).contains(boundary.count))
            } catch {
                #expect(error.status == 400)
            }
        }
    }

    @Test func aBrowsersUploadIsRead() throws {
        let file: [UInt8] = [0x25, 0x50, 0x44, 0x46, 0x0D, 0x0A, 0x2D, 0x2D, 0x00, 0xFF]  // %PDF CRLF -- NUL ÿ
        let body = Array("""
            --WebKitFormBoundaryAbc123\r
            Content-Disposition: form-data; name="title"\r
            \r
            Ana-María “Ñandú”\r
            --WebKitFormBoundaryAbc123\r
            content-disposition: form-data; name="upload"; filename="scan %22final%22.pdf"\r
            Content-Type: application/pdf\r
            \r

            """.utf8) + file + Array("""
            \r
            --WebKitFormBoundaryAbc123\r
            Content-Disposition: form-data; name="empty"; filename=""\r
            Content-Type: application/octet-stream\r
            \r
            \r
            --WebKitFormBoundaryAbc123--\r

            """.utf8)
        let request = Request(method: "POST", path: "/", headers: ["content-type": "multipart/form-data; boundary=WebKitFormBoundaryAbc123"], body: body)
        let form = try FormBody(request)
        #expect(form.fields == Parameters([("title", "Ana-María “Ñandú”")]))
        #expect(form.files == [
            Multipart.Part(name: "upload", fileName: "scan %22final%22.pdf", contentType: "application/pdf", body: file),
            Multipart.Part(name: "empty", fileName: "", contentType: "application/octet-stream", body: []),
        ])
    }

    @Test func multipartLimitsAndRulesHold() throws {
        let boundary = "xyz"
        let b = Array(boundary.utf8)
        func field(_ index: Int) -> Multipart.Part { Multipart.Part(name: "f\(index)", body: Array("v".utf8)) }
        #expect(try Multipart.parts(Multipart.encode((0..<Multipart.maximumParts).map(field), boundary: boundary), boundary: b).count == Multipart.maximumParts)
        func refusal(_ body: [UInt8], boundary: [UInt8] = b) -> String? {
            do { _ = try Multipart.parts(body, boundary: boundary); return nil } catch { return error.status == 400 ? error.message : "status \(error.status)" }
        }
        #expect(refusal(Multipart.encode((0...Multipart.maximumParts).map(field), boundary: boundary))?.contains("more than 256 parts") == true)
        let longHeader = Multipart.Part(name: String(repeating: "h", count: Multipart.maximumHeaderBytes), body: [])
        #expect(refusal(Multipart.encode([longHeader], boundary: boundary))?.contains("bytes of headers") == true)
        let lfOnly = Array("--xyz\nContent-Disposition: form-data; name=\"a\"\n\nv\n--xyz--\n".utf8)
        #expect(refusal(lfOnly) != nil)
        let unclosed = Array("--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue".utf8)
        #expect(refusal(unclosed)?.contains("does not end with its boundary") == true)
        for headers in ["", "Content-Type: text/plain", "Content-Disposition: attachment; name=\"a\"",
                        "Content-Disposition: form-data", "Content-Disposition: form-data; name=\"\"",
                        "Content-Disposition: form-data; name=\"a\"; name=\"b\"", "Content-Disposition: form-data; name=\"a",
                        "Content-Disposition: form-data; name", " folded: header", "no colon"] {
            let body = Array("--xyz\r\n\(headers)\r\n\r\nv\r\n--xyz--".utf8)
            #expect(refusal(body) != nil, "\(headers)")
        }
        #expect(refusal([]) != nil)
        #expect(refusal(Array("--xyz--".utf8)) == nil, "an empty form is a form")
        for contentType in ["multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=\"\"",
                            "multipart/form-data; boundary=" + String(repeating: "a", count: 71),
                            "multipart/form-data; boundary=bad\u{0}", "multipart/form-data; boundary=\"trailing \""] {
            #expect(throws: HTTPError.self, "\(contentType)") { try Multipart.boundary(contentType: contentType) }
        }
        #expect(try Multipart.boundary(contentType: "multipart/form-data; charset=utf-8; BOUNDARY=\"a b\"") == Array("a b".utf8))
        #expect(try Multipart.boundary(contentType: "multipart/form-data; boundary=" + String(repeating: "a", count: 70)).count == 70)
    }

    // MARK: - URL-encoded

    @Test func urlEncodedFormsRoundTripAndGarbageIsA400() throws {
        var rng = SplitMix(state: 14)
        for _ in 0..<2_000 {
            var fields = Parameters()
            for _ in 0..<Int.random(in: 0...6, using: &rng) {
                fields.append("n" + Self.text(&rng, Self.nameAlphabet, length: 0...8), Self.text(&rng, Self.nameAlphabet + ["\r", "\n", "\""], length: 0...20))
            }
            let request = Request(method: "POST", path: "/", headers: ["content-type": "application/x-www-form-urlencoded"], body: Array(fields.encoded.utf8))
            #expect(try FormBody(request).fields == fields)
            #expect(try FormBody(request).files.isEmpty)

            let garbage = Request(method: "POST", path: "/", headers: ["content-type": "application/x-www-form-urlencoded"], body: Self.bytes(&rng))
            do { _ = try FormBody(garbage) } catch { #expect(error.status == 400) }
        }
    }
}
