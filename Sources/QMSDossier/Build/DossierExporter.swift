import Foundation
import QMSCore
import QMSStore

/// How and where to write a dossier.
public struct DossierExportOptions: Sendable {
    /// A folder to create, or a `.zip` file.
    public var output: URL
    /// The organisation's signing key.
    public var key: DossierSigningKey
    /// `Standards/dossier.xsd`, which `dossier.xml` must validate against before the export completes.
    public var schema: URL
    /// Also print each language's index to PDF with headless Chromium (`NAME.en.pdf`, `NAME.ar.pdf`
    /// beside the output; outside the signed manifest, since Chromium stamps PDFs with the time).
    public var pdf: Bool

    /// Creates options.
    public init(output: URL, key: DossierSigningKey, schema: URL, pdf: Bool = false) {
        self.output = output
        self.key = key
        self.schema = schema
        self.pdf = pdf
    }

    /// Whether the output is a ZIP (by its extension).
    public var zip: Bool { output.pathExtension.lowercased() == "zip" }
}

/// A step of an export, for progress bars.
public struct DossierProgress: Sendable {
    public var phase: String
    public var done: Int
    public var total: Int?
}

/// What an export wrote.
public struct DossierExportReport: Sendable, Codable {
    /// The folder or ZIP.
    public var path: String
    /// `folder` or `zip`.
    public var container: String
    public var asOf: String
    public var from: String
    public var standards: [String]
    public var languages: [String]
    /// Requirements (leaves) assessed, evidence records listed, evidence files included.
    public var requirements: Int
    public var evidence: Int
    public var evidenceFiles: Int
    /// Files in the manifest and their bytes.
    public var files: Int
    public var bytes: Int64
    /// The signing key's fingerprint.
    public var fingerprint: String
    /// SHA-256 of `manifest.json`: written down, it identifies this exact dossier.
    public var manifestSHA256: String
    /// PDFs printed beside the dossier.
    public var pdf: [String]
}

/// Builds, signs and writes a dossier.
public enum DossierExporter {
    /// Writes the dossier of `request` from `records` and `source` (inside one consistent read of
    /// the database), copying evidence files from `files`. The output is written under a hidden
    /// name and moved into place only when complete, signed and validated; it never overwrites.
    public static func export(
        _ request: DossierRequest, records: DossierRecords, source: any DossierSource, files: any FileStore,
        options: DossierExportOptions, progress: (@Sendable (DossierProgress) -> Void)? = nil
    ) throws -> DossierExportReport {
        try request.validate()
        if options.pdf { _ = try PDFPrinter.chromium() }
        let output = options.output.standardizedFileURL
        guard !FileManager.default.fileExists(atPath: output.path) else {
            throw DossierError.alreadyExists(path: output.path)
        }
        let parent = output.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parent.path, isDirectory: &isDirectory), isDirectory.boolValue
        else { throw DossierError.noFolder(path: parent.path) }
        let staging = parent.appendingPathComponent(".\(output.lastPathComponent).partial-\(UUID().uuidString)")
        let stage = try DossierStage(root: staging)
        defer { try? FileManager.default.removeItem(at: staging) }
        let builder = try DossierBuilder(
            request: request, records: records, source: source, files: files, stage: stage, key: options.key,
            progress: progress)
        try builder.build()
        try builder.validateXML(schema: options.schema)
        var pdfs: [String] = []
        if !options.zip { try builder.copyFiles() }
        let packed = try builder.package(to: output, zip: options.zip)
        if options.pdf {
            let root = options.zip ? staging : output
            for language in request.languages {
                let pdf = output.deletingPathExtension().appendingPathExtension("\(language.rawValue).pdf")
                try PDFPrinter.print(root.appendingPathComponent("\(language.rawValue)/index.html"), to: pdf)
                pdfs.append(pdf.path)
            }
        }
        return DossierExportReport(
            path: output.path, container: options.zip ? "zip" : "folder", asOf: request.asOf.description,
            from: request.from.description, standards: request.standards.map(\.rawValue),
            languages: request.languages.map(\.rawValue), requirements: builder.leafCount,
            evidence: builder.evidenceCount, evidenceFiles: packed.evidenceFiles, files: packed.files,
            bytes: packed.bytes, fingerprint: options.key.publicKey.fingerprint, manifestSHA256: packed.manifestSHA256,
            pdf: pdfs)
    }
}
