/// The hidden fields every form that posts must carry, made for the signed-in staff member by the
/// web layer: the user's CSRF token and a one-time submission key (a double click sends the same
/// key twice, and the second post gets the first one's answer).
struct FormTicket: Sendable, Equatable {
    var csrf: String
    var submission: String
}

enum Forms {
    /// Where a form's ticket goes. Pages write this inside every `<form method="post">`, never the
    /// ticket itself, so a page kept for many users holds no one's token: the slots are filled for
    /// each request (see `FormSlots`). It is markup (`<`), which no escaped value can produce.
    static let ticketSlot: HTML = "<ca-form-ticket>"

    /// The hidden inputs of one ticket.
    static func fields(_ ticket: FormTicket) -> HTML {
        """
        <input type="hidden" name="csrf" value="\(ticket.csrf)">\
        <input type="hidden" name="submission" value="\(ticket.submission)">
        """
    }
}

/// A rendered page cut at its ticket slots once, so filling them for each request costs a copy.
struct FormSlots: Sendable {
    private let pieces: [HTML]
    private let size: Int

    init(_ page: HTML) {
        let slot = Forms.ticketSlot.bytes
        var pieces: [HTML] = []
        var start = 0
        var index = 0
        let bytes = page.bytes
        while index + slot.count <= bytes.count {
            if bytes[index] == slot[0], bytes[index..<(index + slot.count)].elementsEqual(slot) {
                pieces.append(HTML(trusted: String(decoding: bytes[start..<index], as: UTF8.self)))
                index += slot.count
                start = index
            } else {
                index += 1
            }
        }
        pieces.append(start == 0 ? page : HTML(trusted: String(decoding: bytes[start...], as: UTF8.self)))
        self.pieces = pieces
        size = page.bytes.count
    }

    /// The page with each slot replaced by the fields of a new ticket.
    func filled(_ ticket: () throws -> FormTicket) rethrows -> HTML {
        guard pieces.count > 1 else { return pieces[0] }
        // Sized once: the page is copied, not grown.
        var page = HTML.Interpolation(literalCapacity: size + (pieces.count - 1) * 256, interpolationCount: 0)
        page.appendInterpolation(pieces[0])
        for piece in pieces.dropFirst() {
            page.appendInterpolation(Forms.fields(try ticket()))
            page.appendInterpolation(piece)
        }
        return HTML(stringInterpolation: page)
    }
}
