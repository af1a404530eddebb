/// Letters that names and addresses are searched without, so "gomez" finds "Gómez", "stefan" finds
/// "Ștefan" and "Brasov" finds "Brașov": the accented letters of the store's four countries (Romanian,
/// including the cedilla forms people type for ș and ț; Spanish; Russian ё). The search index holds
/// the text through exactly this table (migration "searchNamesAndAddressesWithoutDiacritics"), so a
/// change to it needs a new migration that rebuilds the index.
enum SearchFolding {
    static let baseLetters: [(letter: Character, base: Character)] = [
        ("ă", "a"), ("â", "a"), ("î", "i"), ("ș", "s"), ("ş", "s"), ("ț", "t"), ("ţ", "t"),
        ("Ă", "A"), ("Â", "A"), ("Î", "I"), ("Ș", "S"), ("Ş", "S"), ("Ț", "T"), ("Ţ", "T"),
        ("á", "a"), ("é", "e"), ("í", "i"), ("ó", "o"), ("ú", "u"), ("ü", "u"), ("ñ", "n"),
        ("Á", "A"), ("É", "E"), ("Í", "I"), ("Ó", "O"), ("Ú", "U"), ("Ü", "U"), ("Ñ", "N"),
        ("ё", "е"), ("Ё", "Е"),
    ]

    private static let bases = Dictionary(uniqueKeysWithValues: baseLetters.map { ($0.letter, $0.base) })

    /// A search word as the index holds names and addresses.
    static func folded(_ text: String) -> String {
        String(text.map { bases[$0] ?? $0 })
    }

    /// The same in SQL, with built-ins only so the sqlite3 shell can still write customers, in two
    /// stages (0, then 1) to nest in two views: SQLite's parser takes about 24 nested calls at most.
    static func foldedSQL(_ expression: String, stage: Int) -> String {
        let half = baseLetters.count / 2
        let letters = stage == 0 ? baseLetters[..<half] : baseLetters[half...]
        return letters.reduce(expression) { "replace(\($0), '\($1.letter)', '\($1.base)')" }
    }
}
