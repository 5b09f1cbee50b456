import Foundation
import QMSCore

/// The `Standards/` folder: the shipped catalogues, their crosswalks and the schemas that every
/// catalogue is validated against.
public struct StandardsLibrary: Sendable {
    /// The folder.
    public let directory: URL

    /// Uses the given folder, which must hold `catalogue.xsd`.
    public init(directory: URL) throws(FormatError) {
        let schema = directory.appendingPathComponent("catalogue.xsd")
        guard FileManager.default.fileExists(atPath: schema.path) else {
            throw FormatError(
                .notStandardsFolder, ["folder": "\(directory.path)"],
                at: SourceLocation(file: directory.path),
                fix: .run(.locateStandards))
        }
        self.directory = directory.standardizedFileURL
    }

    /// Finds the Standards folder: `EQMS_STANDARDS`, then `./Standards`, then beside or above the
    /// running program (a build folder inside the source tree, or an installed `share/electoralqms`).
    public static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: URL = URL(fileURLWithPath: CommandLine.arguments.first ?? ".")
    ) throws(FormatError) -> StandardsLibrary {
        if let explicit = environment["EQMS_STANDARDS"], !explicit.isEmpty {
            return try StandardsLibrary(directory: URL(fileURLWithPath: explicit))
        }
        var candidates = [
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Standards")
        ]
        var folder = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(folder.appendingPathComponent("Standards"))
            candidates.append(folder.appendingPathComponent("share/electoralqms/Standards"))
            folder = folder.deletingLastPathComponent()
        }
        for candidate in candidates
        where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("catalogue.xsd").path) {
            return try StandardsLibrary(directory: candidate)
        }
        throw FormatError(
            .standardsFolderNotFound, at: nil,
            fix: .advice(.locateStandardsFolder))
    }

    /// The catalogue schema.
    public var catalogueSchemaURL: URL { directory.appendingPathComponent("catalogue.xsd") }
    /// The IATI 2.03 activity schema, vendored with its licence under `iati/2.03/`.
    public var iatiActivitiesSchemaURL: URL {
        directory.appendingPathComponent("iati/2.03/iati-activities-schema.xsd")
    }
    /// The crosswalk schema.
    public var crosswalkSchemaURL: URL { directory.appendingPathComponent("crosswalks/crosswalk.xsd") }

    /// The catalogue files, sorted by name.
    public func catalogueFiles() throws(FormatError) -> [URL] { try xmlFiles(in: directory) }

    /// The crosswalk files, sorted by name.
    public func crosswalkFiles() throws(FormatError) -> [URL] {
        try xmlFiles(in: directory.appendingPathComponent("crosswalks"))
    }

    /// A reader for catalogues, with the schema compiled.
    public func catalogueReader() throws(FormatError) -> CatalogueReader {
        CatalogueReader(schema: try XMLSchema(contentsOf: catalogueSchemaURL))
    }

    /// A reader for crosswalks, with the schema compiled.
    public func crosswalkReader() throws(FormatError) -> CrosswalkReader {
        CrosswalkReader(schema: try XMLSchema(contentsOf: crosswalkSchemaURL))
    }

    private func xmlFiles(in folder: URL) throws(FormatError) -> [URL] {
        guard FileManager.default.fileExists(atPath: folder.path) else { return [] }
        do {
            return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "xml" }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw FormatError(
                .cannotListFolder, ["folder": "\(folder.path)", "detail": "\(error.localizedDescription)"],
                at: SourceLocation(file: folder.path))
        }
    }
}
