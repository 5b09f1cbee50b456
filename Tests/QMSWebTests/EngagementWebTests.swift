import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSServices
import QMSStore
import QMSWeb
import TestSupport
import Testing

/// External auditors' access through the pages: an engagement account works only inside its
/// window and scope, needs a second factor, and each record and file it opens is in the trail.
@Suite("Web application: engagements of certification bodies")
struct EngagementWebTests {
    /// 2026-12-07 20:45 UTC, a quarter of an hour before midnight in the demo organisation's time
    /// zone (Asia/Amman): the engagements made here open and close that day, so that the window
    /// closes well inside a session's idle lifetime.
    static let start = Date(timeIntervalSince1970: 1_796_676_300)
    static let password = "saffron-glacier-trumpet"

    /// The system on the test's clock.
    static func clocked(_ qms: QMS, _ clock: TestClock) -> QMS {
        var copy = qms
        copy.now = { clock.now }
        return copy
    }

    /// An external auditor's local account with a confirmed second factor; returns its authenticator.
    static func externalAuditor(_ qms: QMS, _ username: String, at clock: TestClock) async throws -> TOTP {
        let qms = clocked(qms, clock)
        _ = try await qms.users.add(try User(username: username, role: .auditor), password: password)
        let enrolment = try await qms.secondFactor.beginEnrolment(for: username)
        let secret = try #require(Base32.decode(enrolment.secretText))
        let phone = TOTP(secret: secret)
        _ = try await qms.acting(as: username).secondFactor.confirmEnrolment(
            for: username, code: phone.code(at: Int64(clock.now.timeIntervalSince1970) - 30))
        return phone
    }

    /// Signs in with the password and the code of the clock's moment; returns the last status.
    static func signIn(_ browser: inout Browser, _ username: String, phone: TOTP, clock: TestClock) async throws
        -> (status: HTTPResponse.Status, body: String)
    {
        let form = try await browser.get("/login")
        let first = try await browser.post(
            "/login",
            form: ["username": username, "password": password, "_csrf": Browser.hidden("_csrf", in: form.body) ?? ""])
        guard first.status == .seeOther else { return (first.status, first.body) }
        let step = try await browser.get("/login/code")
        let token = Browser.hidden("_csrf", in: step.body) ?? ""
        let done = try await browser.post(
            "/login/code", form: ["_csrf": token, "code": phone.code(at: Int64(clock.now.timeIntervalSince1970))])
        return (done.status, done.body)
    }

