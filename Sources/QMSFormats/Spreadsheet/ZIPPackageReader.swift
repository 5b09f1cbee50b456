import CSystemZlib
import Foundation
import QMSCore

/// The entries of a ZIP package (an `.xlsx` file) read from its bytes, for ``XLSXReader``.
///
/// Ours rather than ZIPFoundation's: ZIPFoundation 0.9.20 on Linux inflates past an entry's
/// compressed bytes, and loops for ever when the deflate stream has not ended by the end of the
/// file (`Tests/Fuzz/README.md`). Here every offset and length read from the file is checked
/// against the file before it is used, an entry is inflated from exactly its compressed bytes and
/// under a limit on what it actually inflates to, and its CRC-32 is checked.
///
/// Only what spreadsheet programs write is read: one disk, no ZIP64, no encryption, entries
/// stored or deflated. Anything else is refused with a ``FormatError`` that names the part.
struct ZIPPackageReader {
    /// One file of the package, as the central directory describes it.
    struct Entry: Sendable {
        /// The path inside the package (`xl/workbook.xml`).
        var path: String
        /// The compression method: 0 stored, 8 deflated; others are refused when read.
        var method: UInt16
        /// The general-purpose flags (bit 0: encrypted).
        var flags: UInt16
        /// The CRC-32 of the uncompressed bytes.
        var crc32: UInt32
        var compressedSize: Int
        /// What the header declares; a hostile file may lie, so it is checked after inflating.
        var uncompressedSize: Int
        /// Where the entry's local header starts.
        var localHeaderOffset: Int
    }

    /// The entries by path.
    let entries: [String: Entry]
    private let bytes: Data
    private let file: String
    /// Where the central directory starts: every entry's local header and data lie before it.
    private let centralDirectoryOffset: Int

    private static let endOfCentralDirectorySignature: UInt32 = 0x0605_4b50
    private static let centralDirectorySignature: UInt32 = 0x0201_4b50
    private static let localHeaderSignature: UInt32 = 0x0403_4b50
    private static let zip64LocatorSignature: UInt32 = 0x0706_4b50
    private static let endOfCentralDirectorySize = 22
    private static let centralDirectoryEntrySize = 46
    private static let localHeaderSize = 30
    /// The output buffer inflate fills at each call: what can overshoot a limit before it is seen.
    private static let inflateChunk = 64 * 1024

    /// Reads the central directory of the package in `bytes`, naming it `file` in messages.
    init(bytes: Data, file: String) throws(FormatError) {
        // A slice of a larger Data keeps its parent's indices; offsets in the file start at 0.
        let bytes = bytes.startIndex == 0 ? bytes : Data(bytes)
        self.bytes = bytes
        self.file = file
        let end = try Self.findEndOfCentralDirectory(bytes, file: file)
        let read = FieldReader(bytes: bytes, file: file)
        let thisDisk = try read.uint16(end + 4)
        let directoryDisk = try read.uint16(end + 6)
        let entriesHere = try read.uint16(end + 8)
        let entryCount = try read.uint16(end + 10)
        let directorySize = Int(try read.uint32(end + 12))
        let directoryOffset = Int(try read.uint32(end + 16))
        var zip64Locator: UInt32 = 0
        if end >= 20 { zip64Locator = try read.uint32(end - 20) }
        // ZIP64 saturates the classic fields; spreadsheets never need it (parts are a few MiB).
        if entryCount == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF
            || zip64Locator == Self.zip64LocatorSignature
        {
            throw Self.unsupported(.zip64, file: file)
        }
        guard thisDisk == 0, directoryDisk == 0, entriesHere == entryCount else {
            throw Self.unsupported(.zipVolumes, file: file)
        }
        guard directoryOffset <= end, directorySize <= end - directoryOffset else {
            throw Self.damaged(
                .directoryOutsideFile, ["size": .number(directorySize), "offset": .number(directoryOffset)],
                file: file)
        }
        centralDirectoryOffset = directoryOffset
        var entries: [String: Entry] = [:]
        var offset = directoryOffset
        let directoryEnd = directoryOffset + directorySize
        for number in stride(from: 1, through: Int(entryCount), by: 1) {
            guard directoryEnd - offset >= Self.centralDirectoryEntrySize,
                try read.uint32(offset) == Self.centralDirectorySignature
            else {
                throw Self.damaged(
                    .entryMissing, ["entry": .number(number), "entries": .number(Int(entryCount))], file: file)
            }
            let nameLength = Int(try read.uint16(offset + 28))
            let extraLength = Int(try read.uint16(offset + 30))
            let commentLength = Int(try read.uint16(offset + 32))
            let next = offset + Self.centralDirectoryEntrySize + nameLength + extraLength + commentLength
            guard next <= directoryEnd else {
                throw Self.damaged(.entryPastDirectory, ["entry": .number(number)], file: file)
            }
            let nameStart = offset + Self.centralDirectoryEntrySize
            let path = String(decoding: bytes[nameStart..<nameStart + nameLength], as: UTF8.self)
            let entry = Entry(
                path: path,
                method: try read.uint16(offset + 10),
                flags: try read.uint16(offset + 8),
                crc32: try read.uint32(offset + 16),
                compressedSize: Int(try read.uint32(offset + 20)),
                uncompressedSize: Int(try read.uint32(offset + 24)),
                localHeaderOffset: Int(try read.uint32(offset + 42)))
            let startDisk = try read.uint16(offset + 34)
            if entry.compressedSize == 0xFFFF_FFFF || entry.uncompressedSize == 0xFFFF_FFFF
                || entry.localHeaderOffset == 0xFFFF_FFFF || startDisk == 0xFFFF
            {
                throw Self.unsupported(.partZIP64, ["part": "\(path)"], file: file)
            }
            // Which of two parts of one name would be read is a matter of reader; refuse to guess.
            guard entries[path] == nil else {
                throw Self.damaged(.partTwice, ["part": "\(path)"], file: file)
            }
            entries[path] = entry
            offset = next
        }
        self.entries = entries
    }

