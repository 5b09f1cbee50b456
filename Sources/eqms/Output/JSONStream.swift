import Foundation
import QMSCore

/// A JSON array written to standard output element by element, through a buffer, in the layout
/// ``Console/json(_:)`` prints (two-space indentation, `" : "`, sorted keys, slashes unescaped):
/// a register of any length is written as it is read, never held whole nor encoded at once.
///
/// The service hands pages over one after another from one read (never concurrently), hence
/// `@unchecked Sendable`: the closure that receives them must be `@Sendable`.
final class JSONArrayStream: @unchecked Sendable {
    private var output = JSONBytes()
    private var count = 0

    init() { output.bytes.append(UInt8(ascii: "[")) }

    /// Adds evidence records as elements.
    func add(_ records: [EvidenceRecord]) throws {
        for record in records {
            output.bytes.append(contentsOf: count == 0 ? [0x0A] : [UInt8(ascii: ","), 0x0A])
            output.indent(1)
            output.evidence(record, level: 1)
            count += 1
            if output.bytes.count >= JSONArrayStream.flushSize { try flush() }
        }
    }

    /// Closes the array (as `JSONEncoder` writes an empty one when nothing came) and flushes.
    func finish() throws {
        output.bytes.append(contentsOf: count == 0 ? [0x0A, 0x0A] : [0x0A])
        output.bytes.append(contentsOf: [UInt8(ascii: "]"), 0x0A])
        try flush()
    }

    private static let flushSize = 1 << 16

    private func flush() throws {
        var written = 0
        let total = output.bytes.count
        try output.bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            while written < total {
                let result = Foundation.write(STDOUT_FILENO, base + written, total - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
                }
                written += result
            }
        }
        output.bytes.removeAll(keepingCapacity: true)
    }
}

/// The bytes of pretty-printed JSON, written the way Foundation's `JSONEncoder` writes them with
/// `.prettyPrinted, .sortedKeys, .withoutEscapingSlashes`: keys in order, nil optionals left out,
/// an empty array as `[`, two line breaks and `]`, strings escaped as it escapes them.
struct JSONBytes {
    var bytes: [UInt8] = []

    mutating func indent(_ level: Int) {
        let count = 2 * level
        if count <= JSONBytes.spaces.count {
            bytes.append(contentsOf: JSONBytes.spaces[..<count])
        } else {
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
        }
    }

    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 16)

    /// A string literal: `"` and `\` escaped, the control characters JSON forbids as short
    /// escapes where there is one and `\u00xx` otherwise; everything else as its UTF-8.
    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = value
        text.withUTF8 { utf8 in
            var start = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: "u00".utf8)
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 0x0F)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func integer<T: BinaryInteger>(_ value: T) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// An object whose members `members` writes, each through the `member` it is given.
    mutating func object(level: Int, _ members: (inout JSONObjectWriter) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        var writer = JSONObjectWriter(level: level, output: self)
        bytes = []
        members(&writer)
        self = writer.output
        bytes.append(0x0A)
        indent(level)
        bytes.append(UInt8(ascii: "}"))
    }

    /// An array of `items`, each written by `element` at the array's level plus one.
    mutating func array<T>(_ items: [T], level: Int, _ element: (inout JSONBytes, T) -> Void) {
        bytes.append(UInt8(ascii: "["))
        if items.isEmpty {
            bytes.append(contentsOf: [0x0A, 0x0A])
        } else {
            for (index, item) in items.enumerated() {
                bytes.append(contentsOf: index == 0 ? [0x0A] : [UInt8(ascii: ","), 0x0A])
                indent(level + 1)
                element(&self, item)
            }
            bytes.append(0x0A)
        }
        indent(level)
        bytes.append(UInt8(ascii: "]"))
    }

    /// An evidence record as `EvidenceRecord`'s `Codable` conformance encodes it.
    mutating func evidence(_ record: EvidenceRecord, level: Int) {
        object(level: level) { members in
            members.member("content") { output, level in output.evidenceContent(record.content, level: level) }
            members.member("files") { output, level in
                output.array(record.files, level: level) { output, file in output.evidenceFile(file, level: level + 1) }
            }
            members.member("id") { output, _ in output.string(record.id.description) }
            members.member("recordedAt") { output, _ in output.string(record.recordedAt.description) }
            members.member("recordedBy") { output, _ in output.string(record.recordedBy) }
            members.member("revision") { output, _ in output.integer(record.revision) }
            members.member("status") { output, _ in output.string(record.status.rawValue) }
            members.member("withdrawnReason", record.withdrawnReason)
        }
    }

    private mutating func evidenceContent(_ content: EvidenceDraft, level: Int) {
        object(level: level) { members in
            members.member("collectedOn", content.collectedOn.description)
            members.member("confidentiality", content.confidentiality.rawValue)
            members.member("description", content.description)
            members.member("effectiveFrom", content.effectiveFrom.description)
            members.member("effectiveTo", content.effectiveTo?.description)
            members.member("kind", content.kind.rawValue)
            members.member("link", content.link)
            members.member("location", content.location)
            members.member("owner", content.owner)
            members.member("process", content.process)
            members.member("requirements") { output, level in
                output.array(content.requirements, level: level) { output, key in output.string(key.description) }
            }
            members.member("reviewDue", content.reviewDue?.description)
            members.member("status", content.status.rawValue)
            members.member("tags") { output, level in
                output.array(content.tags, level: level) { output, tag in output.string(tag) }
            }
            members.member("title", content.title)
            members.member("validUntil", content.validUntil?.description)
        }
    }

    private mutating func evidenceFile(_ file: EvidenceFile, level: Int) {
        object(level: level) { members in
            members.member("mediaType", file.mediaType)
            members.member("originalName", file.originalName)
            members.member("sha256", file.sha256)
            members.member("size") { output, _ in output.integer(file.size) }
        }
    }
}

/// The members of one object, written in the order given (callers give them sorted by key).
struct JSONObjectWriter {
    let level: Int
    var output: JSONBytes
    private var count = 0

    init(level: Int, output: JSONBytes) {
        self.level = level
        self.output = output
    }

    /// A member whose value `value` writes, given the member's level.
    mutating func member(_ key: String, _ value: (inout JSONBytes, Int) -> Void) {
        output.bytes.append(contentsOf: count == 0 ? [0x0A] : [UInt8(ascii: ","), 0x0A])
        output.indent(level + 1)
        output.string(key)
        output.bytes.append(contentsOf: " : ".utf8)
        value(&output, level + 1)
        count += 1
    }

    /// A string member, left out when nil (as `encodeIfPresent` leaves it).
    mutating func member(_ key: String, _ value: String?) {
        guard let value else { return }
        member(key) { output, _ in output.string(value) }
    }
}
