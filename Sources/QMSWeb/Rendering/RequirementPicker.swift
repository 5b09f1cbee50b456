import QMSCore
import QMSPresentation
import QMSServices

/// The requirement picker of the forms: a few fields that each take one requirement, searched by
/// number or title through the browser's own suggestion list (a `datalist`, so no script is
/// needed), with the title of each requirement already picked shown beside it.
enum RequirementPicker {
    /// Fields offered beyond those already filled.
    static let spare = 3

    /// The picker's values; a second picker on a page gives its fields' ids a `prefix` and, with
    /// `ownList` false, uses the first picker's suggestion list rather than repeating it.
    static func values(
        choices: [RequirementChoice], picked: [String], _ language: Language, prefix: String = "", ownList: Bool = true
    ) -> [String: Any] {
        let titles = Dictionary(
            choices.map { ($0.key.description, "\($0.number) \($0.title.text(in: language))") },
            uniquingKeysWith: { first, _ in first })
        let rows: [[String: Any]] = (picked + Array(repeating: "", count: spare)).enumerated().map { index, value in
            // `false`, not "", so that the page's own title never shows through an empty row.
            ["value": value, "pickTitle": titles[value].map { $0 as Any } ?? false, "index": index + 1]
        }
        return [
            "pickRows": rows, "prefix": prefix, "ownList": ownList,
            "choices": choices.map { choice -> [String: Any] in
                [
                    "key": choice.key.description,
                    "label":
                        "\(choice.number) \(choice.title.text(in: language)) — \(choice.standardTitle.text(in: language))",
                ]
            },
        ]
    }
}
