import Foundation

/// JSON with sorted keys and no insignificant white space: the same value always gives the same
/// text, which the audit trail's hashes and `eqms verify` rely on.
///
/// A small encoder of our own rather than Foundation's `JSONEncoder`: the output must never change
/// between toolchain versions (stored events are compared against re-encoded records), and bulk
/// imports encode one record per row, where `JSONEncoder` cost more than the database work.
public enum CanonicalJSON {
    /// Encodes a value canonically.
    public static func encode<T: Encodable>(_ value: T) throws(StoreError) -> String {
        let encoder = TreeEncoder(codingPath: [])
        do {
            try value.encode(to: encoder)
        } catch {
            throw .database("cannot encode \(T.self) as JSON: \(error)")
        }
        var output = ""
        output.reserveCapacity(512)
        encoder.storage.value.write(into: &output)
        return output
    }
}

/// A JSON value being built.
indirect enum JSONNode {
    case null
    case bool(Bool)
    case integer(Int64)
    case unsigned(UInt64)
    case number(Double)
    case string(String)
    case array(JSONArrayBox)
    case object(JSONObjectBox)

    func write(into output: inout String) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .integer(let value): output += String(value)
        case .unsigned(let value): output += String(value)
        case .number(let value):
            if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
                output += String(Int64(value))
            } else {
                output += value.isFinite ? "\(value)" : "null"
            }
        case .string(let value): JSONNode.writeString(value, into: &output)
        case .array(let box):
            output += "["
            for (index, element) in box.elements.enumerated() {
                if index > 0 { output += "," }
                element.value.write(into: &output)
            }
            output += "]"
        case .object(let box):
            output += "{"
            var first = true
            for key in box.members.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                if !first { output += "," }
                first = false
                JSONNode.writeString(key, into: &output)
                output += ":"
                box.members[key]?.value.write(into: &output)
            }
            output += "}"
        }
    }

    static func writeString(_ value: String, into output: inout String) {
        output += "\""
        var plainStart = value.utf8.startIndex
        var index = plainStart
        let utf8 = value.utf8
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == 0x22 || byte == 0x5C || byte < 0x20 {
                output += String(value[plainStart..<index])
                switch byte {
                case 0x22: output += "\\\""
                case 0x5C: output += "\\\\"
                case 0x0A: output += "\\n"
                case 0x0D: output += "\\r"
                case 0x09: output += "\\t"
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    output +=
                        "\\u00" + String(UnicodeScalar(hex[Int(byte >> 4)]))
                        + String(UnicodeScalar(hex[Int(byte & 0xF)]))
                }
                index = utf8.index(after: index)
                plainStart = index
            } else {
                index = utf8.index(after: index)
            }
        }
        output += String(value[plainStart..<utf8.endIndex])
        output += "\""
    }
}

/// A slot a container writes into, so that nested containers fill their parent in place.
final class JSONSlot {
    var value: JSONNode = .null
}

final class JSONArrayBox {
    var elements: [JSONSlot] = []
}

final class JSONObjectBox {
    var members: [String: JSONSlot] = [:]
}

