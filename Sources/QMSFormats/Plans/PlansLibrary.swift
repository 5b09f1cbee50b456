import Foundation
import QMSCore

/// The `Plans/` folder: `plans.xsd`, which every plan file is validated against, and the samples.
public struct PlansLibrary: Sendable {
    /// The folder.
    public let directory: URL

    /// Uses the given folder, which must hold `plans.xsd`.
    public init(directory: URL) throws(FormatError) {
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("plans.xsd").path) else {
            throw FormatError(
                .notPlansFolder, ["folder": "\(directory.path)"],
                at: SourceLocation(file: directory.path),
                fix: .advice(.pointAtPlans))
        }
        self.directory = directory.standardizedFileURL
    }

    /// Finds the Plans folder: `EQMS_PLANS`, then `./Plans`, then beside the Standards folder in
    /// use (`EQMS_STANDARDS`), then beside or above the running program.
    public static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: URL = URL(fileURLWithPath: CommandLine.arguments.first ?? ".")
    ) throws(FormatError) -> PlansLibrary {
        if let explicit = environment["EQMS_PLANS"], !explicit.isEmpty {
            return try PlansLibrary(directory: URL(fileURLWithPath: explicit))
        }
        var candidates = [
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Plans")
        ]
        if let standards = environment["EQMS_STANDARDS"], !standards.isEmpty {
            candidates.append(
                URL(fileURLWithPath: standards).standardizedFileURL.deletingLastPathComponent().appendingPathComponent(
                    "Plans"))
        }
        var folder = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(folder.appendingPathComponent("Plans"))
            candidates.append(folder.appendingPathComponent("share/electoralqms/Plans"))
            folder = folder.deletingLastPathComponent()
        }
        for candidate in candidates
        where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("plans.xsd").path) {
            return try PlansLibrary(directory: candidate)
        }
        throw FormatError(
            .plansFolderNotFound, at: nil,
            fix: .advice(.locatePlans))
    }

    /// The plan set schema.
    public var schemaURL: URL { directory.appendingPathComponent("plans.xsd") }

    /// A reader for plan files, with the schema compiled.
    public func reader() throws(FormatError) -> PlanReader {
        PlanReader(schema: try XMLSchema(contentsOf: schemaURL))
    }

    /// The sample plan files, sorted by name.
    public func sampleFiles() throws(FormatError) -> [URL] {
        do {
            return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "xml" }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw FormatError(
                .cannotListFolder, ["folder": "\(directory.path)", "detail": "\(error.localizedDescription)"],
                at: SourceLocation(file: directory.path)
            )
        }
    }
}
