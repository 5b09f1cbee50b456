import Foundation

/// JSON with sorted keys and no insignificant white space: the same value always gives the same
/// bytes, which the audit trail's hashes rely on.
public enum CanonicalJSON {
    /// Encodes a value canonically.
    public static func encode<T: Encodable>(_ value: T) throws(StoreError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw .database("cannot encode \(T.self) as JSON: \(error)")
        }
    }
}
