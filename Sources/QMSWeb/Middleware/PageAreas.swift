import QMSStore

/// Which areas of the database (``DataArea``) each kept page reads: a page is kept under their
/// versions, so that a write to another area leaves it cached (issue 23).
///
/// Declarations are conservative: a page lists every area any part of it reads (the names of
/// people, the requirements it cites, the links it shows), and a page not declared here depends on
/// every area, which is always exact. The dashboard, the compliance matrix and the catalogue read
/// nearly everything and are left so.
enum PageAreas {
    /// What the layout and every page read: the organisation (locale, time zone) and the users
    /// (names, roles and processes, shown beside records and in the header).
    static let layout: AreaSet = [.organisation, .users]

    /// What a page kept whole for one session also depends on, being sent without a session or
    /// user lookup: the session (a sign-out, its end), the user (a changed role, a deactivation), the
    /// organisation (its locale and time zone), and what the header's count of unread reminders
    /// reads (``PersonalSlot/unread``): the read marks and every register the due-date engine
    /// reads. Only someone else signing in, the trail, the files and the calendar feeds leave it.
    static let personal: AreaSet = [
        .sessions, .users, .organisation, .standards, .evidence, .audits, .findings, .reviews, .plans, .registers,
        .reminders, .engagements,
    ]

    /// The areas a page at `path` (without its query) reads, the layout's included.
    static func areas(for path: Substring) -> AreaSet {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard let first = parts.first, let declared = declared(first: first, parts: parts) else { return .all }
        return declared.union(layout)
    }

    private static func declared(first: Substring, parts: [Substring]) -> AreaSet? {
        switch first {
        case "evidence": return [.evidence, .files, .standards, .engagements]
        case "plans":
            // The quarterly report and the report read the risks and nonconformities as well.
            if parts.count >= 3, parts[2] == "quarterly" || parts[2] == "report" {
                return [.plans, .registers, .findings, .standards]
            }
            return [.plans, .standards]
        case "findings", "recommendations", "reviews":
            return [.findings, .reviews, .audits, .evidence, .standards, .plans]
        case "audits": return [.audits, .findings, .evidence, .standards, .registers]
        case "registers": return [.registers, .standards, .findings]
        case "certificates", "certification-bodies", "edition-transitions":
            return [.audits, .findings, .evidence, .standards, .registers]
        case "trail": return [.trail]
        default: return nil
        }
    }
}
