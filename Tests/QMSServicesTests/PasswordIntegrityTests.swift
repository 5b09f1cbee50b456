import Foundation
import QMSCore
import QMSStore
import TestSupport
import Testing

@testable import QMSServices

@Suite("Passwords under the audit trail")
struct PasswordIntegrityTests {
    @Test("a password hash replaced behind the application's back is named by verify; one set properly is not")
    func swappedHash() async throws {
        let folder = try TemporaryFolder()
        let qms = try await initialisedQMS(in: folder)
        try await qms.users.add(try User(username: "omar", role: .processOwner, processes: ["EP-01"]))
        try await qms.access.setPassword("a-long-enough-password", for: "omar")
        #expect(try await qms.integrity.verify().problems.filter { $0.severity == .error }.isEmpty)
        let trail = try await qms.store.reading { try $0.events(entity: "password:omar") }
        #expect(trail.count == 1)
        #expect(trail[0].after?.contains("passwordHashSHA256") == true)
        #expect(trail[0].after?.contains("$2") == false, "the trail never holds the bcrypt hash itself")

        // An attacker with the database file gives omar a password of their choosing.
        try await qms.store.write { session in
            try session.execute(
                "UPDATE users SET password_hash = ? WHERE username = 'omar'",
                [.text("$2b$10$abcdefghijklmnopqrstuuQ0l7D/2I0e2sQnVjR1O9m0iWQ8Oa5W6")])
        }
        let problems = try await qms.integrity.verify().problems.filter { $0.severity == .error }
        #expect(problems.contains { $0.description.contains("password:omar") }, "\(problems)")
        try await qms.store.close()
    }
}
