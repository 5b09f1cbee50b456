import ArgumentParser
import QMSCore
import QMSServices

/// `eqms init`: create or upgrade the database and load the standards.
struct Init: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create the database (or bring it up to date) and load the standards' catalogues.",
        discussion: """
            Safe to run again: catalogues and crosswalks already loaded are skipped when unchanged and
            updated when the files were revised. Every file is validated before anything is written.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var standards: StandardsOption

    func run() async throws {
        let library = try standards.library()
        let (qms, report) =
            if let url = global.postgresURL {
                try await SetupService.initialise(databaseURL: url, library: library, actor: global.actorName)
            } else {
                try await SetupService.initialise(
                    databasePath: global.databasePath, library: library, actor: global.actorName,
                    files: global.filesFolder)
            }
        try await qms.system.close()
        if global.json { return try Console.json(report) }
        let language = global.lang
        Console.out(
            report.created
                ? "Created \(report.database) (\(report.migrations.count) migration(s))."
                : "Database \(report.database) is up to date\(report.migrations.isEmpty ? "" : " (applied \(report.migrations.joined(separator: ", ")))")."
        )
        var table = Table(Strings.headers(["file", "subject", "outcome", "no_arabic"], language))
        for entry in report.library.entries {
            table.add([entry.file, entry.subject, entry.outcome, String(entry.missingArabic)])
        }
        Console.out(table.render())
    }
}
