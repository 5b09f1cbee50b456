import Foundation
import QMSStore
import TestSupport
import Testing

/// The JSON `eqms verify`, `backup` and `restore` print, as far as these tests read it.
enum IntegrityJSON {
    struct Problem: Decodable {
        var kind: String
        var severity: String
        var subject: String
        var message: String
        var fix: String
    }

    struct Head: Decodable {
        var sequence: Int64
        var hash: String
    }

    struct Report: Decodable {
        var head: Head?
        var clean: Bool
        var errors: Int
        var warnings: Int
        var events: Int
        var problems: [Problem]
        var pruned: [String]
    }

    struct Manifest: Decodable {
        struct Entry: Decodable {
            var path: String
            var size: Int64
            var sha256: String
        }
        var counts: [String: Int64]
        var files: [Entry]
        var damaged: [String]
    }

    struct Backup: Decodable {
        var folder: String
        var manifest: Manifest
    }

    struct Restore: Decodable {
        var database: String
        var clean: Bool
        var mismatches: [String]
        var verification: Report
        var manifest: Manifest
    }
}

/// Runs `eqms` (or another program) without blocking a thread of Swift's cooperative pool, so that
/// many can run at once; its output goes to files in the CLI's folder.
func runConcurrently(_ cli: CLI, _ arguments: [String], executable: URL? = nil) async throws -> CLI.Result {
    let id = UUID().uuidString
    let outURL = cli.folder.appendingPathComponent(".out-\(id)")
    let errURL = cli.folder.appendingPathComponent(".err-\(id)")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    defer {
        try? FileManager.default.removeItem(at: outURL)
        try? FileManager.default.removeItem(at: errURL)
    }
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    let process = Process()
    process.executableURL = try executable ?? CLI.executable
    process.arguments = arguments
    process.environment = cli.environment
    process.currentDirectoryURL = cli.folder
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
        process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
        do {
            try process.run()
        } catch {
            process.terminationHandler = nil
            continuation.resume(throwing: error)
        }
    }
    try out.close()
    try err.close()
    return CLI.Result(
        status: status, stdout: try String(contentsOf: outURL, encoding: .utf8),
        stderr: try String(contentsOf: errURL, encoding: .utf8))
}

@Suite("Integrity from the command line: verify, backup, restore, log")
struct IntegrityCLITests {
    /// An initialised database with a user and one evidence record with a file.
    func populated() throws -> CLI {
        let cli = try CLI()
        #expect(try cli.run(["init"]).status == 0)
        try Data("%PDF-1.7 the quality policy".utf8).write(to: cli.folder.appendingPathComponent("policy.pdf"))
        #expect(try cli.run(["user", "add", "bob", "--role", "process-owner", "--process", "EP-01"]).status == 0)
        let added = try cli.run([
            "evidence", "add", "--title", "Quality policy", "--requirement", "iso-9001-2015:5.2.2", "--file",
            "policy.pdf",
        ])
        #expect(added.status == 0, "\(added.stderr)")
        return cli
    }

    func database(_ cli: CLI) -> URL { cli.folder.appendingPathComponent("eqms.sqlite") }

