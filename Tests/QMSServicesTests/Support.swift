import Foundation
import QMSCore
import QMSFormats
import QMSServices
import QMSStore

enum Paths {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let standards = repository.appendingPathComponent("Standards")
    static let formatFixtures = repository.appendingPathComponent("Tests/QMSFormatsTests/Fixtures")
}

/// A fresh folder, removed when the value goes away.
final class TemporaryFolder: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("eqms-services-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// A copy of the shipped Standards folder, to break on purpose.
    func copyOfStandards() throws -> URL {
        let copy = url.appendingPathComponent("Standards")
        try FileManager.default.copyItem(at: Paths.standards, to: copy)
        return copy
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// An initialised database with the shipped standards.
func initialisedQMS(in folder: TemporaryFolder, actor: String = "amal") async throws -> QMS {
    let (qms, _) = try await SetupService.initialise(
        databasePath: folder.path("eqms.sqlite"), library: try StandardsLibrary(directory: Paths.standards),
        actor: actor)
    return qms
}

/// Every row of every table as text: two equal dumps mean the database holds exactly the same records.
func dump(_ store: any Store) async throws -> [String] {
    try await store.read { session in
        var lines: [String] = []
        for table in StoreReader.tables {
            for row in try session.query("SELECT * FROM \(table)", []) {
                lines.append("\(table): " + zip(row.columns, row.values).map { "\($0)=\($1)" }.joined(separator: ", "))
            }
        }
        return lines
    }
}
