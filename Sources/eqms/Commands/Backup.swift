import ArgumentParser
import Foundation
import QMSServices

/// `eqms backup OUT`: a consistent copy of the database and its files, safe while others write.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back up the database and its stored files into a new folder.",
        discussion: """
            Writes OUT/eqms.sqlite (SQLite's online backup: one consistent snapshot, taken while
            others go on writing), OUT/files/ (every stored file that snapshot refers to) and
            OUT/manifest.json (every file's size and SHA-256, the schema migrations, row counts and
            the end of the audit trail). OUT must not exist (or be an empty folder). Restore it with
            `eqms restore OUT --db NEW-PATH`.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The new backup folder.", valueName: "out")) var out: String

    func run() async throws {
        let qms = try await global.open()
        let bar = ProgressBar()
        let report = try await qms.integrity.backup(to: URL(fileURLWithPath: out)) { bar.update($0) }
        bar.finish()
        if global.json {
            try Console.json(report)
        } else {
            let manifest = report.manifest
            var table = Table(["FILE", "SIZE", "SHA-256"])
            table.maximumWidth = 100
            let database = manifest.files.first { $0.path == "eqms.sqlite" }
            if let database { table.add([database.path, ByteSize.text(database.size), database.sha256]) }
            let stored = manifest.files.filter { $0.path != "eqms.sqlite" }
            table.add([
                "files/", "\(stored.count) file(s), " + ByteSize.text(stored.reduce(0) { $0 + $1.size }), "",
            ])
            Console.out(table.render())
            if let head = manifest.head {
                Console.out("Audit trail head: \(head.sequence):\(head.hash) (`eqms verify --anchor` checks it later)")
            }
            Console.out("Backed up to \(report.folder) (\(ByteSize.text(report.bytes))).")
            for sha256 in manifest.damaged {
                Console.error(
                    "stored file \(sha256) was missing or damaged and is not in the backup as it should be\n"
                        + "  fix: run `eqms verify` to see what happened to it")
            }
        }
        if !report.manifest.damaged.isEmpty { throw ExitCode(1) }
    }
}

/// `eqms restore IN --db PATH`: a backup into a new database, checked byte by byte first.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup folder into a new database, then verify it.",
        discussion: """
            Checks every file of the backup against its manifest before writing anything, then
            writes the database at --db (which must not exist) and its file store beside it (or at
            --files, which must not exist or be empty), and runs `eqms verify` on the copy. Exit
            status 1 when the backup is damaged or the restored copy does not verify clean.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The backup folder written by `eqms backup`.", valueName: "in")) var input: String

    func run() async throws {
        let bar = ProgressBar()
        let (_, report) = try await IntegrityService.restore(
            from: URL(fileURLWithPath: input), databasePath: global.databasePath, files: global.filesFolder,
            actor: global.actorName
        ) { bar.update($0) }
        bar.finish()
        if global.json {
            try Console.json(report)
        } else {
            Console.out(
                "Restored \(input) (taken \(report.manifest.createdAt) by \(report.manifest.createdBy)) into "
                    + "\(report.database), files in \(report.files).")
            if !report.migrations.isEmpty {
                Console.out("Brought the schema up to date: \(report.migrations.joined(separator: ", ")).")
            }
            for mismatch in report.mismatches {
                Console.error("the restored copy differs from its manifest: \(mismatch)")
            }
            Console.out("")
            Console.out(VerifyCommand.render(report.verification))
        }
        if !report.clean { throw ExitCode(1) }
    }
}
