import CSystemZlib
import Foundation

/// Writes a ZIP archive front to back, one entry after another, stored (not compressed), with
/// fixed times and permissions: the same entries give the same bytes.
///
/// ZIPFoundation reads dossiers (``DossierVerifier``), but its `Archive.addEntry` reads and
/// rewrites the whole central directory on every entry, which makes writing n entries cost
/// O(n²): tens of thousands of evidence files would take minutes. The CRC-32 is the system
/// zlib's (ZIPFoundation's own is a byte-at-a-time table, several times slower). This
/// writer keeps the central directory in a side file and appends it once, at the end, and
/// writes ZIP64 records when an entry, an offset or the entry count outgrows the classic format.
/// Entries are stored: evidence files (PDFs, scans) are already compressed, and stored entries
/// need no compressor whose output could change from one zlib version to the next.
final class ZIPStreamWriter {
    private let url: URL
    private let handle: FileHandle
    private let directoryURL: URL
    private let directory: FileHandle
    private var offset: UInt64 = 0
    private var directorySize: UInt64 = 0
    private var count: UInt64 = 0
    private let dosDate: UInt16
    private let dosTime: UInt16 = 0
    private var buffer = Data()
    private static let bufferSize = 1 << 20

    /// Creates the archive at `url` (which must not exist); every entry is dated `year-month-day` 00:00.
    init(url: URL, year: Int, month: Int, day: Int) throws(DossierError) {
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
            let handle = try? FileHandle(forWritingTo: url)
        else { throw .cannotWrite(path: url.path, reason: "the archive cannot be created") }
        self.url = url
        self.handle = handle
        directoryURL = url.deletingLastPathComponent().appendingPathComponent(
            "." + url.lastPathComponent + ".directory")
        guard FileManager.default.createFile(atPath: directoryURL.path, contents: nil),
            let directory = try? FileHandle(forUpdating: directoryURL)
        else { throw .cannotWrite(path: directoryURL.path, reason: "the side file cannot be created") }
        self.directory = directory
        // MS-DOS dates count years from 1980 and stop at 2107.
        let clampedYear = min(max(year, 1980), 2107)
        dosDate = UInt16((clampedYear - 1980) << 9 | month << 5 | day)
    }

    /// Adds a file entry of `size` bytes whose content `body` hands over, chunk by chunk, to the
    /// `write` it is given. Throws if the content is not `size` bytes long.
    func addEntry(
        path: String, size: UInt64, _ body: (_ write: (Data) throws -> Void) throws -> Void
    ) throws {
        let name = Data(path.utf8)
        let needsZIP64Sizes = size >= 0xFFFF_FFFF
        let headerOffset = offset
        var local = Data()
        local.append(le32: 0x0403_4B50)
        local.append(le16: needsZIP64Sizes ? 45 : 20)
        local.append(le16: 0x0800)  // names are UTF-8
        local.append(le16: 0)  // stored
        local.append(le16: dosTime)
        local.append(le16: dosDate)
        local.append(le32: 0)  // CRC-32, patched once the content has been written
        local.append(le32: needsZIP64Sizes ? 0xFFFF_FFFF : UInt32(size))
        local.append(le32: needsZIP64Sizes ? 0xFFFF_FFFF : UInt32(size))
        local.append(le16: UInt16(name.count))
        local.append(le16: needsZIP64Sizes ? 20 : 0)
        local.append(name)
        if needsZIP64Sizes {
            local.append(le16: 0x0001)
            local.append(le16: 16)
            local.append(le64: size)
            local.append(le64: size)
        }
        var crc: UInt32 = 0
        var written: UInt64 = 0
        if size <= UInt64(ZIPStreamWriter.bufferSize) {
            // A small entry is held until its CRC is known, so that its header is written once,
            // complete, rather than patched in place (a flush and two seeks per entry).
            var content = Data()
            content.reserveCapacity(Int(size))
            try body { (chunk: Data) throws in
                crc = ZIPStreamWriter.crc32(chunk, crc)
                written += UInt64(chunk.count)
                guard written <= size else { return }
                content.append(chunk)
            }
            try checkSize(path, written: written, size: size)
            Swift.withUnsafeBytes(of: crc.littleEndian) { local.replaceSubrange(14..<18, with: $0) }
            try write(local)
            try write(content)
        } else {
            try write(local)
            try body { (chunk: Data) throws in
                crc = ZIPStreamWriter.crc32(chunk, crc)
                written += UInt64(chunk.count)
                try self.write(chunk)
            }
            try checkSize(path, written: written, size: size)
            try patchCRC(crc, headerOffset: headerOffset)
        }
        try addDirectoryRecord(name: name, size: size, crc: crc, headerOffset: headerOffset)
    }

    private func checkSize(_ path: String, written: UInt64, size: UInt64) throws(DossierError) {
        guard written == size else {
            throw .cannotWrite(path: url.path, reason: "\(path) gave \(written) bytes where \(size) were expected")
        }
    }

    /// The CRC-32 of `data` continued from `crc`, by zlib.
    static func crc32(_ data: Data, _ crc: UInt32) -> UInt32 {
        data.withUnsafeBytes { buffer in
            guard let base = buffer.bindMemory(to: Bytef.self).baseAddress, !buffer.isEmpty else { return crc }
            var result = uLong(crc)
            var offset = 0
            // zlib takes lengths as 32-bit counts.
            while offset < buffer.count {
                let length = min(buffer.count - offset, Int(Int32.max))
                result = CSystemZlib.crc32(result, base + offset, uInt(length))
                offset += length
            }
            return UInt32(truncatingIfNeeded: result)
        }
    }

