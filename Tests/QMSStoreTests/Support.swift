import Foundation
import QMSCore
import QMSStore

/// A fresh folder under the system's temporary directory, removed when the value goes away.
final class TemporaryFolder: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("eqms-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// A two-level catalogue written for the store tests.
func storeCatalogue(_ id: String = "test-standard") throws -> Catalogue {
    let standardID = try StandardID(id)
    let standard = Standard(
        id: standardID, edition: "2026", title: LocalizedText(en: "Test", ar: "اختبار"), publisher: "Tests",
        scope: LocalizedText(en: "Scope"),
        amendments: [Amendment(id: "amd1", year: 2024, title: LocalizedText(en: "A1"))])
    func node(_ number: String, _ parent: String?, _ kind: RequirementKind) throws -> Requirement {
        Requirement(
            key: try RequirementKey(standard: standardID, number: number), parentNumber: parent, kind: kind,
            title: LocalizedText(en: "Title \(number)", ar: "عنوان \(number)"), summary: LocalizedText(en: "Summary"),
            documentedInformation: number == "7.2"
                ? [DocumentedInformation(type: .retain, description: LocalizedText(en: "Competence"))] : [],
            electoralProcesses: number == "8.5" ? [.voteCasting, .voterRegistration] : [],
            evidenceHints: [LocalizedText(en: "Hint \(number)", ar: "دليل")],
            amendment: number == "4.1-A1" ? "amd1" : nil)
    }
    return try Catalogue(
        standard: standard,
        requirements: [
            node("4", nil, .clause), node("4.1", "4", .clause), node("4.1-A1", "4.1", .requirement),
            node("7", nil, .clause), node("7.2", "7", .requirement), node("8", nil, .clause),
            node("8.5", "8", .requirement),
        ])
}

let sha = String(repeating: "a", count: 64)
