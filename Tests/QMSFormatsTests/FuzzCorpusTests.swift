import Foundation
import QMSCore
import QMSFormats
import TestSupport
import Testing

/// The libFuzzer corpus (`Tests/Fuzz/Corpus`) and every crasher the fuzzers ever found
/// (`Tests/Fuzz/Crashers`), replayed through the readers the fuzz targets drive: each input is
/// read or refused with the project's kind of error, never a crash.
@Suite("Fuzz corpus and crashers, replayed through the readers")
struct FuzzCorpusTests {
    static let fuzz = Repository.root.appendingPathComponent("Tests/Fuzz")

    /// The inputs of one target: its seed corpus and its crashers.
    static func inputs(_ target: String) throws -> [(name: String, data: Data)] {
        var result: [(String, Data)] = []
        for folder in ["Corpus", "Crashers"] {
            let url = fuzz.appendingPathComponent(folder).appendingPathComponent(target)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            for name in try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() {
                result.append(("\(folder)/\(target)/\(name)", try Data(contentsOf: url.appendingPathComponent(name))))
            }
        }
        return result
    }

    /// Runs one reading: success, or an error with a message, is fine.
    static func survives(_ name: String, _ body: () throws -> Void) {
        do {
            try body()
        } catch let error as any QMSError {
            #expect(!error.message.isEmpty, "\(name)")
        } catch {
            Issue.record("\(name): \(type(of: error)) is not a QMSError: \(error)")
        }
    }

    @Test("every fuzz target has a seed corpus")
    func corpusPresent() throws {
        for target in ["fuzz-catalogue", "fuzz-plan", "fuzz-oscal", "fuzz-csv", "fuzz-xlsx", "fuzz-multipart"] {
            #expect(try !Self.inputs(target).isEmpty, "\(target)")
        }
    }

    @Test("catalogue and crosswalk inputs")
    func catalogue() throws {
        let catalogue = try Readers.catalogue()
        let crosswalk = try Readers.crosswalk()
        for (name, data) in try Self.inputs("fuzz-catalogue") {
            Self.survives(name) { _ = try CatalogueFileKind.detect(data, file: name) }
            Self.survives(name) { _ = try catalogue.read(data: data, file: name) }
            Self.survives(name) { _ = try crosswalk.read(data: data, file: name) }
        }
    }

    @Test("plan inputs")
    func plans() throws {
        let reader = try PlansLibrary(directory: Repository.plans).reader()
        for (name, data) in try Self.inputs("fuzz-plan") {
            Self.survives(name) { _ = try reader.read(data: data, file: name) }
        }
    }

    @Test("OSCAL inputs")
    func oscal() throws {
        for (name, data) in try Self.inputs("fuzz-oscal") {
            Self.survives(name) { _ = try OSCALCatalogReader.read(data: data, file: name) }
        }
    }

    @Test("CSV inputs, as evidence and as work plans")
    func csv() throws {
        let today = try CalendarDate(year: 2026, month: 11, day: 23)
        for (name, data) in try Self.inputs("fuzz-csv") {
            let reader = CSVReader(data: data, file: name)
            Self.survives(name) { try reader.forEachRecord { _, _ in } }
            Self.survives(name) { _ = try EvidenceCSV.read(reader, today: today) }
            Self.survives(name) { _ = try AWPCSV.read(reader) }
        }
    }

    @Test("XLSX inputs")
    func xlsx() throws {
        for (name, data) in try Self.inputs("fuzz-xlsx") {
            Self.survives(name) { _ = try AWPWorkbook.read(XLSXReader.read(data: data, file: name), file: name) }
        }
    }
}