    /// The uncompressed bytes of `entry`, refused with `pastLimit` as soon as they grow past
    /// `limit` bytes, whatever the header declares.
    func contents(
        of entry: Entry, limit: Int, pastLimit: @autoclosure () -> FormatError
    ) throws(FormatError) -> Data {
        let part = entry.path
        guard entry.flags & 0x0041 == 0 else {
            throw Self.unsupported(.partEncrypted, ["part": "\(part)"], file: file)
        }
        guard entry.method == 0 || entry.method == 8 else {
            throw Self.unsupported(
                .partCompressionMethod, ["part": "\(part)", "method": .number(Int(entry.method))],
                file: file)
        }
        let compressed = try compressedBytes(of: entry)
        let output: Data
        if entry.method == 0 {
            guard compressed.count == entry.uncompressedSize else { throw truncated(part) }
            guard compressed.count <= limit else { throw pastLimit() }
            output = Data(compressed)
        } else {
            switch Self.inflate(compressed, declaredSize: entry.uncompressedSize, limit: limit) {
            case .inflated(let data): output = data
            case .pastLimit: throw pastLimit()
            case .pastDeclaredSize:
                throw Self.damaged(
                    .partInflatesPastHeader, ["part": "\(part)", "size": .number(entry.uncompressedSize)], file: file)
            case .truncated: throw truncated(part)
            case .outOfMemory:
                throw FormatError(
                    .notEnoughMemory, ["part": "\(part)"], at: SourceLocation(file: file),
                    fix: .advice(.closePrograms))
            }
        }
        guard output.count == entry.uncompressedSize else {
            throw Self.damaged(
                .partSizeMismatch,
                ["part": "\(part)", "actual": .number(output.count), "size": .number(entry.uncompressedSize)],
                file: file)
        }
        guard Self.crc32(output) == entry.crc32 else {
            throw Self.damaged(
                .partCRC, ["part": "\(part)"], file: file)
        }
        return output
    }

    /// The entry's compressed bytes, found through its local header, every bound checked.
    private func compressedBytes(of entry: Entry) throws(FormatError) -> Data {
        let read = FieldReader(bytes: bytes, file: file)
        let header = entry.localHeaderOffset
        guard header <= centralDirectoryOffset - Self.localHeaderSize,
            try read.uint32(header) == Self.localHeaderSignature
        else {
            throw Self.damaged(
                .noLocalHeader, ["part": "\(entry.path)", "offset": .number(header), "size": .number(bytes.count)],
                file: file)
        }
        // The local header's own name and extra field lengths, which may differ from the central
        // directory's; its sizes are ignored (zero when a data descriptor follows the data).
        let nameLength = Int(try read.uint16(header + 26))
        let extraLength = Int(try read.uint16(header + 28))
        let start = header + Self.localHeaderSize + nameLength + extraLength
        guard start <= centralDirectoryOffset, entry.compressedSize <= centralDirectoryOffset - start else {
            throw truncated(entry.path)
        }
        return bytes[start..<start + entry.compressedSize]
    }

    /// How inflating one entry ended.
    private enum InflateOutcome {
        case inflated(Data)
        case pastLimit
        case pastDeclaredSize
        /// The input ran out before the deflate stream ended, or the stream is invalid.
        case truncated
        case outOfMemory
    }

