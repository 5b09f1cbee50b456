/// Something a user may be allowed to do. Roles grant permissions; the web application and the
/// API check them before every operation.
public enum Permission: String, Sendable, Hashable, Codable, CaseIterable {
    /// Read dashboards, catalogues, registers and the audit trail.
    case read
    /// Log and revise evidence (a process owner: for their own processes only).
    case logEvidence = "log-evidence"
    /// Withdraw evidence and change the statement of applicability.
    case manageQuality = "manage-quality"
    /// Raise and advance findings, audits, reviews and recommendations.
    case manageFindings = "manage-findings"
    /// Comment on the annual work plan.
    case commentPlans = "comment-plans"
    /// Decide on the annual work plan (approve or request a revision).
    case decidePlans = "decide-plans"
    /// Import and edit plans and record expenditure.
    case managePlans = "manage-plans"
    /// Export and download audit dossiers.
    case exportDossiers = "export-dossiers"
    /// Import catalogues.
    case manageCatalogues = "manage-catalogues"
    /// Add users and change roles.
    case manageUsers = "manage-users"
    /// Set audit plans and record checklists, raising the findings they find: the audit team's work.
    case recordAudits = "record-audits"
}

extension Role {
    /// The permissions the role grants.
    public var permissions: Set<Permission> {
        switch self {
        case .admin: return Set(Permission.allCases)
        case .qualityManager: return Set(Permission.allCases).subtracting([.manageUsers])
        case .processOwner: return [.read, .logEvidence]
        case .tcMember: return [.read, .commentPlans, .decidePlans]
        case .auditor: return [.read, .exportDossiers, .recordAudits]
        case .viewer: return [.read]
        }
    }

    /// Whether the role grants `permission`.
    public func allows(_ permission: Permission) -> Bool { permissions.contains(permission) }
}

extension User {
    /// Whether the user may do `permission` at all.
    public func can(_ permission: Permission) -> Bool { active && role.allows(permission) }

    /// Whether the user may log or revise evidence for `process`: quality managers and admins for
    /// any process, a process owner only for the processes they own.
    public func canLogEvidence(forProcess process: String?) -> Bool {
        guard can(.logEvidence) else { return false }
        guard role == .processOwner else { return true }
        guard let process else { return false }
        return processes.contains { $0.caseInsensitiveCompare(process) }
    }
}

extension String {
    fileprivate func caseInsensitiveCompare(_ other: String) -> Bool { lowercased() == other.lowercased() }
}
