import Foundation
import QMSCore
import QMSDirectory
import QMSFormats
import QMSServices
import QMSStore
import TestSupport
import Testing

/// The directory settings an administrator saves (the page `/organisation/directory`), against the
/// real slapd of the directory suite: saved with their event in the trail (never the password),
/// the password kept when left empty, the connection tested, and sign-in through them.
@Suite("Directory: settings kept in the database, over a real slapd", .serialized)
struct DirectorySettingsTests {
    @Test("saved settings test their connection, sign a directory user in, and keep the password out of the trail")
    func savedSettings() async throws {
        let server = try await SlapdServer.shared.value
        let folder = try TemporaryFolder(prefix: "eqms-directory-settings")
        let (qms, _) = try await SetupService.initialise(
            databasePath: folder.path("eqms.sqlite"), library: try StandardsLibrary(directory: Repository.standards),
            actor: "admin")
        let settings = StoredDirectorySettings(
            uri: server.ready.ldap, caFile: server.ready.ca, userBase: "ou=people," + server.ready.base,
            groupBase: "ou=groups," + server.ready.base, userAttribute: "uid", bindDN: server.ready.serviceDN,
            bindPassword: server.ready.servicePassword,
            groups: ["quality-manager=cn=quality,ou=groups,dc=iec,dc=example,dc=jo"], memberOfOnly: false,
            syncMinutes: 30)
        #expect(try await qms.directorySettings.client() == nil)
        try await qms.directorySettings.set(settings)
        try await qms.directorySettings.testConnection()
        let client = try #require(try await qms.directorySettings.client())
        let amal = try await qms.access.authenticate(
            username: "amal", password: SlapdServer.password(of: "amal"), directory: client)
        #expect(amal.role == .qualityManager)

        // Saved again with the password left empty: the saved one is kept, and still binds.
        var again = settings
        again.bindPassword = ""
        again.syncMinutes = 60
        try await qms.directorySettings.set(again)
        #expect(try await qms.directorySettings.get()?.bindPassword == server.ready.servicePassword)
        try await qms.directorySettings.testConnection()

        // A wrong password: the test says the service account was refused.
        var wrong = settings
        wrong.bindPassword = "not-the-service-password"
        try await qms.directorySettings.set(wrong)
        await #expect(throws: DirectoryError.serviceBindRefused) { try await qms.directorySettings.testConnection() }
        // A CA that signed nothing the server shows: refused before anything is sent.
        var otherCA = settings
        otherCA.caFile = server.ready.otherCA
        try await qms.directorySettings.set(otherCA)
        await #expect(throws: DirectoryError.certificateRefused) { try await qms.directorySettings.testConnection() }

        // Refused settings name what is wrong and change nothing.
        var badURI = settings
        badURI.uri = "http://dc1.example"
        await #expect(throws: DirectoryError.invalidConfiguration(field: "ldap-uri")) {
            try await qms.directorySettings.set(badURI)
        }
        var badMinutes = settings
        badMinutes.syncMinutes = 0
        await #expect(throws: DomainError.self) { try await qms.directorySettings.set(badMinutes) }
        #expect(try await qms.directorySettings.get()?.caFile == server.ready.otherCA)

        let events = try await qms.trail.events(entity: "directory")
        #expect(events.map(\.action) == ["directory.set", "directory.set", "directory.set", "directory.set"])
        #expect(!events.contains { ($0.after ?? "").contains(server.ready.servicePassword) })
        #expect(!events.contains { ($0.after ?? "").contains("not-the-service-password") })
        #expect(events.first?.after?.contains("bindPasswordSHA256") == true)
        #expect(try await qms.integrity.verify().problems.isEmpty)
    }
}