    /// Inflates a raw deflate stream from `compressed` and nothing else, in bounded chunks.
    private static func inflate(_ compressed: Data, declaredSize: Int, limit: Int) -> InflateOutcome {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        // zlib keeps a pointer back to the stream and checks it on every call: it must not move.
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        guard eqms_inflate_init_raw(stream) == Z_OK else { return .outOfMemory }
        defer { inflateEnd(stream) }
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: inflateChunk)
        defer { buffer.deallocate() }
        var output = Data()
        output.reserveCapacity(min(declaredSize, limit, 1 << 20))
        return compressed.withUnsafeBytes { raw -> InflateOutcome in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return .truncated }
            // zlib's input pointer is not const in its declaration; it only reads through it.
            stream.pointee.next_in = UnsafeMutablePointer(mutating: base)
            // An entry's compressed size is a 32-bit field of the central directory.
            stream.pointee.avail_in = UInt32(clamping: raw.count)
            while true {
                stream.pointee.next_out = buffer
                stream.pointee.avail_out = UInt32(inflateChunk)
                let inputBefore = stream.pointee.avail_in
                let status = CSystemZlib.inflate(stream, Z_NO_FLUSH)
                let produced = inflateChunk - Int(stream.pointee.avail_out)
                // Headers can lie about sizes: the limits hold on what actually inflates.
                if output.count + produced > limit { return .pastLimit }
                if output.count + produced > declaredSize { return .pastDeclaredSize }
                output.append(buffer, count: produced)
                switch status {
                case Z_STREAM_END:
                    return .inflated(output)
                case Z_OK:
                    // zlib answers Z_BUF_ERROR, not Z_OK, when it cannot move; this is a backstop
                    // so that the loop cannot spin whatever a future zlib does.
                    if produced == 0 && stream.pointee.avail_in == inputBefore { return .truncated }
                case Z_MEM_ERROR:
                    return .outOfMemory
                default:
                    // Z_BUF_ERROR: the input is used up before the stream's end; Z_DATA_ERROR,
                    // Z_NEED_DICT: not a valid raw deflate stream.
                    return .truncated
                }
            }
        }
    }

    /// zlib's CRC-32 of `data`, fed in pieces that fit its 32-bit length.
    private static func crc32(_ data: Data) -> UInt32 {
        data.withUnsafeBytes { raw -> UInt32 in
            var crc = CSystemZlib.crc32(0, nil, 0)
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return 0 }
            var offset = 0
            while offset < raw.count {
                let length = min(raw.count - offset, 1 << 30)
                crc = CSystemZlib.crc32(crc, base + offset, UInt32(length))
                offset += length
            }
            return UInt32(truncatingIfNeeded: crc)
        }
    }

    /// Where the End of Central Directory record starts: searched back from the end of the file,
    /// over the record and the longest comment it may carry.
    private static func findEndOfCentralDirectory(_ bytes: Data, file: String) throws(FormatError) -> Int {
        let read = FieldReader(bytes: bytes, file: file)
        let latest = bytes.count - endOfCentralDirectorySize
        guard latest >= 0 else { throw notAPackage(file) }
        let earliest = max(0, latest - 0xFFFF)
        var position = latest
        while position >= earliest {
            if bytes[position] == 0x50, try read.uint32(position) == endOfCentralDirectorySignature {
                let commentLength = Int(try read.uint16(position + 20))
                if position + endOfCentralDirectorySize + commentLength <= bytes.count { return position }
            }
            position -= 1
        }
        throw notAPackage(file)
    }

    private func truncated(_ part: String) -> FormatError {
        FormatError(
            .partTruncated, ["part": "\(part)"], at: SourceLocation(file: file),
            fix: .advice(.saveAgain))
    }

    private static func notAPackage(_ file: String) -> FormatError {
        FormatError(
            .notZIP, at: SourceLocation(file: file),
            fix: .advice(.saveAsXLSX))
    }

    /// A package damaged in its structure.
    private static func damaged(_ rule: FileRule, _ arguments: [String: ErrorArgument] = [:], file: String)
        -> FormatError
    {
        FormatError(
            rule, arguments, at: SourceLocation(file: file),
            fix: .advice(.saveAgain))
    }

    private static func unsupported(_ rule: FileRule, _ arguments: [String: ErrorArgument] = [:], file: String)
        -> FormatError
    {
        FormatError(
            rule, arguments, at: SourceLocation(file: file),
            fix: .advice(.saveNormalXLSX))
    }
}

/// Little-endian fields of a file, each read only after its bounds are checked, so that a wrong
/// offset computed from a hostile header ends in an error rather than a trap.
private struct FieldReader {
    let bytes: Data
    let file: String

    func uint16(_ offset: Int) throws(FormatError) -> UInt16 {
        try check(offset, 2)
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    func uint32(_ offset: Int) throws(FormatError) -> UInt32 {
        try check(offset, 4)
        return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
    }

    private func check(_ offset: Int, _ length: Int) throws(FormatError) {
        guard offset >= 0, offset <= bytes.count - length else {
            throw FormatError(
                .headerPastEnd, ["offset": .number(offset), "size": .number(bytes.count)],
                at: SourceLocation(file: file),
                fix: .advice(.saveAgain))
        }
    }
}
