import QMSCore

/// The language a browser asks for in its `Accept-Language` header, among those the system
/// speaks: `fr-CA,fr;q=0.9,en;q=0.8` → French. Weights are honoured; ties keep the header's order.
public enum AcceptLanguage {
    /// The best language of the header, or `nil` when it names none the system speaks.
    public static func best(_ header: String) -> Language? {
        var choices: [(language: Language, weight: Double, order: Int)] = []
        // A header is short; a hostile one is cut rather than parsed at length.
        for (order, item) in header.prefix(1024).split(separator: ",").prefix(32).enumerated() {
            let parts = item.split(separator: ";")
            guard let tag = parts.first?.trimmingCharacters() else { continue }
            let primary = String(tag.prefix { $0 != "-" && $0 != "_" }).lowercased()
            guard let language = Language(rawValue: primary) else { continue }
            var weight = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1)
                if pair.count == 2, pair[0].trimmingCharacters() == "q",
                    let value = Double(pair[1].trimmingCharacters())
                {
                    weight = value
                }
            }
            if weight > 0 { choices.append((language, weight, order)) }
        }
        return choices.sorted { $0.weight != $1.weight ? $0.weight > $1.weight : $0.order < $1.order }.first?.language
    }
}

extension Substring {
    fileprivate func trimmingCharacters() -> String { String(self).trimmingWhitespace() }
}
