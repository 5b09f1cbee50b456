import Foundation
import QMSCore
import QMSStore
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The same system on a shared PostgreSQL server: `eqms migrate --to`, `--database-url`, and two
/// servers taking writes at once. Runs when `EQMS_TEST_POSTGRES_URL` names a server (`make test`
/// starts one with scripts/with-postgres.sh).
@Suite(
    "PostgreSQL deployments", .serialized,
    .enabled(if: ProcessInfo.processInfo.environment["EQMS_TEST_POSTGRES_URL"]?.isEmpty == false))
struct PostgresCLITests {
    /// A fresh schema on the test server, dropped at the end.
    static func schemaURL(_ name: String) async throws -> (url: String, drop: @Sendable () async -> Void) {
        let base = ProcessInfo.processInfo.environment["EQMS_TEST_POSTGRES_URL"] ?? ""
        let schema = "cli_\(name)_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        let admin = try PostgresStore(url: base)
        try await admin.write { session in try session.execute("CREATE SCHEMA \(schema)", []) }
        try await admin.close()
        return (
            base + "?search_path=\(schema)",
            {
                guard let admin = try? PostgresStore(url: base) else { return }
                _ = try? await admin.write { session in try session.execute("DROP SCHEMA \(schema) CASCADE", []) }
                try? await admin.close()
            }
        )
    }

    @Test("a SQLite database and its files move to PostgreSQL with counts checked and the trail intact")
    func migrateToPostgres() async throws {
        var cli = try CLI()
        defer { cli.remove() }
        let (url, drop) = try await Self.schemaURL("migrate")
        #expect(try cli.run(["init"]).status == 0)
        let scan = cli.folder.appendingPathComponent("results-form.pdf")
        try Data("%PDF-1.4 results form of polling station 12".utf8).write(to: scan)
        #expect(
            try cli.run([
                "evidence", "add", "--title", "Results form", "--requirement", "iso-54001-2019:EP-05", "--file",
                scan.path,
            ])
            .status == 0)
        let migrated = try cli.run(["migrate", "--to", url])
        #expect(migrated.status == 0, "\(migrated.stderr)")
        #expect(migrated.stdout.contains("Counts match and the audit trail verifies"))
        let again = try cli.run(["migrate", "--to", url])
        #expect(again.status == 1, "a second copy into a database that holds records is refused")

        cli.environment["EQMS_DATABASE_URL"] = url
        let listed = try cli.run(["evidence", "list", "--json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("Results form"))
        let copy = cli.folder.appendingPathComponent("back.pdf")
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        #expect(try cli.run(["evidence", "file", "EV-\(year)-0001", "--out", copy.path]).status == 0)
        #expect(try Data(contentsOf: copy) == Data(contentsOf: scan))
        let verified = try cli.run(["verify"])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        await drop()
    }

    @Test("bound to the database role, the actor is who connects: another --actor is refused, the trail names the role")
    func actorFromRole() async throws {
        var cli = try CLI()
        defer { cli.remove() }
        let (url, drop) = try await Self.schemaURL("role")
        cli.environment["EQMS_DATABASE_URL"] = url
        #expect(try cli.run(["init"]).status == 0)
        let role = "amal_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(8).lowercased()
        #expect(try cli.run(["user", "add", role, "--role", "quality-manager"]).status == 0)

        // A login role of its own for the quality manager, allowed the schema's tables and nothing more.
        let base = ProcessInfo.processInfo.environment["EQMS_TEST_POSTGRES_URL"] ?? ""
        let schema = String(url.split(separator: "=").last ?? "")
        let admin = try PostgresStore(url: base)
        try await admin.write { session in
            for statement in [
                "CREATE ROLE \(role) LOGIN PASSWORD 'olive-compass-meadow'",
                "GRANT USAGE ON SCHEMA \(schema) TO \(role)",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA \(schema) TO \(role)",
                "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA \(schema) TO \(role)",
            ] {
                try session.execute(statement, [])
            }
        }
        var address = try #require(URLComponents(string: base))
        address.user = role
        address.password = "olive-compass-meadow"
        cli.environment["EQMS_DATABASE_URL"] = try #require(address.string) + "?search_path=\(schema)"
        cli.environment["EQMS_ACTOR_FROM_ROLE"] = "1"
        cli.environment["EQMS_ACTOR"] = nil

        let party = [
            "party", "add", "--category", "observers", "--name", "Domestic observer coalition", "--need",
            "Accreditation", "--expectation", "Access to the count", "--monitoring", "Quarterly meetings",
            "--review", "2030-01-31",
        ]
        let refused = try cli.run(party + ["--actor", "salma"])
        #expect(refused.status == 1)
        #expect(
            refused.stderr.contains("the database role \(role) acts only as \(role), not as salma"), "\(refused.stderr)"
        )
        let written = try cli.run(party)
        #expect(written.status == 0, "\(written.stderr)")
        let trail = try cli.run(["log", "--json"])
        let events = try #require(
            try JSONSerialization.jsonObject(with: Data(trail.stdout.utf8)) as? [[String: Any]])
        let added = events.filter { ($0["action"] as? String)?.hasPrefix("party.") == true }
        #expect(added.count == 1 && added.first?["actor"] as? String == role, "the trail names the role that connected")
        #expect(try cli.run(["risk", "list"]).status == 0)
        // Named as the role itself, it acts.
        #expect(try cli.run(["party", "list", "--actor", role]).status == 0)

