/// Who may read restricted evidence: the rule the web application applies to its files, kept in
/// the domain so that every channel (pages, reminders, calendars) withholds the same titles.
public enum EvidenceAccess {
    /// Whether `user` may read restricted evidence: quality managers and administrators, and
    /// certification auditors (who read everything in scope); nobody whose account is deactivated.
    public static func mayReadRestricted(_ user: User) -> Bool {
        user.can(.manageQuality) || (user.active && user.role == .auditor)
    }

    /// Whether `user` may read the title of a record of the given confidentiality.
    public static func mayReadTitle(of confidentiality: Confidentiality, _ user: User) -> Bool {
        confidentiality != .restricted || mayReadRestricted(user)
    }
}
