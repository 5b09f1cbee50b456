/// What `eqms dossier verify` found.
public struct DossierVerification: Sendable, Codable {
    /// Kinds of problem, each named with the file it concerns.
    public enum ProblemKind: String, Sendable, Codable, CaseIterable {
        /// The file is in the manifest, but its size or SHA-256 differs.
        case altered
        /// The manifest lists a file that is not in the dossier.
        case missing
        /// A file is in the dossier but not in the manifest.
        case extra
        /// The manifest's signature does not verify (the manifest or its signature was changed).
        case signature
        /// The dossier was signed by another key than the one given.
        case key
        /// The manifest itself is unusable (a forged path, a duplicate).
        case manifest
    }

    /// One problem.
    public struct Problem: Sendable, Codable, Hashable {
        public var kind: ProblemKind
        /// The file, relative to the dossier's root.
        public var path: String
        public var detail: String
    }

    /// The folder or ZIP verified.
    public var path: String
    /// `folder` or `zip`.
    public var container: String
    public var asOf: String
    public var organisation: String
    /// Files the manifest lists, and their bytes.
    public var files: Int
    public var bytes: Int64
    /// The fingerprint of the key the manifest says signed it.
    public var fingerprint: String
    /// Whether the signature verifies with that key.
    public var signatureValid: Bool
    /// Whether a key was given to check against (otherwise only the key inside the dossier was used).
    public var keyGiven: Bool
    public var problems: [Problem]

    /// Every byte is as signed (and, when a key was given, signed by that key).
    public var clean: Bool { problems.isEmpty && signatureValid }
}
