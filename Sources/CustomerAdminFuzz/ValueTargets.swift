import CustomerAdmin
import Foundation

extension FuzzTarget {
    /// `Money.cents(from:)`: what it reads round-trips through `Format.plainMoney`; every amount formats.
    static let money = FuzzTarget(name: "money", covers: "amounts, Money.cents(from:) and Format") { bytes in
        if let cents = Money.cents(from: text(bytes)) {
            require(cents.magnitude < 100_000_000_000_000_000, "at most 15 integer digits: \(cents)")
            require(Money.cents(from: Format.plainMoney(cents)) == cents, "\(cents) round-trips through plainMoney")
        }
        let any = number(bytes)
        _ = Format.money(any)
        _ = Format.count(Int(any))
        let amount = any % 100_000_000_000_000_000
        require(Money.cents(from: Format.plainMoney(amount)) == amount, "\(amount) round-trips through plainMoney")
    }

    /// `StoreDate.parseDay`: a day it accepts is written back as the same text; any day of years
    /// 1970–9999 (today's date in the presets) is read back; the presets give ordered days.
    static let dates = FuzzTarget(name: "dates", covers: "days, StoreDate.parseDay, StoreDate.day and the period presets") { bytes in
        let typed = text(bytes)
        if let day = StoreDate.parseDay(typed) {
            require(StoreDate.day(day) == typed, "the accepted day \(typed) is written back the same")
        }
        // A second of 1970-01-01 00:00:00 ... 9999-12-31 23:59:59 UTC.
        let date = Date(timeIntervalSince1970: TimeInterval(number(bytes).magnitude % 253_402_300_800))
        let written = StoreDate.day(date)
        require(StoreDate.parseDay(written) == StoreDate.utc.startOfDay(for: date), "\(written) reads back")
        for preset in DayRange.Preset.allCases {
            let (from, to) = preset.days(today: date)
            require(from <= to, "\(preset) from \(from) to \(to) in order")
        }
    }

    /// `CustomerID.init?`: an ID it accepts is its own description (any case) and reads back; every
    /// ID it writes (1 to 10 digits) reads back; the profile page answers 200 or 404.
    static let customerID = FuzzTarget(name: "customer-id", covers: "customer IDs, CustomerID(_:) and the profile route") { bytes in
        let typed = text(bytes)
        if let id = CustomerID(typed) {
            require(id.description == typed.uppercased(), "\(typed) is how \(id) is written")
            require(CustomerID(id.description)?.number == id.number, "\(id) reads back")
        }
        let written = number(bytes).magnitude % 10_000_000_000
        if written > 0 {
            require(CustomerID(CustomerID(number: Int64(written)).description)?.number == Int64(written), "\(written) reads back")
        }
        // The page itself costs a read and a render: only for text that could name a customer.
        guard typed.uppercased().hasPrefix("CUST"), !typed.contains("/"), !typed.contains("?") else { return }
        let status = FuzzStore.shared.app.handle(Request("GET", "/customers/" + typed, user: FuzzStore.viewer)).status
        require(status == 200 || status == 404, "the profile of \(typed) answers 200 or 404, not \(status)")
    }
}
