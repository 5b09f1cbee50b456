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

/// Takes a nonconformity through every step of the corrective action, its action due on `due`,
/// implemented by salma and verified by the system's own actor.
func walkToClosure(_ qms: QMS, _ id: NonconformityID, due: CalendarDate) async throws {
    let service = qms.nonconformities
    try await service.advance(id, to: .contained, with: CorrectiveActionStep(note: "Corrected"))
    try await service.advance(id, to: .analysed, with: CorrectiveActionStep(causes: ["Cause"]))
    try await service.advance(
        id, to: .planned, with: CorrectiveActionStep(actions: [ActionDraft(text: "Fix", owner: "salma", due: due)]))
    try await qms.acting(as: "salma").nonconformities.advance(
        id, to: .implemented, with: CorrectiveActionStep(note: "Done"))
    try await service.advance(id, to: .verified, with: CorrectiveActionStep(result: .effective))
    try await service.advance(id, to: .closed, with: CorrectiveActionStep(updateRisks: false, changeQMS: false))
}
