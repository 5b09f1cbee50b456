import Foundation
import TestSupport
import Testing

@testable import QMSMail

/// A message as a real mail reader sees it (Python's `email` package).
private func parsed(_ message: Data) throws -> [String: String] { try SMTPServer.parse(message) }

private func reminder() throws -> MailMessage {
    MailMessage(
        from: try MailAddress("qms@iec.example.jo", name: "ElectoralQMS"),
        to: [try MailAddress("amal@iec.example.jo", name: "أمل حداد")],
        subject: "تذكير: أدلة تنتهي صلاحيتها خلال 7 أيام — EV-2026-0004",
        text: "EV-2026-0004 تنتهي صلاحيته في 2026-12-14.\n.\nhttps://qms.iec.example.jo/evidence/EV-2026-0004",
        html: "<html dir=\"rtl\" lang=\"ar\"><body><p><a href=\"https://qms.iec.example.jo/evidence/EV-2026-0004\">"
            + "EV-2026-0004</a></p></body></html>",
        language: "ar",
        headers: [("List-Unsubscribe", "<https://qms.iec.example.jo/profile/reminders>")])
}

// One at a time: each test starts its own server, and two cores are shared with the other suites.
@Suite("Mail: MIME messages and SMTP submission to a real server", .serialized)
struct MailTests {
    @Test("a message has CRLF lines of at most 78 characters, and a mail reader gets back every header and part")
    func rendering() throws {
        let text = try reminder().rendered(
            date: Date(timeIntervalSince1970: 1_796_630_400), id: "abc", boundary: "=_eqms_abc")
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        let long = text.components(separatedBy: "\r\n").filter { $0.utf8.count > 78 }
        #expect(long.isEmpty, "lines over 78 characters: \(long)")
        #expect(
            text.contains("\r\nDate: Mon, 07 Dec 2026 08:00:00 +0000\r\n")
                || text.hasPrefix("Date: Mon, 07 Dec 2026 08:00:00 +0000\r\n"))
        #expect(text.contains("Message-ID: <abc@iec.example.jo>"))
        #expect(text.contains("Auto-Submitted: auto-generated"))
        let read = try parsed(Data(text.utf8))
        #expect(read["subject"] == "تذكير: أدلة تنتهي صلاحيتها خلال 7 أيام — EV-2026-0004")
        #expect(read["to"] == "أمل حداد <amal@iec.example.jo>")
        #expect(read["language"] == "ar")
        #expect(read["type"] == "multipart/alternative")
        #expect(read["defects"] == "0")
        #expect(read["text"]?.contains("تنتهي صلاحيته في 2026-12-14") == true)
        #expect(read["html"]?.contains("dir=\"rtl\"") == true)
        #expect(read["unsubscribe"] == "<https://qms.iec.example.jo/profile/reminders>")
    }

    @Test("an address that could break out of an SMTP command or a header is refused")
    func addresses() {
        for bad in [
            "amal", "amal@", "@iec.example.jo", "amal@iec", "a b@iec.example.jo",
            "amal@iec.example.jo>\r\nRCPT TO:<x@y.z",
        ] {
            #expect(throws: MailError.invalidAddress(bad)) { try MailAddress(bad) }
        }
        #expect((try? MailAddress("amal.haddad+qms@iec.example.jo")) != nil)
    }

    @Test("delivered over STARTTLS with authentication, trusting a private CA: the server gets it whole")
    func delivery() async throws {
        let server = try await SMTPServer.start(user: "qms", password: "s3cret-submission")
        defer { server.stop() }
        let settings = SMTPSettings(
            host: "localhost", port: server.port, username: "qms", password: "s3cret-submission",
            caFile: server.caFile, timeout: .seconds(60))
        let reply = try await SMTPClient(settings: settings).send(try reminder())
        #expect(reply.code == 250)
        let received = try server.received()
        #expect(received.count == 1)
        let envelope = try #require(received.first?.envelope)
        #expect(envelope["tls"] as? Bool == true)
        #expect(envelope["authenticated"] as? Bool == true)
        #expect(envelope["from"] as? String == "qms@iec.example.jo")
        #expect(envelope["to"] as? [String] == ["amal@iec.example.jo"])
        let read = try parsed(try #require(received.first?.message))
        #expect(read["subject"] == "تذكير: أدلة تنتهي صلاحيتها خلال 7 أيام — EV-2026-0004")
        // The line that was a lone dot comes back as one: dot-stuffing undone by the server.
        #expect(read["text"]?.contains("\n.\nhttps://") == true)
    }

    @Test("a wrong password is refused by the server and nothing is accepted")
    func wrongPassword() async throws {
        let server = try await SMTPServer.start(user: "qms", password: "s3cret-submission")
        defer { server.stop() }
        let settings = SMTPSettings(
            host: "localhost", port: server.port, username: "qms", password: "wrong", caFile: server.caFile,
            timeout: .seconds(60))
        await #expect {
            try await SMTPClient(settings: settings).send(try reminder())
        } throws: { error in
            if case .authenticationRefused(let code, _) = error as? MailError { return code == 535 }
            return false
        }
        #expect(try server.received().isEmpty)
    }

    @Test("a certificate the trusted authorities do not vouch for ends the session before any password")
    func untrustedCertificate() async throws {
        let server = try await SMTPServer.start(user: "qms", password: "s3cret-submission")
        defer { server.stop() }
        let settings = SMTPSettings(
            host: "localhost", port: server.port, username: "qms", password: "s3cret-submission",
            timeout: .seconds(60))
        await #expect {
            try await SMTPClient(settings: settings).send(try reminder())
        } throws: { error in
            if case .tls = error as? MailError { return true }
            return false
        }
        #expect(try server.received().isEmpty)
    }

    @Test("a server without STARTTLS is refused when TLS is asked for: nothing is sent in clear")
    func noStartTLS() async throws {
        let server = try await SMTPServer.start(tls: false)
        defer { server.stop() }
        let settings = SMTPSettings(
            host: "127.0.0.1", port: server.port, username: "qms", password: "s3cret-submission", timeout: .seconds(60))
        await #expect(throws: MailError.startTLSNotOffered) {
            try await SMTPClient(settings: settings).send(try reminder())
        }
        #expect(try server.received().isEmpty)
    }

    @Test("a server that is down is unreachable, and that is worth a retry")
    func down() async throws {
        let server = try await SMTPServer.start()
        let port = server.port
        server.stop()
        let settings = SMTPSettings(host: "127.0.0.1", port: port, timeout: .seconds(5))
        await #expect {
            try await SMTPClient(settings: settings).send(try reminder())
        } throws: { error in
            guard let mail = error as? MailError, case .unreachable = mail else { return false }
            return mail.isTransient
        }
    }
    @Test("through the system's sendmail (msmtp here), relaying by STARTTLS to the real server")
    func sendmail() async throws {
        let server = try await SMTPServer.start(user: "qms", password: "s3cret-submission")
        defer { server.stop() }
        let config = server.folder.file("msmtprc")
        try """
        account default
        host localhost
        port \(server.port)
        tls on
        tls_starttls on
        tls_trust_file \(server.caFile)
        auth on
        user qms
        password s3cret-submission
        """.write(to: config, atomically: true, encoding: .utf8)
        // msmtp refuses a file holding a password that others may read.
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: config.path)
        let msmtp = try #require(Program.locate("msmtp"), "msmtp is installed by make test")
        try await SendmailTransport(path: msmtp, options: ["-C", config.path]).send(try reminder())
        let received = try server.received()
        #expect(received.count == 1)
        #expect(received.first?.envelope["from"] as? String == "qms@iec.example.jo")
        #expect(received.first?.envelope["tls"] as? Bool == true)
        let read = try parsed(try #require(received.first?.message))
        #expect(read["subject"] == "تذكير: أدلة تنتهي صلاحيتها خلال 7 أيام — EV-2026-0004")
        #expect(read["text"]?.contains("\n.\nhttps://") == true)

        // A refusal comes back with the program's status and words; a missing program says so.
        try String(contentsOf: config, encoding: .utf8).replacingOccurrences(
            of: "password s3cret-submission", with: "password wrong"
        ).write(to: config, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: config.path)
        await #expect {
            try await SendmailTransport(path: msmtp, options: ["-C", config.path]).send(try reminder())
        } throws: { error in
            guard case .sendmail(_, let status, let output) = error as? MailError else { return false }
            return status != nil && status != 0 && output.contains("535")
        }
        #expect(try server.received().count == 1)
        await #expect(
            throws: MailError.sendmail(path: "/nonexistent/sendmail", status: nil, output: "not an executable program")
        ) {
            try await SendmailTransport(path: "/nonexistent/sendmail").send(try reminder())
        }
    }
}
