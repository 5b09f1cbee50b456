import Foundation
import QMSCore
import QMSServices
import Testing

@testable import QMSDossier

@Suite("Verifying a dossier offline", .serialized)
struct DossierVerifyTests {
    @Test("changing any byte of any file makes verify fail, naming the file")
    func everyByteOfEveryFile() async throws {
        let fixture = try await Fixture.make()
        _ = try await fixture.export(to: "dossier", standards: ["iso-9001-2015"], languages: [.english])
        let root = fixture.folder.path("dossier")
        let paths = try filesUnder(root)
        #expect(paths.count > 100)
        for path in paths {
            let url = root.appendingPathComponent(path)
            let original = try Data(contentsOf: url)
            // The first, the middle and the last byte of every file.
            for position in Set([0, original.count / 2, original.count - 1]) where position >= 0 {
                var changed = original
                changed[position] ^= 0x01
                try changed.write(to: url)
                let report = try DossierService.verify(root, key: fixture.publicKeyURL)
                #expect(!report.clean, "a change at byte \(position) of \(path) went unnoticed")
                if path == DossierManifest.fileName || path == DossierManifest.signatureFileName {
                    #expect(report.problems.contains { $0.kind == .signature || $0.kind == .manifest })
                } else {
                    #expect(report.problems.contains { $0.kind == .altered && $0.path == path }, "\(path)")
                }
            }
            try original.write(to: url)
        }
        #expect(try DossierService.verify(root, key: fixture.publicKeyURL).clean)
    }

    @Test("a missing file, an extra file and a foreign key are each named")
    func missingExtraAndKey() async throws {
        let fixture = try await Fixture.make()
        _ = try await fixture.export(to: "dossier", standards: ["iso-9001-2015"], languages: [.english])
        let root = fixture.folder.path("dossier")
        try FileManager.default.removeItem(at: root.appendingPathComponent("en/audits.html"))
        try Data("<p>added</p>".utf8).write(to: root.appendingPathComponent("en/extra.html"))
        let report = try DossierService.verify(root, key: fixture.publicKeyURL)
        #expect(!report.clean)
        #expect(report.problems.contains { $0.kind == .missing && $0.path == "en/audits.html" })
        #expect(report.problems.contains { $0.kind == .extra && $0.path == "en/extra.html" })
        #expect(report.signatureValid)

        let other = fixture.folder.path("other-keys")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        let foreign = try DossierService.generateKey(in: other)
        try FileManager.default.removeItem(at: root.appendingPathComponent("en/extra.html"))
        _ = try await fixture.export(to: "again", standards: ["iso-9001-2015"], languages: [.english])
        let againReport = try DossierService.verify(fixture.folder.path("again"), key: foreign.publicKey)
        #expect(!againReport.clean)
        #expect(againReport.problems.contains { $0.kind == .key })
        // Without a key the dossier is checked against the key it names.
        #expect(try DossierService.verify(fixture.folder.path("again")).clean)
    }

    @Test("a changed byte inside a ZIP dossier, or an entry added, makes verify fail")
    func zipTampering() async throws {
        let fixture = try await Fixture.make()
        _ = try await fixture.export(to: "dossier.zip", standards: ["iso-9001-2015"], languages: [.english])
        let zip = fixture.folder.path("dossier.zip")
        #expect(try DossierService.verify(zip, key: fixture.publicKeyURL).clean)
        let original = try Data(contentsOf: zip)
        // A byte of an HTML page stored in the archive.
        let marker = Data("<h1>".utf8)
        let range = try #require(original.range(of: marker))
        var changed = original
        changed[range.lowerBound + 1] = UInt8(ascii: "H")
        try changed.write(to: zip)
        let report = try DossierService.verify(zip, key: fixture.publicKeyURL)
        #expect(!report.clean)
        #expect(report.problems.contains { $0.kind == .altered })
        try original.write(to: zip)
        if let python = which("python3") {
            // Python's zipfile reads what we wrote, CRCs included.
            let (status, output) = try run(
                python, ["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(z.testzip())", zip.path])
            #expect(status == 0 && output.hasPrefix("None"), "\(output)")
        }
    }

    @Test("verify refuses a folder that is not a dossier, with what to give instead")
    func notADossier() throws {
        let folder = try TemporaryFolder()
        #expect(throws: DossierError.self) { try DossierService.verify(folder.url) }
        try Data("not a zip".utf8).write(to: folder.path("x.zip"))
        #expect(throws: DossierError.self) { try DossierService.verify(folder.path("x.zip")) }
    }
}
