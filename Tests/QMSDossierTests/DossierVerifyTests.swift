import Foundation
import QMSCore
import QMSServices
import TestSupport
import Testing

@testable import QMSDossier

@Suite("Verifying a dossier offline", .serialized)
struct DossierVerifyTests {
    @Test("changing any byte of any file makes verify fail, naming the file")
    func everyByteOfEveryFile() async throws {
        let fixture = try await Fixture.make()
        _ = try await fixture.export(to: "dossier", standards: ["iso-9001-2015"], languages: [.english])
        let root = fixture.folder.file("dossier")
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
        let root = fixture.folder.file("dossier")
        try FileManager.default.removeItem(at: root.appendingPathComponent("en/audits.html"))
        try Data("<p>added</p>".utf8).write(to: root.appendingPathComponent("en/extra.html"))
        let report = try DossierService.verify(root, key: fixture.publicKeyURL)
        #expect(!report.clean)
        #expect(report.problems.contains { $0.kind == .missing && $0.path == "en/audits.html" })
        #expect(report.problems.contains { $0.kind == .extra && $0.path == "en/extra.html" })
        #expect(report.signatureValid)

        let other = fixture.folder.file("other-keys")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        let foreign = try DossierService.generateKey(in: other)
        try FileManager.default.removeItem(at: root.appendingPathComponent("en/extra.html"))
        _ = try await fixture.export(to: "again", standards: ["iso-9001-2015"], languages: [.english])
        let againReport = try DossierService.verify(fixture.folder.file("again"), key: foreign.publicKey)
        #expect(!againReport.clean)
        #expect(againReport.problems.contains { $0.kind == .key })
        // Without a key the dossier is checked against the key it names.
        #expect(try DossierService.verify(fixture.folder.file("again")).clean)
    }

    @Test("a changed byte inside a ZIP dossier, or an entry added, makes verify fail")
    func zipTampering() async throws {
        let fixture = try await Fixture.make()
        _ = try await fixture.export(to: "dossier.zip", standards: ["iso-9001-2015"], languages: [.english])
        let zip = fixture.folder.file("dossier.zip")
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
        if let python = Program.locate("python3") {
            // Python's zipfile reads what we wrote, CRCs included.
            let ran = try Program.run(
                python, ["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(z.testzip())", zip.path])
            #expect(ran.status == 0 && ran.output.hasPrefix("None"), "\(ran.output)\(ran.errors)")
        }
    }

    @Test("a ZIP dossier packed again with compression is reported entry by entry and never inflated")
    func recompressedZIP() async throws {
        let python = try #require(Program.locate("python3"))
        let fixture = try await Fixture.make()
        _ = try await fixture.export(to: "dossier.zip", standards: ["iso-9001-2015"], languages: [.english])
        let zip = fixture.folder.file("dossier.zip")
        let repacked = fixture.folder.file("repacked.zip")
        // Everything deflated but the manifest and its signature, and one deflate stream damaged
        // behind an intact header.
        let script = """
            import sys, zipfile
            source = zipfile.ZipFile(sys.argv[1])
            with zipfile.ZipFile(sys.argv[2], "w") as target:
                for info in source.infolist():
                    data = source.read(info.filename)
                    stored = info.filename.startswith("manifest.")
                    target.writestr(info.filename, data, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
            """
        let ran = try Program.run(python, ["-c", script, zip.path, repacked.path])
        #expect(ran.status == 0, "\(ran.output)\(ran.errors)")
        var bytes = try Data(contentsOf: repacked)
        let page = try #require(bytes.range(of: Data("en/index.html".utf8)))
        // Zero the deflated bytes after the first local header naming the page.
        let start = page.upperBound + 8
        for index in start..<min(bytes.count, start + 64) { bytes[index] = 0 }
        try bytes.write(to: repacked)

        let started = ContinuousClock.now
        let report = try DossierService.verify(repacked, key: fixture.publicKeyURL)
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(!report.clean)
        let compressed = report.problems.filter { $0.kind == .altered && $0.detail.contains("compressed") }
        #expect(!compressed.isEmpty)
        #expect(compressed.contains { $0.path == "en/index.html" })

        // Packed whole with compression, the manifest itself cannot be read: a clear refusal.
        let all = fixture.folder.file("all.zip")
        let whole = try Program.run(
            python,
            [
                "-c",
                "import sys, zipfile\nsource = zipfile.ZipFile(sys.argv[1])\n"
                    + "with zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED) as t:\n"
                    + "    [t.writestr(i.filename, source.read(i.filename)) for i in source.infolist()]",
                zip.path, all.path,
            ])
        #expect(whole.status == 0, "\(whole.output)\(whole.errors)")
        #expect(throws: DossierError.self) { try DossierService.verify(all, key: fixture.publicKeyURL) }
    }

    @Test("verify refuses a folder that is not a dossier, with what to give instead")
    func notADossier() throws {
        let folder = try TemporaryFolder()
        #expect(throws: DossierError.self) { try DossierService.verify(folder.url) }
        try Data("not a zip".utf8).write(to: folder.file("x.zip"))
        #expect(throws: DossierError.self) { try DossierService.verify(folder.file("x.zip")) }
    }
}
