/// The conventions every Mustache page of the system relies on, web and dossier alike.
public enum MustacheContext {
    /// Makes a context Mustache-friendly: an empty string becomes absent (so `{{#field}}` sections
    /// hide), and every list `name` gains a flag `name_any` saying whether it has items.
    public static func prepare(_ value: [String: Any]) -> [String: Any] {
        var result: [String: Any] = [:]
        for (key, item) in value {
            if let text = item as? String {
                if !text.isEmpty { result[key] = text }
            } else if let dictionary = item as? [String: Any] {
                result[key] = prepare(dictionary)
            } else if let list = item as? [[String: Any]] {
                result[key] = list.map(prepare)
                result[key + "_any"] = !list.isEmpty
            } else if let list = item as? [Any] {
                result[key] = list
                result[key + "_any"] = !list.isEmpty
            } else {
                result[key] = item
            }
        }
        return result
    }
}
