import Foundation
import Testing
@testable import CustomerAdmin

/// The form rules we wrote ourselves (phones, e-mail, identity numbers, names, posted group items),
/// fed random and hostile text: they answer without crashing, and what they accept has the promised shape.
@Suite struct FormRulePropertyTests {
    typealias SplitMix = ListingPropertyTests.SplitMix

    static let pieces = ["+", "00", "0", "1", "7", "220", " ", "-", "(", ")", ".", "/", "a", "@", "é", "\u{0}", "\u{A0}", "12345678", "😀"]

    static func randomText(_ rng: inout SplitMix) -> String {
        (0..<Int.random(in: 0...10, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
    }

    @Test func e164IsAPlusAndEightToFifteenDigitsAndReadsBackTheSame() {
        var rng = SplitMix(state: 12)
        for _ in 0..<20_000 {
            let text = Self.randomText(&rng)
            for code in [nil, "220", "7"] {
                guard let phone = PhoneNumber.e164(text, callingCode: code) else { continue }
                #expect(phone.first == "+" && (9...16).contains(phone.count) && phone.dropFirst().allSatisfy { $0.isASCII && $0.isNumber })
                #expect(PhoneNumber.e164(phone, callingCode: nil) == phone)
            }
        }
    }

    @Test func emailsIdentityNumbersAndNamesNeverCrashOnHostileText() {
        var rng = SplitMix(state: 13)
        for _ in 0..<20_000 {
            let text = Self.randomText(&rng) + ParserPropertyTests.randomText(&rng)
            _ = CustomerValidation.isEmail(text)
            for country in ["The Gambia", "Colombia", "Russia", "Romania", text] { _ = IdentityRules.rule(for: country).accepts(text) }
            #expect(NameFolding.similar(text, text) == !NameFolding.folded(text).isEmpty)
        }
        #expect(!NameFolding.similar(String(repeating: "a", count: 10_000), String(repeating: "a", count: 10_000)))
    }

    @Test func postedGroupItemsAreBoundedWhateverIsSent() {
        var rng = SplitMix(state: 14)
        for _ in 0..<500 {
            var posted = Parameters()
            for _ in 0..<Int.random(in: 0...40, using: &rng) {
                let index = [String(Int.random(in: -2...80, using: &rng)), "x", "99999999999999999999", ""].randomElement(using: &rng)!
                let field = ["type", "number", "id", "remove", "nope"].randomElement(using: &rng)!
                posted.append("documents.\(index).\(field)", ParserPropertyTests.randomText(&rng))
            }
            let form = CustomerForm(posted: posted, kind: .individual, status: .newbie, catalog: .standard)
            #expect((form.items["documents"] ?? []).count <= CustomerForm.itemLimit)
        }
    }
}
