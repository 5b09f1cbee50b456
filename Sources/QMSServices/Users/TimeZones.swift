import Foundation
import QMSCore

/// The time zones the system knows: those of the machine's IANA database (Debian's `tzdata`).
public enum TimeZones {
    /// Every zone name, sorted, for the lists users choose from.
    public static var names: [String] {
        TimeZone.knownTimeZoneIdentifiers.filter { !$0.hasPrefix("SystemV/") }.sorted()
    }

    /// `name` when it names a zone of the database (or is empty: no choice), else a typed error
    /// on the `time-zone` field.
    public static func checked(_ name: String?) throws(DomainError) -> String? {
        guard let name, !name.isEmpty else { return nil }
        guard Organisation.isTimeZoneName(name), TimeZone(identifier: name) != nil else {
            throw .invalidValue(field: "time-zone", value: name, expected: .timeZone)
        }
        return name
    }
}
