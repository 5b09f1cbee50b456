/// Audit dossiers: building, signing and verifying the self-contained, bilingual export a
/// certification auditor reads and checks offline.
public enum Dossier {
    /// The format name written into every manifest.
    public static let formatName = "electoralqms-dossier"
    /// The version of the dossier layout this eqms writes; `verify` refuses newer ones.
    public static let formatVersion = 1
}