/// Encodes into a ``JSONSlot``.
final class TreeEncoder: Encoder {
    let storage: JSONSlot
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(codingPath: [any CodingKey], storage: JSONSlot = JSONSlot()) {
        self.codingPath = codingPath
        self.storage = storage
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let box: JSONObjectBox
        if case .object(let existing) = storage.value {
            box = existing
        } else {
            box = JSONObjectBox()
            storage.value = .object(box)
        }
        return KeyedEncodingContainer(KeyedContainer<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let box: JSONArrayBox
        if case .array(let existing) = storage.value {
            box = existing
        } else {
            box = JSONArrayBox()
            storage.value = .array(box)
        }
        return UnkeyedContainer(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(slot: storage, codingPath: codingPath)
    }

    /// The node for a value, through its own `encode(to:)`. Coding paths are not tracked: nothing
    /// here fails on a value, and building them cost more than the encoding itself.
    static func node<T: Encodable>(for value: T) throws -> JSONNode {
        let encoder = TreeEncoder(codingPath: [])
        try value.encode(to: encoder)
        return encoder.storage.value
    }

    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let box: JSONObjectBox
        let codingPath: [any CodingKey]

        private func set(_ node: JSONNode, for key: Key) {
            let slot = JSONSlot()
            slot.value = node
            box.members[key.stringValue] = slot
        }

        mutating func encodeNil(forKey key: Key) throws { set(.null, for: key) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), for: key) }
        mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), for: key) }
        mutating func encode(_ value: Double, forKey key: Key) throws { set(.number(value), for: key) }
        mutating func encode(_ value: Int, forKey key: Key) throws { set(.integer(Int64(value)), for: key) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { set(.integer(value), for: key) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            set(try TreeEncoder.node(for: value), for: key)
        }
        // Optionals that are nil are left out, as JSONEncoder does with `encodeIfPresent`.

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
            -> KeyedEncodingContainer<NestedKey>
        {
            let nested = JSONObjectBox()
            set(.object(nested), for: key)
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: nested, codingPath: codingPath))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let nested = JSONArrayBox()
            set(.array(nested), for: key)
            return UnkeyedContainer(box: nested, codingPath: codingPath)
        }

        mutating func superEncoder() -> any Encoder {
            let slot = JSONSlot()
            box.members["super"] = slot
            return TreeEncoder(codingPath: codingPath, storage: slot)
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            let slot = JSONSlot()
            box.members[key.stringValue] = slot
            return TreeEncoder(codingPath: codingPath, storage: slot)
        }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let box: JSONArrayBox
        let codingPath: [any CodingKey]
        var count: Int { box.elements.count }

        private func append(_ node: JSONNode) {
            let slot = JSONSlot()
            slot.value = node
            box.elements.append(slot)
        }

        mutating func encodeNil() throws { append(.null) }
        mutating func encode(_ value: Bool) throws { append(.bool(value)) }
        mutating func encode(_ value: String) throws { append(.string(value)) }
        mutating func encode(_ value: Double) throws { append(.number(value)) }
        mutating func encode(_ value: Int) throws { append(.integer(Int64(value))) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            append(try TreeEncoder.node(for: value))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
            -> KeyedEncodingContainer<NestedKey>
        {
            let nested = JSONObjectBox()
            append(.object(nested))
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: nested, codingPath: codingPath))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let nested = JSONArrayBox()
            append(.array(nested))
            return UnkeyedContainer(box: nested, codingPath: codingPath)
        }

        mutating func superEncoder() -> any Encoder {
            let slot = JSONSlot()
            box.elements.append(slot)
            return TreeEncoder(codingPath: codingPath, storage: slot)
        }
    }

    struct SingleValueContainer: SingleValueEncodingContainer {
        let slot: JSONSlot
        let codingPath: [any CodingKey]

        mutating func encodeNil() throws { slot.value = .null }
        mutating func encode(_ value: Bool) throws { slot.value = .bool(value) }
        mutating func encode(_ value: String) throws { slot.value = .string(value) }
        mutating func encode(_ value: Double) throws { slot.value = .number(value) }
        mutating func encode(_ value: Int) throws { slot.value = .integer(Int64(value)) }
        mutating func encode(_ value: Int64) throws { slot.value = .integer(value) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            slot.value = try TreeEncoder.node(for: value)
        }
    }
}

/// Lowercase hexadecimal of bytes, without the cost of formatting each byte.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// The bytes as lowercase hexadecimal.
    public static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var characters: [UInt8] = []
        characters.reserveCapacity(64)
        for byte in bytes {
            characters.append(digits[Int(byte >> 4)])
            characters.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: characters, as: UTF8.self)
    }
}