    @Test("verify on a database with evidence prints its checks, says it is clean and exits 0")
    func clean() throws {
        let cli = try populated()
        defer { cli.remove() }
        let result = try cli.run(["verify"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        for check in ["database", "audit trail", "records", "references", "files", "Clean"] {
            #expect(result.stdout.contains(check))
        }
        let report = try cli.json(IntegrityJSON.Report.self, ["verify"])
        #expect(report.clean && report.problems.isEmpty)
        #expect(report.events > 3)

        let head = try #require(report.head)
        #expect(result.stdout.contains("\(head.sequence):\(head.hash)"), "the head is printed to be written down")
        #expect(try cli.run(["verify", "--anchor", "\(head.sequence):\(head.hash)"]).status == 0)
        let forged = try cli.run(["verify", "--anchor", "2:" + String(repeating: "0", count: 64)])
        #expect(forged.status == 1 && forged.stdout.contains("audit event 2"))
        #expect(try cli.run(["verify", "--anchor", "head"]).status == 2)
    }

    @Test("UPDATEs with the sqlite3 shell on an evidence row, a user and an audit event are each named; exit 1")
    func tamperedRows() throws {
        let cli = try populated()
        defer { cli.remove() }
        try Program.sqlite3(
            database(cli).path,
            """
            UPDATE evidence SET valid_until = '2099-12-31' WHERE id = 'EV-2026-0001';
            UPDATE users SET role = 'admin' WHERE username = 'bob';
            UPDATE audit_events SET before_json = '{}' WHERE seq = 2;
            """)
        let result = try cli.run(["verify"])
        #expect(result.status == 1)
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        for named in ["evidence:EV-\(year)-0001 revision 1", "content.validUntil", "user:bob", "audit event 2"] {
            #expect(result.stdout.contains(named), "\(named) in \(result.stdout)")
        }
        #expect(result.stdout.contains("fix:"))
        let report = try IntegrityJSON.Report.decode(try cli.run(["verify", "--json"]).stdout)
        #expect(
            Set(report.problems.map(\.kind)) == ["record-altered", "event-altered"]
                && report.errors == 3)
    }

    @Test("one changed byte in a stored file is named, a deleted one too; a stray one is a warning")
    func tamperedFiles() throws {
        let cli = try populated()
        defer { cli.remove() }
        let store = try DirectoryFileStore(root: cli.folder.appendingPathComponent("eqms.files"))
        let hashes = try store.allHashes()
        let sha256 = try #require(hashes.first)
        let url = store.location(of: sha256)
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: url)
        let damaged = try cli.run(["verify"])
        #expect(damaged.status == 1)
        #expect(damaged.stdout.contains("file-altered: file \(sha256)"))
        #expect(damaged.stdout.contains(url.path))

        try FileManager.default.removeItem(at: url)
        let missing = try IntegrityJSON.Report.decode(try cli.run(["verify", "--json"]).stdout)
        #expect(missing.problems.map(\.kind) == ["file-missing"])

        // Put it back; then a file no record refers to.
        try Data("%PDF-1.7 the quality policy".utf8).write(to: url)
        try Data("scanned, never recorded".utf8).write(to: cli.folder.appendingPathComponent("loose.txt"))
        let stray = try store.store(contentsOf: cli.folder.appendingPathComponent("loose.txt"), displayName: "loose")
        let warned = try cli.run(["verify"])
        #expect(warned.status == 0, "stray files alone are warnings")
        #expect(warned.stdout.contains("stray-file: file \(stray.sha256)"))
        #expect(try cli.run(["verify", "--strict"]).status == 1)
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(-7200)], ofItemAtPath: store.location(of: stray.sha256).path)
        let pruned = try IntegrityJSON.Report.decode(try cli.run(["verify", "--prune-stray", "--json"]).stdout)
        #expect(pruned.pruned == [stray.sha256])
        #expect(try cli.run(["verify", "--strict"]).status == 0)
    }

    @Test("a backup taken while another process imports restores into a new path that verifies clean")
    func backupWhileWriting() async throws {
        let cli = try populated()
        defer { cli.remove() }
        let csv = try CrashTests().writeImport(in: cli.folder)
        let importing = Task { try await runConcurrently(cli, ["evidence", "import", csv.path]) }
        try await Task.sleep(nanoseconds: 300_000_000)
        let backup = try await runConcurrently(cli, ["backup", "backup-1", "--json"])
        #expect(backup.status == 0, "\(backup.stderr)")
        let imported = try await importing.value
        #expect(imported.status == 0, "\(imported.stderr)")
        let manifest = try JSONDecoder().decode(IntegrityJSON.Backup.self, from: Data(backup.stdout.utf8)).manifest
        let evidence = manifest.counts["evidence"] ?? -1
        #expect(evidence == 1 || evidence == 1 + Int64(CrashTests.rows), "a backup holds an import whole or not at all")

        try FileManager.default.createDirectory(
            at: cli.folder.appendingPathComponent("restored"), withIntermediateDirectories: true)
        let restored = try cli.run(["restore", "backup-1", "--db", "restored/eqms.sqlite", "--json"])
        #expect(restored.status == 0, "\(restored.stdout)\(restored.stderr)")
        let report = try JSONDecoder().decode(IntegrityJSON.Restore.self, from: Data(restored.stdout.utf8))
        #expect(report.clean && report.mismatches.isEmpty)
        #expect(try cli.run(["verify", "--db", "restored/eqms.sqlite"]).status == 0)
        #expect(try cli.run(["verify"]).status == 0)

        let again = try cli.run(["restore", "backup-1", "--db", "restored/eqms.sqlite"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("already exists"))
        #expect(try cli.run(["backup", "backup-1"]).status == 1, "a backup never overwrites another")
    }

    @Test("log --entity takes an identifier without its kind and shows the record's history")
    func log() throws {
        let cli = try populated()
        defer { cli.remove() }
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        #expect(
            try cli.run(["evidence", "withdraw", "EV-\(year)-0001", "--reason", "Superseded by the 2027 policy"]).status
                == 0)
        let result = try cli.run(["log", "--entity", "EV-\(year)-0001"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("evidence.add") && result.stdout.contains("evidence.withdraw"))
        #expect(!result.stdout.contains("user.add"))
    }

    @Test("verify, backup and restore have complete help")
    func help() throws {
        let cli = try CLI()
        defer { cli.remove() }
        for command in [["verify"], ["backup"], ["restore"]] {
            let result = try cli.run(command + ["--help"])
            #expect(result.status == 0, "\(command)")
            #expect(result.stdout.contains("OVERVIEW:") && result.stdout.contains("--db"), "\(command)")
        }
    }
}

extension IntegrityJSON.Report {
    static func decode(_ text: String) throws -> Self { try JSONDecoder().decode(Self.self, from: Data(text.utf8)) }
}
