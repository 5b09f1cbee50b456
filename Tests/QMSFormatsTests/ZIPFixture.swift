import Foundation
import Testing

/// The bytes of a ZIP package and the fields of its central directory, so that a test can start
/// from a valid `.xlsx` and damage exactly one thing.
struct ZIPFixture {
    var bytes: Data

    /// A field of a central-directory record, by its offset in the record.
    enum Field: Int {
        case flags = 8
        case method = 10
        case crc32 = 16
        case compressedSize = 20
        case uncompressedSize = 24
        case localHeaderOffset = 42

        var width: Int { self == .flags || self == .method ? 2 : 4 }
    }

    init(_ bytes: Data) { self.bytes = Data(bytes) }

    /// Where the End of Central Directory record starts (the packages here carry no comment).
    var endOfCentralDirectory: Int { bytes.count - 22 }

    /// Where the central-directory record of `path` starts.
    func record(of path: String) throws -> Int {
        var offset = Int(uint(at: endOfCentralDirectory + 16, width: 4))
        for _ in 0..<uint(at: endOfCentralDirectory + 10, width: 2) {
            #expect(uint(at: offset, width: 4) == 0x0201_4b50, "a central-directory record at \(offset)")
            let nameLength = Int(uint(at: offset + 28, width: 2))
            let name = String(decoding: bytes[offset + 46..<offset + 46 + nameLength], as: UTF8.self)
            if name == path { return offset }
            offset += 46 + nameLength + Int(uint(at: offset + 30, width: 2)) + Int(uint(at: offset + 32, width: 2))
        }
        throw FixtureFailure(description: "the package has no part \(path)")
    }

    /// The value of one field of a part's central-directory record.
    func value(_ field: Field, of path: String) throws -> UInt32 {
        uint(at: try record(of: path) + field.rawValue, width: field.width)
    }

    /// Sets one field of a part's central-directory record.
    mutating func set(_ field: Field, of path: String, to value: UInt32) throws {
        setUInt(value, at: try record(of: path) + field.rawValue, width: field.width)
    }

    /// A little-endian unsigned field anywhere in the file.
    func uint(at offset: Int, width: Int) -> UInt32 {
        (0..<width).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }

    /// Overwrites a little-endian unsigned field anywhere in the file.
    mutating func setUInt(_ value: UInt32, at offset: Int, width: Int) {
        for index in 0..<width { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }

    struct FixtureFailure: Error, CustomStringConvertible { var description: String }
}
