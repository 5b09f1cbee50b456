import ArgumentParser
import Foundation
import QMSCore
import QMSServices

/// `eqms compliance`: readiness for certification.
struct ComplianceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compliance", abstract: "Show how ready the organisation is for certification, per standard.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Only this standard.") var standard: String?

    func validate() throws {
        if let standard, !StandardID.isValid(standard) { throw ValidationError("'\(standard)' is not a standard id") }
    }

    func run() async throws {
        let qms = try await global.open()
        let readiness = try await qms.compliance.readiness(standard: try standard.map { try StandardID($0) })
        if global.json { return try Console.json(readiness) }
        let language = global.lang
        var table = Table(
            Strings.headers(
                ["STANDARD", "STATUS", "APPLICABLE", "SATISFIED", "PARTIAL", "MISSING", "EXCLUDED", "READINESS"],
                language))
        for line in readiness {
            table.add([
                line.standard, Strings.text(line.status, language), String(line.applicable), String(line.satisfied),
                String(line.partial), String(line.missing), String(line.excluded),
                String(format: "%.1f%%", line.readinessPercent),
            ])
        }
        Console.out(table.render())
    }
}
