import Foundation
import TestSupport
import Testing
import ZIPFoundation

@testable import QMSDossier

@Suite("Signing keys and the ZIP writer")
struct SigningAndZIPTests {
    @Test("Ed25519 signatures are deterministic here, so a dossier is byte-identical export after export")
    func deterministicSignatures() throws {
        let key = DossierSigningKey.generate()
        let data = Data("manifest bytes".utf8)
        #expect(try key.sign(data) == key.sign(data))
        #expect(key.publicKey.isValidSignature(try key.sign(data), for: data))
        #expect(!key.publicKey.isValidSignature(try key.sign(data), for: Data("other".utf8)))
    }

    @Test("keys are written as PEM (private mode 600), read back, and never overwritten")
    func keyFiles() throws {
        let folder = try TemporaryFolder()
        let key = DossierSigningKey.generate()
        let written = try key.write(to: folder.url)
        let attributes = try FileManager.default.attributesOfItem(atPath: written.privateKey.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let privateText = try String(contentsOf: written.privateKey, encoding: .utf8)
        #expect(privateText.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let read = try DossierSigningKey(contentsOf: written.privateKey)
        #expect(read.publicKey == key.publicKey)
        #expect(try DossierVerifyingKey(contentsOf: written.publicKey) == key.publicKey)
        #expect(throws: DossierError.self) { _ = try key.write(to: folder.url) }
        // OpenSSL reads our keys and checks our signatures.
        if let openssl = Program.locate("openssl") {
            let manifest = folder.file("manifest.json")
            let signature = folder.file("manifest.sig")
            try Data("{\"files\": []}\n".utf8).write(to: manifest)
            try key.sign(Data(contentsOf: manifest)).write(to: signature)
            let ran = try Program.run(
                openssl,
                [
                    "pkeyutl", "-verify", "-pubin", "-inkey", written.publicKey.path, "-rawin", "-in", manifest.path,
                    "-sigfile", signature.path,
                ])
            #expect(ran.status == 0, "\(ran.output)\(ran.errors)")
        }
    }

    @Test("the ZIP writer switches to ZIP64 past 65 535 entries, and ZIPFoundation reads it back")
    func zip64() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("many.zip")
        let writer = try ZIPStreamWriter(url: url, year: 2026, month: 6, day: 30)
        let count = 70_000
        for index in 0..<count {
            let data = Data("\(index)".utf8)
            try writer.addEntry(path: "e/\(index)", size: UInt64(data.count)) { write in try write(data) }
        }
        try writer.finish()
        let archive = try Archive(url: url, accessMode: .read)
        var seen = 0
        for entry in archive { seen += entry.type == .file ? 1 : 0 }
        #expect(seen == count)
        let entry = try #require(archive["e/69999"])
        var content = Data()
        _ = try archive.extract(entry) { content.append($0) }
        #expect(String(decoding: content, as: UTF8.self) == "69999")
    }

    @Test("manifest paths that could reach outside the dossier are refused")
    func unsafePaths() {
        for path in ["../etc/passwd", "/etc/passwd", "a/../../b", "a//b", "", "a\\b", "./a"] {
            #expect(!DossierPath.isSafe(path), "\(path)")
        }
        #expect(DossierPath.isSafe("en/requirements/iso-9001-2015/8.5.1.html"))
    }
}
