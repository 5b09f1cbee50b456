import QMSCore

/// The figures of a readiness tally as every page shows them (the web's dashboard and compliance
/// page, the dossier's index and requirement pages): counts and the readiness percentage, in the
/// page's digits. Written once so that the web and the dossier never disagree.
public enum ReadinessFigures {
    /// The figures of a tally.
    public static func values(_ tally: ComplianceTally, _ locale: PresentationLocale) -> [String: Any] {
        values(
            applicable: tally.applicable, satisfied: tally.satisfied, partial: tally.partial, missing: tally.missing,
            excluded: tally.excluded, readinessPercent: tally.readinessPercent, locale)
    }

    /// The figures of a readiness line: `applicable`, `satisfied`, `partial`, `missing`,
    /// `excluded` and `readiness`.
    public static func values(
        applicable: Int, satisfied: Int, partial: Int, missing: Int, excluded: Int, readinessPercent: Double,
        _ locale: PresentationLocale
    ) -> [String: Any] {
        let format = NumberFormatting(locale)
        return [
            "applicable": format.integer(applicable), "satisfied": format.integer(satisfied),
            "partial": format.integer(partial), "missing": format.integer(missing),
            "excluded": format.integer(excluded), "readiness": format.percent(readinessPercent),
        ]
    }
}
