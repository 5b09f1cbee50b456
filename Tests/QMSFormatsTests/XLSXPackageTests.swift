import Foundation
import QMSCore
import QMSPresentation
import TestSupport
import Testing
import ZIPFoundation

@testable import QMSFormats

/// The ZIP layer of the XLSX reader: every damaged or hostile package is refused with a
/// `FormatError` naming the file and the part, quickly, whatever its headers claim.
@Suite("XLSX packages: the ZIP reader")
struct XLSXPackageTests {
    static let hang = Repository.root.appendingPathComponent(
        "Tests/Fuzz/Crashers/fuzz-xlsx/zipfoundation-inflate-loop.xlsx")

    /// A small valid workbook as XLSXWriter writes it (deflated parts).
    static func workbook() throws -> Data {
        let sheet = XLSXSheet(
            name: "Plan", header: ["activity", "title"],
            rows: [[.text("1.1"), .text("Procure vehicles")], [.text("1.2"), .integer(2018)]])
        return try XLSXWriter.write([sheet], currency: CurrencyCode("USD"))
    }

    /// Reads `data` as `awp.xlsx` and returns the error it must be refused with.
    static func refusal(_ data: Data) throws -> FormatError {
        try #require(throws: FormatError.self) { try XLSXReader.read(data: data, file: "awp.xlsx") }
    }

