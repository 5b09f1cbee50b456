import QMSCore

extension EvidenceRecord {
    /// The record as canonical JSON, written directly rather than through `Codable`.
    ///
    /// Bulk imports write one audit event per record, and the general encoder spent more time per
    /// record than the database did. The output is the same text ``CanonicalJSON/encode(_:)``
    /// gives for the record (a test holds the two together): keys sorted, absent optionals left out.
    public var canonicalJSON: String {
        var output: [UInt8] = []
        output.reserveCapacity(640)
        writeCanonicalJSON(into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the UTF-8 bytes of ``canonicalJSON`` to `output`: a bulk import reuses one buffer
    /// for every record and makes no string of each value on the way.
    /// - Parameter recordedAt: the text of ``recordedAt``, when the caller has it already (every
    ///   record of one import shares it).
    public func writeCanonicalJSON(into output: inout [UInt8], recordedAt recordedAtText: String? = nil) {
        var json = JSONBytes(output: output)
        output = []
        let content = self.content
        json.raw("{\"content\":{\"collectedOn\":")
        json.date(content.collectedOn)
        json.raw(",\"confidentiality\":")
        json.string(content.confidentiality.rawValue)
        if let description = content.description {
            json.raw(",\"description\":")
            json.string(description)
        }
        json.raw(",\"effectiveFrom\":")
        json.date(content.effectiveFrom)
        if let effectiveTo = content.effectiveTo {
            json.raw(",\"effectiveTo\":")
            json.date(effectiveTo)
        }
        json.raw(",\"kind\":")
        json.string(content.kind.rawValue)
        if let link = content.link {
            json.raw(",\"link\":")
            json.string(link)
        }
        json.raw(",\"location\":")
        json.string(content.location)
        json.raw(",\"owner\":")
        json.string(content.owner)
        if let process = content.process {
            json.raw(",\"process\":")
            json.string(process)
        }
        json.raw(",\"requirements\":[")
        for (index, key) in content.requirements.enumerated() {
            if index > 0 { json.byte(UInt8(ascii: ",")) }
            json.key(key)
        }
        json.byte(UInt8(ascii: "]"))
        if let reviewDue = content.reviewDue {
            json.raw(",\"reviewDue\":")
            json.date(reviewDue)
        }
        json.raw(",\"status\":")
        json.string(content.status.rawValue)
        json.raw(",\"tags\":[")
        for (index, tag) in content.tags.enumerated() {
            if index > 0 { json.byte(UInt8(ascii: ",")) }
            json.string(tag)
        }
        json.raw("],\"title\":")
        json.string(content.title)
        if let validUntil = content.validUntil {
            json.raw(",\"validUntil\":")
            json.date(validUntil)
        }
        json.raw("},\"files\":[")
        for (index, file) in files.enumerated() {
            if index > 0 { json.byte(UInt8(ascii: ",")) }
            json.raw("{\"mediaType\":")
            json.string(file.mediaType)
            json.raw(",\"originalName\":")
            json.string(file.originalName)
            json.raw(",\"sha256\":")
            json.string(file.sha256)
            json.raw(",\"size\":")
            json.integer(file.size)
            json.byte(UInt8(ascii: "}"))
        }
        json.raw("],\"id\":")
        json.evidenceID(id)
        json.raw(",\"recordedAt\":")
        json.string(recordedAtText ?? recordedAt.description)
        json.raw(",\"recordedBy\":")
        json.string(recordedBy)
        json.raw(",\"revision\":")
        json.integer(Int64(revision))
        json.raw(",\"status\":")
        json.string(status.rawValue)
        if let withdrawnReason {
            json.raw(",\"withdrawnReason\":")
            json.string(withdrawnReason)
        }
        json.byte(UInt8(ascii: "}"))
        output = json.output
    }
}

/// JSON written as UTF-8 bytes, with the escapes of ``JSONNode/writeString(_:into:)``: `"`, `\`
/// and control characters escaped, everything else as it is.
struct JSONBytes {
    var output: [UInt8]

    mutating func byte(_ value: UInt8) { output.append(value) }

    mutating func raw(_ text: StaticString) {
        output.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func string(_ value: String) {
        output.append(UInt8(ascii: "\""))
        content(value)
        output.append(UInt8(ascii: "\""))
    }

    /// A string's characters, escaped, without the quotes around them.
    private mutating func content(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            var plainStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte == 0x22 || byte == 0x5C || byte < 0x20 else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plainStart..<index]))
                escape(byte)
                plainStart = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plainStart...]))
        }
    }

    private mutating func escape(_ byte: UInt8) {
        output.append(UInt8(ascii: "\\"))
        switch byte {
        case 0x22: output.append(UInt8(ascii: "\""))
        case 0x5C: output.append(UInt8(ascii: "\\"))
        case 0x0A: output.append(UInt8(ascii: "n"))
        case 0x0D: output.append(UInt8(ascii: "r"))
        case 0x09: output.append(UInt8(ascii: "t"))
        default:
            output.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            output.append(JSONBytes.hexDigits[Int(byte >> 4)])
            output.append(JSONBytes.hexDigits[Int(byte & 0xF)])
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `"YYYY-MM-DD"`, as ``CalendarDate/description`` writes it.
    mutating func date(_ date: CalendarDate) {
        // A date computed from a day count may fall outside years 1–9999; its description says how
        // such a year is written, and no record holds one.
        guard date.year >= 0 else { return string(date.description) }
        output.append(UInt8(ascii: "\""))
        digits(date.year, width: 4)
        output.append(UInt8(ascii: "-"))
        digits(date.month, width: 2)
        output.append(UInt8(ascii: "-"))
        digits(date.day, width: 2)
        output.append(UInt8(ascii: "\""))
    }

    /// `"standard:number"`, as ``RequirementKey/description`` writes it.
    mutating func key(_ key: RequirementKey) {
        output.append(UInt8(ascii: "\""))
        content(key.standard.rawValue)
        output.append(UInt8(ascii: ":"))
        content(key.number)
        output.append(UInt8(ascii: "\""))
    }

    /// `"EV-YYYY-NNNN"`, as ``EvidenceID/description`` writes it.
    mutating func evidenceID(_ id: EvidenceID) {
        guard id.number >= 0 else { return string(id.description) }
        raw("\"EV-")
        integer(Int64(id.year))
        output.append(UInt8(ascii: "-"))
        digits(id.number, width: 4)
        output.append(UInt8(ascii: "\""))
    }

    mutating func integer(_ value: Int64) {
        if value < 0 {
            output.append(UInt8(ascii: "-"))
            // The magnitude of the smallest Int64 does not fit in Int64: write it as unsigned.
            unsigned(value.magnitude)
        } else {
            unsigned(UInt64(value))
        }
    }

    private mutating func unsigned(_ value: UInt64) {
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
        withUnsafeMutableBytes(of: &scratch) { buffer in
            var position = buffer.count
            var rest = value
            repeat {
                position -= 1
                buffer[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[position...]))
        }
    }

    /// A non-negative number with leading zeros to `width` digits (more digits when it needs them).
    private mutating func digits(_ value: Int, width: Int) {
        var count = 1
        var rest = value / 10
        while rest > 0 {
            count += 1
            rest /= 10
        }
        for _ in count..<max(count, width) { output.append(UInt8(ascii: "0")) }
        unsigned(UInt64(value))
    }
}