        await drop()
        try await admin.write { session in
            try session.execute("DROP OWNED BY \(role)", [])
            try session.execute("DROP ROLE \(role)", [])
        }
        try await admin.close()
    }

    @Test("two servers on one PostgreSQL database take writes at once and lose none")
    func twoServers() async throws {
        var cli = try CLI()
        defer { cli.remove() }
        let (url, drop) = try await Self.schemaURL("servers")
        cli.environment["EQMS_DATABASE_URL"] = url
        #expect(try cli.run(["init"]).status == 0)
        #expect(try cli.run(["user", "add", "amal", "--role", "quality-manager"]).status == 0)
        let token = try cli.run(["user", "token", "amal"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("eqms_"))

        var servers: [Process] = []
        var ports: [Int] = []
        defer { for server in servers where server.isRunning { server.terminate() } }
        for _ in 0..<2 {
            let port = Int.random(in: 20_000...40_000)
            let server = Process()
            server.executableURL = try CLI.executable
            server.arguments = ["serve", "--port", String(port)]
            server.environment = cli.environment
            server.currentDirectoryURL = cli.folder
            server.standardOutput = FileHandle.nullDevice
            server.standardError = FileHandle.nullDevice
            try server.run()
            servers.append(server)
            ports.append(port)
        }
        for port in ports {
            var ready = false
            for _ in 0..<100 where !ready {
                let health = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/health")!)
                ready = (try? await URLSession.shared.data(for: health))?.1 is HTTPURLResponse
                if !ready { try await Task.sleep(nanoseconds: 200_000_000) }
            }
            #expect(ready, "server on \(port) did not start")
        }
        let perServer = 15
        let successes = await withTaskGroup(of: Bool.self) { group -> Int in
            for (serverIndex, port) in ports.enumerated() {
                for index in 0..<perServer {
                    group.addTask {
                        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/v1/evidence")!)
                        request.httpMethod = "POST"
                        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
                        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                        request.httpBody = Data(
                            #"{"title":"Write \#(serverIndex)-\#(index)","requirements":["iso-9001-2015:7.5.3"],"kind":"note"}"#
                                .utf8)
                        guard let (_, response) = try? await URLSession.shared.data(for: request) else { return false }
                        return (response as? HTTPURLResponse)?.statusCode == 201
                    }
                }
            }
            var count = 0
            for await ok in group where ok { count += 1 }
            return count
        }
        #expect(successes == ports.count * perServer)
        let store = try PostgresStore(url: url)
        let (records, events) = try await store.reading { reader in
            (try reader.session.scalarInt("SELECT COUNT(*) AS value FROM evidence") ?? -1, try reader.events())
        }
        try await store.close()
        #expect(records == Int64(successes))
        #expect(AuditChain.verify(events).isEmpty)
        #expect(try cli.run(["verify"]).status == 0)
        await drop()
    }
}