    @Test("the workbook XLSXWriter writes reads back, also from a slice of a larger buffer")
    func valid() throws {
        let data = try Self.workbook()
        let sheets = try XLSXReader.read(data: data, file: "awp.xlsx")
        #expect(sheets.map(\.name) == ["Plan"])
        #expect(
            sheets[0].rows.map(\.cells) == [
                [0: "activity", 1: "title"], [0: "1.1", 1: "Procure vehicles"], [0: "1.2", 1: "2018"],
            ])
        let padded = Data(repeating: 0xAA, count: 7) + data
        let slice = padded[7...]
        #expect(slice.startIndex == 7)
        #expect(try XLSXReader.read(data: slice, file: "awp.xlsx").map(\.rows.count) == [3])
    }

    @Test("a package whose parts are stored, not deflated, reads as its deflated twin")
    func stored() throws {
        let deflated = try Archive(data: Self.workbook(), accessMode: .read)
        let stored = try Archive(accessMode: .create)
        for entry in deflated {
            var part = Data()
            _ = try deflated.extract(entry) { part.append($0) }
            try stored.addEntry(
                with: entry.path, type: .file, uncompressedSize: Int64(part.count), compressionMethod: .none,
                provider: { position, size in part.subdata(in: Int(position)..<Int(position) + size) })
        }
        let data = try #require(stored.data)
        #expect(try ZIPFixture(data).value(.method, of: "xl/workbook.xml") == 0)
        let sheets = try XLSXReader.read(data: data, file: "awp.xlsx")
        #expect(sheets.map(\.rows.count) == [3])
    }

    @Test(
        "the input that made ZIPFoundation loop for ever is refused at once, as a truncated part",
        .timeLimit(.minutes(1)))
    func zipFoundationHang() throws {
        let data = try Data(contentsOf: Self.hang)
        let started = ContinuousClock.now
        let error = try #require(throws: FormatError.self) {
            try XLSXReader.read(data: data, file: "loop.xlsx")
        }
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(error.location?.file == "loop.xlsx")
        #expect(error.message == "the part xl/worksheets/sheet1.xml is truncated or damaged")
        #expect(error.fix.map { Messages.shared.fix($0, .english) } == "save the spreadsheet again from its program")
    }

    @Test("a deflate stream cut short inside its entry is named as a truncated part, not read on into the next")
    func truncatedStream() throws {
        var zip = ZIPFixture(try Self.workbook())
        let part = "xl/worksheets/sheet1.xml"
        try zip.set(.compressedSize, of: part, to: zip.value(.compressedSize, of: part) / 2)
        let error = try Self.refusal(zip.bytes)
        #expect(error.message == "the part \(part) is truncated or damaged")
        #expect(error.location?.file == "awp.xlsx")
        #expect(error.fix.map { Messages.shared.fix($0, .english) } == "save the spreadsheet again from its program")
    }

    @Test("a part that inflates past the size its header declares is stopped there (a zip bomb lies)")
    func lyingSize() throws {
        var zip = ZIPFixture(try Self.workbook())
        try zip.set(.uncompressedSize, of: "xl/workbook.xml", to: 10)
        let error = try Self.refusal(zip.bytes)
        #expect(error.message.contains("the part xl/workbook.xml inflates past the 10 bytes its header declares"))
        #expect(error.message.contains("zip bomb"))
        #expect(error.location?.file == "awp.xlsx")
    }

    @Test("a zip bomb whose header claims the largest size allowed is stopped at the limit, not after")
    func bombAtTheLimit() throws {
        let bomb = try Archive(accessMode: .create)
        try bomb.addEntry(
            with: "xl/workbook.xml", type: .file, uncompressedSize: Int64(XLSXReader.maximumPartSize + 1024),
            compressionMethod: .deflate, provider: { _, chunk in Data(count: chunk) })
        var zip = ZIPFixture(try #require(bomb.data))
        #expect(zip.bytes.count < 1_000_000)
        try zip.set(.uncompressedSize, of: "xl/workbook.xml", to: UInt32(XLSXReader.maximumPartSize))
        let error = try Self.refusal(zip.bytes)
        #expect(error.message.contains("the part xl/workbook.xml inflates past 64 MiB"), "\(error)")
        #expect(error.message.contains("zip bomb"))
    }

    @Test("a part whose bytes do not match its CRC-32 is refused as damaged")
    func badCRC() throws {
        var zip = ZIPFixture(try Self.workbook())
        try zip.set(.crc32, of: "xl/workbook.xml", to: zip.value(.crc32, of: "xl/workbook.xml") ^ 0x0000_0100)
        let error = try Self.refusal(zip.bytes)
        #expect(error.message == "the part xl/workbook.xml fails its CRC-32 check: its bytes are damaged")
        #expect(error.location?.file == "awp.xlsx")
    }

    @Test("a local header offset past the end of the file, or at no header, is refused before anything is read there")
    func localHeaderOutside() throws {
        let original = try Self.workbook()
        for offset in [UInt32(original.count + 100), 0xFFFF_FFF0, 1] {
            var zip = ZIPFixture(original)
            try zip.set(.localHeaderOffset, of: "xl/workbook.xml", to: offset)
            let error = try Self.refusal(zip.bytes)
            #expect(
                error.message.hasPrefix("the part xl/workbook.xml has no local header at byte \(offset)"), "\(error)")
            #expect(error.location?.file == "awp.xlsx")
        }
    }

    @Test("a compression method other than stored or deflate, or an encrypted part, asks for a normal .xlsx")
    func unsupported() throws {
        var zip = ZIPFixture(try Self.workbook())
        try zip.set(.method, of: "xl/workbook.xml", to: 12)
        let method = try Self.refusal(zip.bytes)
        #expect(method.message.hasPrefix("the part xl/workbook.xml is compressed with method 12"))
        #expect(
            method.fix.map { Messages.shared.fix($0, .english) }
                == "save the spreadsheet again as a normal .xlsx (\"Excel 2007-365\") from its program")
        zip = ZIPFixture(try Self.workbook())
        try zip.set(.flags, of: "xl/workbook.xml", to: 1)
        let encrypted = try Self.refusal(zip.bytes)
        #expect(encrypted.message.hasPrefix("the part xl/workbook.xml is encrypted"))
        #expect(encrypted.fix == method.fix)
    }

    @Test("a ZIP64 package, or a central directory outside the file, is refused as a whole")
    func centralDirectory() throws {
        var zip = ZIPFixture(try Self.workbook())
        zip.setUInt(0xFFFF_FFFF, at: zip.endOfCentralDirectory + 16, width: 4)
        let zip64 = try Self.refusal(zip.bytes)
        #expect(zip64.message.hasPrefix("the package is a ZIP64 archive"))
        zip = ZIPFixture(try Self.workbook())
        zip.setUInt(UInt32(zip.bytes.count), at: zip.endOfCentralDirectory + 16, width: 4)
        let outside = try Self.refusal(zip.bytes)
        #expect(outside.message.hasPrefix("the ZIP package is damaged: its central directory"))
        #expect(outside.location?.file == "awp.xlsx")
    }

    @Test("a package cut short at any length, or with any one byte changed, is read or refused, never a trap")
    func everyDamage() throws {
        let data = try Self.workbook()
        for length in stride(from: 0, to: data.count, by: 1) {
            #expect(throws: FormatError.self) { try XLSXReader.read(data: data.prefix(length), file: "cut.xlsx") }
        }
        for position in data.indices {
            var damaged = data
            damaged[position] ^= 0xFF
            do throws(FormatError) {
                _ = try XLSXReader.read(data: damaged, file: "flip.xlsx")
            } catch {
                #expect(!error.message.isEmpty)
            }
        }
    }
}
