/// A part of the database that pages read together, with a version counter that every commit
/// changing one of its tables moves (issue 23): a cached page is kept under the versions of the
/// areas it reads, so that a comment on a work plan leaves the evidence register cached.
///
/// The counters live in the table `data_areas`, moved by triggers on every table (see
/// ``DataAreas``), so that the server, the command line and other servers on the same database all
/// move them in the same transaction as their write, whatever code path wrote.
public enum DataArea: String, CaseIterable, Sendable {
    /// The organisation's name, country, locale and time zone.
    case organisation
    /// Catalogues, requirements, crosswalks and applicability.
    case standards
    /// Users, their roles and processes, language and time zone.
    case users
    /// A change to, or the end of, a signed-in session (a new session does not move it).
    case sessions
    /// Every change of sessions (new ones included), failed sign-ins, API tokens and second factors.
    case signIns = "sign-ins"
    /// The audit trail and the record numbering.
    case trail
    /// Stored files and uploads under way.
    case files
    case evidence
    /// Audits, their plans and checklists.
    case audits
    /// Nonconformities, corrective actions and observers' recommendations.
    case findings
    /// Management reviews.
    case reviews
    /// The strategic plan and the annual work plans.
    case plans
    /// The quality registers (documents, context, parties, processes, risks, providers, competence,
    /// KPIs), which their pages read together.
    case registers
    /// Reminder deliveries and each user's reminder choices.
    case reminders
    /// Calendar feeds.
    case calendars
    /// Auditors' engagements.
    case engagements

    /// The area's place in ``AreaVersions`` and ``AreaSet``.
    public var index: Int { Self.indices[self] ?? 0 }

    private static let indices: [DataArea: Int] = Dictionary(
        uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })
}

/// A set of areas, as bits (there are fewer than 64 areas).
public struct AreaSet: Hashable, Sendable, ExpressibleByArrayLiteral {
    public var bits: UInt64

    public init(bits: UInt64) { self.bits = bits }

    public init(_ areas: some Sequence<DataArea>) {
        bits = areas.reduce(0) { $0 | 1 << UInt64($1.index) }
    }

    public init(arrayLiteral areas: DataArea...) { self.init(areas) }

    /// Every area: what a page that does not say what it reads depends on.
    public static let all = AreaSet(DataArea.allCases)

    public func union(_ other: AreaSet) -> AreaSet { AreaSet(bits: bits | other.bits) }

    public func contains(_ area: DataArea) -> Bool { bits & 1 << UInt64(area.index) != 0 }

    /// The areas, in their order.
    public var areas: [DataArea] { DataArea.allCases.filter(contains) }
}

/// The version of every area, read in one query: a page kept with one set of versions is still
/// exact while the versions of the areas it reads are unchanged.
public struct AreaVersions: Hashable, Sendable {
    /// One number per area, in the order of ``DataArea/allCases``.
    public private(set) var values: [Int64]

    public init() { values = Array(repeating: 0, count: DataArea.allCases.count) }

    /// Versions from their values in the order of ``DataArea/allCases``; nil when the count differs.
    public init?(values: [Int64]) {
        guard values.count == DataArea.allCases.count else { return nil }
        self.values = values
    }

    public subscript(area: DataArea) -> Int64 {
        get { values[area.index] }
        set { values[area.index] = newValue }
    }

    /// Whether the areas of `set` are at the same versions here and in `other`.
    public func same(as other: AreaVersions, in set: AreaSet) -> Bool {
        var bits = set.bits
        while bits != 0 {
            let index = bits.trailingZeroBitCount
            if values[index] != other.values[index] { return false }
            bits &= bits - 1
        }
        return true
    }

    /// Whether every area of `set` is here at least at its version in `other`: what was computed at
    /// these versions already holds the writes `other` was read after.
    public func holds(_ other: AreaVersions, in set: AreaSet) -> Bool {
        var bits = set.bits
        while bits != 0 {
            let index = bits.trailingZeroBitCount
            if values[index] < other.values[index] { return false }
            bits &= bits - 1
        }
        return true
    }

    /// These versions with every area outside `set` at zero: what a render of a page reading `set`
    /// depends on, so that concurrent readers of it share one render whatever else moved.
    public func restricted(to set: AreaSet) -> AreaVersions {
        var restricted = self
        for index in values.indices where set.bits & 1 << UInt64(index) == 0 { restricted.values[index] = 0 }
        return restricted
    }

    /// The versions as text for a cookie: the numbers in area order, separated by dots.
    public var text: String { values.map(String.init).joined(separator: ".") }

    /// Versions read back from ``text``; nil when malformed or of another list of areas.
    public init?(text: Substring) {
        var values: [Int64] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            guard let value = Int64(part) else { return nil }
            values.append(value)
        }
        self.init(values: values)
    }
}
