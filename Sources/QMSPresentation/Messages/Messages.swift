import Foundation
import QMSCore

/// Why the message catalogues could not be loaded: an installation fault, named precisely.
public enum MessagesError: QMSError, Hashable {
    /// The catalogue folder or a language's file is missing.
    case missingCatalogue(String)
    /// A catalogue file is not valid PO.
    case invalid(POError)
    /// A catalogue's `Plural-Forms` header disagrees with the CLDR rules the system applies.
    case pluralForms(file: String, found: String, expected: String)

    public var message: String {
        switch self {
        case .missingCatalogue(let name): return "the message catalogue \(name) is missing from the installation"
        case .invalid(let error): return error.description
        case .pluralForms(let file, let found, let expected):
            return "\(file): Plural-Forms is \"\(found)\", the system counts with \"\(expected)\""
        }
    }
}

/// Every message of the system in every language, read once from the PO catalogues shipped in
/// this module's `Catalogues` folder (`en.po`, `ar.po`, `fr.po`, `es.po`).
///
/// A message is found by its key (the entry's `msgctxt`). A translation that is missing, empty or
/// marked fuzzy falls back to English; only a key that no catalogue knows comes back as itself,
/// so that a typo shows on the page and in the tests instead of vanishing.
public struct Messages: Sendable {
    struct Catalogue: Sendable {
        var strings: [String: String] = [:]
        var plurals: [String: [String]] = [:]
    }

    let catalogues: [Language: Catalogue]
    let tables: [Language: [String: String]]

    /// The catalogues of the installation, loaded on first use. A failed load leaves them empty
    /// (every key shows as itself); ``load(from:)`` says why, and the tests call it.
    public static let shared: Messages = (try? load()) ?? Messages(catalogues: [:])

    init(catalogues: [Language: Catalogue]) {
        self.catalogues = catalogues
        let english = catalogues[.english]?.strings ?? [:]
        var tables: [Language: [String: String]] = [:]
        for language in Language.allCases {
            let own = catalogues[language]?.strings ?? [:]
            tables[language] = english.merging(own) { _, translated in translated }
        }
        self.tables = tables
    }

    /// The folder of the catalogues shipped with the module.
    public static var bundledFolder: URL? { Bundle.module.resourceURL?.appendingPathComponent("Catalogues") }

    /// Loads the catalogue of every language from `folder` (the shipped one by default).
    public static func load(from folder: URL? = nil) throws(MessagesError) -> Messages {
        guard let folder = folder ?? bundledFolder else { throw .missingCatalogue("Catalogues") }
        var catalogues: [Language: Catalogue] = [:]
        for language in Language.allCases {
            let name = language.rawValue + ".po"
            guard let data = try? Data(contentsOf: folder.appendingPathComponent(name)) else {
                throw .missingCatalogue(name)
            }
            let file: POFile
            do { file = try POReader().read(Array(data), file: name) } catch { throw .invalid(error) }
            let expected = PluralRules.header(for: language)
            if let found = file.header["Plural-Forms"], found != expected {
                throw .pluralForms(file: name, found: found, expected: expected)
            }
            catalogues[language] = catalogue(file)
        }
        return Messages(catalogues: catalogues)
    }

    /// The translated entries of a file: untranslated (empty) and fuzzy entries are left out.
    static func catalogue(_ file: POFile) -> Catalogue {
        var catalogue = Catalogue()
        for entry in file.entries where !entry.isFuzzy {
            guard let key = entry.context else { continue }
            if entry.idPlural != nil {
                guard entry.strings.allSatisfy({ !$0.isEmpty }) else { continue }
                catalogue.plurals[key] = entry.strings
                catalogue.strings[key] = entry.strings.last
            } else if let text = entry.strings.first, !text.isEmpty {
                catalogue.strings[key] = text
            }
        }
        return catalogue
    }

    /// Every key the English catalogue defines.
    public var keys: Set<String> { Set(catalogues[.english]?.strings.keys ?? [:].keys) }

    /// Whether `language` has its own text for `key` (not the English fallback).
    public func has(_ key: String, _ language: Language) -> Bool {
        catalogues[language]?.strings[key] != nil
    }

    /// The message `key` in `language`, English when it is not translated.
    public func text(_ key: String, _ language: Language) -> String {
        tables[language]?[key] ?? key
    }

    /// The message with its named placeholders (`{name}`) filled in.
    public func text(_ key: String, _ language: Language, _ arguments: [String: String]) -> String {
        Messages.fill(text(key, language), arguments)
    }