    /// Adds a file entry from a file on disk, streamed.
    func addEntry(path: String, contentsOf source: URL, size: UInt64) throws {
        guard let input = try? FileHandle(forReadingFrom: source) else {
            throw DossierError.cannotRead(path: source.path, reason: "the staged file cannot be opened")
        }
        defer { try? input.close() }
        try addEntry(path: path, size: size) { write in
            while let chunk = try input.read(upToCount: ZIPStreamWriter.bufferSize), !chunk.isEmpty {
                try write(chunk)
            }
        }
    }

    /// Writes the central directory and its end records, and closes the archive.
    func finish() throws(DossierError) {
        try flush()
        let directoryOffset = offset
        do {
            try directory.seek(toOffset: 0)
            while let chunk = try directory.read(upToCount: ZIPStreamWriter.bufferSize), !chunk.isEmpty {
                try write(chunk)
            }
            try directory.close()
            try FileManager.default.removeItem(at: directoryURL)
        } catch let error as DossierError {
            throw error
        } catch {
            throw .cannotWrite(path: url.path, reason: error.localizedDescription)
        }
        var end = Data()
        let needsZIP64 = count >= 0xFFFF || directoryOffset >= 0xFFFF_FFFF || directorySize >= 0xFFFF_FFFF
        if needsZIP64 {
            let zip64EndOffset = directoryOffset + directorySize
            end.append(le32: 0x0606_4B50)
            end.append(le64: 44)
            end.append(le16: 0x0300 | 45)
            end.append(le16: 45)
            end.append(le32: 0)
            end.append(le32: 0)
            end.append(le64: count)
            end.append(le64: count)
            end.append(le64: directorySize)
            end.append(le64: directoryOffset)
            end.append(le32: 0x0706_4B50)
            end.append(le32: 0)
            end.append(le64: zip64EndOffset)
            end.append(le32: 1)
        }
        end.append(le32: 0x0605_4B50)
        end.append(le16: 0)
        end.append(le16: 0)
        end.append(le16: needsZIP64 ? 0xFFFF : UInt16(count))
        end.append(le16: needsZIP64 ? 0xFFFF : UInt16(count))
        end.append(le32: directorySize >= 0xFFFF_FFFF ? 0xFFFF_FFFF : UInt32(directorySize))
        end.append(le32: directoryOffset >= 0xFFFF_FFFF ? 0xFFFF_FFFF : UInt32(directoryOffset))
        end.append(le16: 0)
        try write(end)
        try flush()
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            throw .cannotWrite(path: url.path, reason: error.localizedDescription)
        }
    }

    /// Gives up: closes and removes what was written.
    func abandon() {
        try? handle.close()
        try? directory.close()
        try? FileManager.default.removeItem(at: url)
        try? FileManager.default.removeItem(at: directoryURL)
    }

    private func addDirectoryRecord(name: Data, size: UInt64, crc: UInt32, headerOffset: UInt64) throws(DossierError) {
        var extra = Data()
        if size >= 0xFFFF_FFFF {
            extra.append(le64: size)
            extra.append(le64: size)
        }
        if headerOffset >= 0xFFFF_FFFF { extra.append(le64: headerOffset) }
        var record = Data()
        record.append(le32: 0x0201_4B50)
        record.append(le16: 0x0300 | 45)  // made by: UNIX, ZIP 4.5
        record.append(le16: extra.isEmpty ? 20 : 45)
        record.append(le16: 0x0800)
        record.append(le16: 0)
        record.append(le16: dosTime)
        record.append(le16: dosDate)
        record.append(le32: crc)
        record.append(le32: size >= 0xFFFF_FFFF ? 0xFFFF_FFFF : UInt32(size))
        record.append(le32: size >= 0xFFFF_FFFF ? 0xFFFF_FFFF : UInt32(size))
        record.append(le16: UInt16(name.count))
        record.append(le16: extra.isEmpty ? 0 : UInt16(extra.count + 4))
        record.append(le16: 0)  // comment
        record.append(le16: 0)  // disk
        record.append(le16: 0)  // internal attributes
        record.append(le32: UInt32(0o100644) << 16)  // a regular file, rw-r--r--
        record.append(le32: headerOffset >= 0xFFFF_FFFF ? 0xFFFF_FFFF : UInt32(headerOffset))
        record.append(name)
        if !extra.isEmpty {
            record.append(le16: 0x0001)
            record.append(le16: UInt16(extra.count))
            record.append(extra)
        }
        do {
            try directory.write(contentsOf: record)
        } catch {
            throw .cannotWrite(path: directoryURL.path, reason: error.localizedDescription)
        }
        directorySize += UInt64(record.count)
        count += 1
    }

    private func patchCRC(_ crc: UInt32, headerOffset: UInt64) throws(DossierError) {
        try flush()
        var bytes = Data()
        bytes.append(le32: crc)
        do {
            try handle.seek(toOffset: headerOffset + 14)
            try handle.write(contentsOf: bytes)
            try handle.seekToEnd()
        } catch {
            throw .cannotWrite(path: url.path, reason: error.localizedDescription)
        }
    }

    private func write(_ data: Data) throws(DossierError) {
        offset += UInt64(data.count)
        if buffer.isEmpty, data.count >= ZIPStreamWriter.bufferSize {
            // A whole buffer's worth goes straight to the file, not copied through the buffer.
            do {
                try handle.write(contentsOf: data)
            } catch {
                throw .cannotWrite(path: url.path, reason: error.localizedDescription)
            }
            return
        }
        buffer.append(data)
        if buffer.count >= ZIPStreamWriter.bufferSize { try flush() }
    }

    private func flush() throws(DossierError) {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw .cannotWrite(path: url.path, reason: error.localizedDescription)
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

extension Data {
    fileprivate mutating func append(le16 value: UInt16) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    fileprivate mutating func append(le32 value: UInt32) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    fileprivate mutating func append(le64 value: UInt64) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
