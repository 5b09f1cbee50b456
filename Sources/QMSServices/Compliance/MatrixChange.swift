import QMSCore

/// What the trail's new events mean for a compliance matrix kept from before them.
///
/// Only five kinds of entity write the tables the matrix reads: evidence records, nonconformities
/// (the open findings), and the standards, crosswalks and statement of applicability. Events on
/// anything else (plans, registers, users, audits …) leave the matrix as it was.
enum MatrixChange: Equatable {
    /// The evidence records named may count differently, and the open findings too when flagged.
    case records(Set<EvidenceID>, findings: Bool)
    /// The requirements themselves or how they map changed: build the matrix again.
    case rebuild

    /// Past this many changed records, reading them one by one costs about what reading them all
    /// does (an import, a backlog of days).
    static let rebuildAbove = 5_000

    init(entities: [String]) {
        var ids: Set<EvidenceID> = []
        var findings = false
        for entity in entities {
            let kind = entity.prefix { $0 != ":" }
            switch kind {
            case "evidence":
                guard let id = try? EvidenceID(parsing: String(entity.dropFirst(kind.count + 1))) else {
                    self = .rebuild
                    return
                }
                ids.insert(id)
            case "nc":
                findings = true
            case "standard", "crosswalk", "applicability":
                self = .rebuild
                return
            default:
                continue
            }
        }
        self = ids.count > Self.rebuildAbove ? .rebuild : .records(ids, findings: findings)
    }
}
