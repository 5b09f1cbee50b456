import Foundation
import QMSCore
import QMSFormats
import QMSServices
import QMSStore
import TestSupport

enum Paths {
    static let formatFixtures = Repository.fixtures(of: "QMSFormatsTests")
}

extension TemporaryFolder {
    /// A copy of the shipped Standards folder, to break on purpose.
    func copyOfStandards() throws -> URL {
        let copy = url.appendingPathComponent("Standards")
        try FileManager.default.copyItem(at: Repository.standards, to: copy)
        return copy
    }
}

/// An initialised database with the shipped standards.
func initialisedQMS(in folder: TemporaryFolder, actor: String = "amal") async throws -> QMS {
    let (qms, _) = try await SetupService.initialise(
        databasePath: folder.path("eqms.sqlite"), library: try StandardsLibrary(directory: Repository.standards),
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