    /// The plural message `key` for `count` (CLDR's category for the language), with `{count}`
    /// and the other placeholders filled in. `count` is written by `format`, so in the page's digits.
    public func plural(
        _ key: String, count: Int, _ language: Language, format: PresentationLocale? = nil,
        _ arguments: [String: String] = [:]
    ) -> String {
        let forms = catalogues[language]?.plurals[key]
        let form: String
        if let forms {
            let index = PluralRules.index(of: count, in: language)
            form = forms[min(index, forms.count - 1)]
        } else if let english = catalogues[.english]?.plurals[key] {
            form = english[min(PluralRules.index(of: count, in: .english), english.count - 1)]
        } else {
            form = key
        }
        let written = format.map { NumberFormatting($0).integer(count) } ?? String(count)
        return Messages.fill(form, arguments.merging(["count": written]) { own, _ in own })
    }

    /// Every message of `language`, English filling any gap, for templates (`{{t.key}}`).
    public func table(_ language: Language) -> [String: String] { tables[language] ?? [:] }

    /// A status or category value in `language`: the message whose key is ``termKey(_:)``.
    public func term<Value: RawRepresentable>(_ value: Value, _ language: Language) -> String
    where Value.RawValue == String {
        text(Messages.termKey(value), language)
    }

    /// The choices of a form's select: each value's raw value (what the form sends) and its
    /// term in `language` (what the reader sees), for `{{#list}}<option value="{{value}}">{{label}}`.
    public func options<Value: RawRepresentable & CaseIterable>(_ type: Value.Type, _ language: Language)
        -> [[String: String]] where Value.RawValue == String
    {
        type.allCases.map { ["value": $0.rawValue, "label": term($0, language)] }
    }

    /// The key of a status or category value: its type's name and its raw value in snake case,
    /// `NonconformityGrade.major` → `nonconformity_grade_major`, `AuditKind.stage1` (`stage-1`) →
    /// `audit_kind_stage_1`, `Nonconformity.State.closed` → `nonconformity_state_closed`.
    public static func termKey<Value: RawRepresentable>(_ value: Value) -> String where Value.RawValue == String {
        let cacheKey = TermKeyCache.Key(type: ObjectIdentifier(Value.self), value: value.rawValue)
        if let known = TermKeyCache.shared.key(cacheKey) { return known }
        let key = termKey(type: String(reflecting: Value.self), value: value.rawValue)
        TermKeyCache.shared.keep(key, for: cacheKey)
        return key
    }

    /// The key of a value given by its type's full name (`QMSCore.NonconformityGrade`) and raw value.
    public static func termKey(type: String, value: String) -> String {
        let path = type.split(separator: ".").dropFirst()
        return (path.map { snakeCase(String($0)) } + [snakeCase(value)]).joined(separator: "_")
    }

    /// `NonconformityGrade` → `nonconformity_grade`, `AWPStatus` → `awp_status`, `in-review` → `in_review`
    /// (the rule of `scripts/i18n/build_catalogues.py`, which wrote the first catalogues).
    public static func snakeCase(_ text: String) -> String {
        let characters = Array(text)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character == "-" || character == " " || character == "." {
                result.append("_")
                continue
            }
            if character.isUppercase, index > 0 {
                let previous = characters[index - 1]
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                // A word starts after a lower-case letter or digit ("gradeMajor"), or at the last
                // capital of an acronym followed by lower case ("AWPStatus").
                if previous.isLowercase || previous.isNumber
                    || (previous.isUppercase && next.map { $0.isLowercase } == true)
                {
                    result.append("_")
                }
            }
            result += character.lowercased()
        }
        return result
    }

    /// Replaces each `{name}` by its argument; an unknown placeholder stays as written.
    static func fill(_ text: String, _ arguments: [String: String]) -> String {
        guard !arguments.isEmpty, text.contains("{") else { return text }
        var result = text
        for (name, value) in arguments {
            result = result.replacingOccurrences(of: "{" + name + "}", with: value)
        }
        return result
    }
}

/// The keys ``Messages/termKey(_:)`` has made: the type's name comes from reflection and is
/// rewritten character by character, which cost more than the lookup it serves on pages that
/// show a status in every row (a dossier's registers call it tens of thousands of times).
final class TermKeyCache: @unchecked Sendable {
    struct Key: Hashable {
        var type: ObjectIdentifier
        var value: String
    }

    static let shared = TermKeyCache()
    private let lock = NSLock()
    private var keys: [Key: String] = [:]

    func key(_ key: Key) -> String? {
        lock.lock()
        defer { lock.unlock() }
        return keys[key]
    }

    /// Keeps a key; the values of a few enumerations, so the cache stays small.
    func keep(_ value: String, for key: Key) {
        lock.lock()
        defer { lock.unlock() }
        keys[key] = value
    }
}