    /// Two current records with files, of different processes, neither restricted.
    static func records(_ qms: QMS) async throws -> (inside: EvidenceRecord, outside: EvidenceRecord) {
        let records = try await qms.evidence.list().filter { $0.content.confidentiality != .restricted }
        let inside = try #require(records.first { !$0.files.isEmpty && $0.content.process != nil })
        let outside = try #require(
            records.first {
                !$0.files.isEmpty && $0.content.process != nil && $0.content.process != inside.content.process
            })
        return (inside, outside)
    }

    @Test(
        "an engagement account sees only its scope inside its window, each file it opens is in the trail, and the window's end ends its session"
    )
    func windowAndScope() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let clock = TestClock(Self.start)
        let phone = try await Self.externalAuditor(fixture.qms, "ext.auditor", at: clock)
        let qms = Self.clocked(fixture.qms, clock)
        let (inside, outside) = try await Self.records(qms)
        let process = try #require(inside.content.process)
        try await fixture.application(clock: clock).test(.router) { client in
            // The quality manager records the engagement through the form.
            var manager = try await Browser.signedIn(client, as: "amal")
            let form = try await manager.get("/engagements")
            #expect(form.status == .ok && form.body.contains("Add an engagement"))
            let token = Browser.hidden("_csrf", in: form.body) ?? ""
            let today = try await qms.engagements.today()
            let made = try await manager.post(
                "/engagements",
                form: [
                    "_csrf": token, "certification-body": "Bureau Veritas", "auditors": "ext.auditor",
                    "opens": today.description, "closes": today.description, "processes": process,
                ])
            #expect(made.status == .seeOther)
            let location = try #require(made.headers[.location])
            #expect(location.hasPrefix("/engagements/ENG-"))
            let id = try EngagementID(parsing: String(location.dropFirst("/engagements/".count).prefix(11)))

            var auditor = Browser(client)
            let signedIn = try await Self.signIn(&auditor, "ext.auditor", phone: phone, clock: clock)
            #expect(signedIn.status == .seeOther)
            let dashboard = try await auditor.get("/")
            #expect(dashboard.body.contains(id.description), "the auditor's dashboard lists the engagement")

            let register = try await auditor.get("/evidence")
            #expect(register.status == .ok)
            #expect(register.body.contains(inside.id.description))
            #expect(!register.body.contains(outside.id.description), "a record outside the scope is not listed")

            let shown = try await auditor.get("/evidence/\(inside.id)")
            #expect(shown.status == .ok)
            let refused = try await auditor.get("/evidence/\(outside.id)")
            #expect(refused.status == .forbidden)
            #expect(refused.body.contains("outside the scope of your engagement"))
            #expect(refused.body.contains(#"href="/""#), "the refusal is not a dead end")
            let trail = try await auditor.get("/trail")
            #expect(trail.status == .forbidden, "the trail is outside any engagement's scope")
            #expect(trail.body.contains("outside the scope of your engagement"))
            #expect(!dashboard.body.contains(#"href="/trail""#), "the menu offers only what the engagement opens")
            #expect(dashboard.body.contains(#"href="/evidence""#))
            #expect(!trail.body.contains(#"href="/trail""#))

            let file = try await auditor.get("/evidence/\(inside.id)/files/\(inside.revision)/1")
            #expect(file.status == .ok)
            let blocked = try await auditor.get("/evidence/\(outside.id)/files/\(outside.revision)/1")
            #expect(blocked.status == .forbidden)

            // Who saw what, when: the record and the file, in the trail, listed for the organisation.
            let access = try await fixture.qms.engagements.access(id)
            #expect(access.count == 2)
            let viewed = try #require(access.first)
            #expect(viewed.kind == "file" && viewed.auditor == "ext.auditor")
            #expect(viewed.record == "evidence:\(inside.id) revision \(inside.revision)")
            #expect(viewed.file == inside.files[0].originalName && viewed.sha256 == inside.files[0].sha256)
            #expect(access.last?.kind == "record" && access.last?.record == "evidence:\(inside.id)")
            let events = try await qms.trail.events(entity: "view:\(id)")
            #expect(events.map(\.action) == ["record.view", "file.view"])
            #expect(events.allSatisfy { $0.actor == "ext.auditor" })
            let page = try await manager.get("/engagements/\(id)")
            #expect(page.body.contains(inside.files[0].originalName))
            manager.cookies["eqms_lang"] = "ar"
            let arabic = try await manager.get("/engagements/\(id)")
            #expect(arabic.status == .ok && arabic.body.contains(#"dir="rtl""#))
            #expect(arabic.body.contains("ما فتحه المدققون"), "the access log's heading in Arabic")
            manager.cookies["eqms_lang"] = nil

            // Midnight in Amman: the window closes, and the next request ends the session and says why.
            clock.advance(20 * 60)
            let after = try await auditor.get("/evidence")
            #expect(after.status == .found)
            #expect(after.headers[.location] == "/login?engagement=ended")
            let login = try await auditor.get("/login?engagement=ended")
            #expect(login.body.lowercased().contains("your engagement has ended"))
            let again = try await auditor.get("/evidence")
            #expect(again.status == .found && again.headers[.location]?.hasPrefix("/login?next=") == true)

            // An expired engagement refuses sign-in, in the reader's language.
            var late = Browser(client)
            late.cookies["eqms_lang"] = "fr"
            let refusedSignIn = try await Self.signIn(&late, "ext.auditor", phone: phone, clock: clock)
            #expect(refusedSignIn.status == .unauthorized)
            #expect(refusedSignIn.body.lowercased().contains("votre mission est terminée"))
        }
    }

    @Test("restricted evidence is shown to an engagement account only when its engagement grants it")
    func restrictedEvidence() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let clock = TestClock(Self.start)
        let qms = Self.clocked(fixture.qms, clock)
        let phone = try await Self.externalAuditor(qms, "ext.one", at: clock)
        let (inside, _) = try await Self.records(qms)
        var draft = inside.content
        draft.title = "Security plan of the tally centre"
        draft.confidentiality = .restricted
        let folder = try TemporaryFolder()
        let path = folder.file("plan.pdf")
        try Data("%PDF-1.4 restricted".utf8).write(to: path)
        let restricted = try await qms.acting(as: "amal").evidence.add(draft, files: [path], names: ["plan.pdf"])
        let today = try await qms.engagements.today()
        let engagement = try await qms.acting(as: "amal").engagements.add(
            EngagementDraft(certificationBody: "SGS", auditors: ["ext.one"], opensOn: today, closesOn: today))
        try await fixture.application(clock: clock).test(.router) { client in
            var auditor = Browser(client)
            #expect(try await Self.signIn(&auditor, "ext.one", phone: phone, clock: clock).status == .seeOther)
            let register = try await auditor.get("/evidence?q=Security+plan")
            #expect(register.status == .ok && !register.body.contains(restricted.id.description))
            let account = try #require(try await qms.access.user("ext.one"))
            let visible = try #require(try await qms.engagements.evidenceInScope(for: account))
            #expect(!visible.contains(restricted.id) && visible.contains(inside.id))
            let refused = try await auditor.get("/evidence/\(restricted.id)")
            #expect(refused.status == .forbidden)
            #expect(refused.body.contains("does not grant restricted evidence"))
            let file = try await auditor.get("/evidence/\(restricted.id)/files/1/1")
            #expect(file.status == .forbidden)
        }
        // Closed, and granted anew: the same account now sees it.
        _ = try await qms.acting(as: "amal").engagements.close(engagement.id)
        _ = try await qms.acting(as: "amal").engagements.add(
            EngagementDraft(
                certificationBody: "SGS", auditors: ["ext.one"], grantsRestricted: true, opensOn: today,
                closesOn: today))
        try await fixture.application(clock: clock).test(.router) { client in
            var auditor = Browser(client)
            clock.advance(30)
            #expect(try await Self.signIn(&auditor, "ext.one", phone: phone, clock: clock).status == .seeOther)
            let shown = try await auditor.get("/evidence/\(restricted.id)")
            #expect(shown.status == .ok && shown.body.contains("Security plan of the tally centre"))
            let file = try await auditor.get("/evidence/\(restricted.id)/files/1/1")
            #expect(file.status == .ok && file.body == "%PDF-1.4 restricted")
        }
    }

    @Test("an engagement account without a second factor is sent to set one up; one not yet open is refused")
    func factorAndUpcoming() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let clock = TestClock(Self.start)
        let qms = Self.clocked(fixture.qms, clock)
        _ = try await qms.users.add(try User(username: "ext.two", role: .auditor), password: Self.password)
        let today = try await qms.engagements.today()
        _ = try await qms.acting(as: "amal").engagements.add(
            EngagementDraft(certificationBody: "TÜV", auditors: ["ext.two"], opensOn: today, closesOn: today))
        let phone = try await Self.externalAuditor(qms, "ext.three", at: clock)
        _ = try await qms.acting(as: "amal").engagements.add(
            EngagementDraft(
                certificationBody: "TÜV", auditors: ["ext.three"], opensOn: today.adding(days: 3),
                closesOn: today.adding(days: 4)))
        // A token made for the account before it enrolled reaches nothing until it has.
        let token = try await qms.access.createToken(for: "ext.two", name: "script")
        let threeToken = try await qms.access.createToken(for: "ext.three", name: "script")
        try await fixture.application(clock: clock).test(.router) { client in
            let bearer: HTTPFields = [.authorization: "Bearer \(token)"]
            let refusedToken = try await client.execute(uri: "/api/v1/evidence", method: .get, headers: bearer)
            #expect(refusedToken.status == .forbidden)
            #expect(String(buffer: refusedToken.body).contains("no second factor yet"))
            // Enrolled (ext.three), the token is held only to the window: not open yet, refused as such.
            let notOpen = try await client.execute(
                uri: "/api/v1/evidence", method: .get, headers: [.authorization: "Bearer \(threeToken)"])
            #expect(notOpen.status == .unauthorized)

            var first = Browser(client)
            #expect(try await first.signIn("ext.two", password: Self.password) == .seeOther)
            let evidence = try await first.get("/evidence")
            #expect(evidence.status == .found)
            #expect(evidence.headers[.location] == "/profile?factor=required#profile-factor")
            let profile = try await first.get("/profile?factor=required")
            #expect(profile.status == .ok && profile.body.contains("needs a second factor"))

            var early = Browser(client)
            let refused = try await Self.signIn(&early, "ext.three", phone: phone, clock: clock)
            #expect(refused.status == .unauthorized)
            #expect(refused.body.lowercased().contains("you may sign in from"))

            // Once ext.two enrols, the same token opens the engagement's records.
            let enrolment = try await qms.secondFactor.beginEnrolment(for: "ext.two")
            let secret = try #require(Base32.decode(enrolment.secretText))
            _ = try await qms.acting(as: "ext.two").secondFactor.confirmEnrolment(
                for: "ext.two", code: TOTP(secret: secret).code(at: Int64(clock.now.timeIntervalSince1970)))
            let allowed = try await client.execute(uri: "/api/v1/evidence", method: .get, headers: bearer)
            #expect(allowed.status == .ok)
        }
    }

    @Test("an internal auditor keeps the ordinary role, and what they open is in the trail too")
    func internalAuditor() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let (inside, _) = try await Self.records(fixture.qms)
        try await fixture.application().test(.router) { client in
            var auditor = try await Browser.signedIn(client, as: "auditor")
            #expect(try await auditor.get("/trail").status == .ok)
            #expect(try await auditor.get("/evidence/\(inside.id)").status == .ok)
            #expect(try await auditor.get("/evidence/\(inside.id)/files/\(inside.revision)/1").status == .ok)
            let access = try await fixture.qms.engagements.access(nil)
            #expect(access.map(\.kind) == ["file", "record"])
            #expect(access.allSatisfy { $0.auditor == "auditor" })
            // Others' reading is not recorded.
            var manager = try await Browser.signedIn(client, as: "amal")
            #expect(try await manager.get("/evidence/\(inside.id)").status == .ok)
            #expect(try await fixture.qms.engagements.access(nil).count == 2)
        }
    }

    @Test("the form refuses an engagement naming a non-auditor, keeping what was typed and naming the field")
    func formRefusal() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var manager = try await Browser.signedIn(client, as: "amal")
            let token = try await manager.csrf()
            let refused = try await manager.post(
                "/engagements",
                form: [
                    "_csrf": token, "certification-body": "Bureau Veritas", "auditors": "omar",
                    "opens": "2026-12-07", "closes": "2026-12-11",
                ])
            #expect(refused.status == .badRequest)
            #expect(refused.body.lowercased().contains("only accounts of the auditor role"))
            #expect(refused.body.contains(#"value="Bureau Veritas""#))
            #expect(try await fixture.qms.engagements.list().isEmpty)
        }
    }
}
