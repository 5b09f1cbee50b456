/// A QR code (ISO/IEC 18004) of some bytes, as a square of dark and light modules.
///
/// Our own encoder, because no package here draws QR codes: byte mode, error correction level M
/// (15 % of the symbol can be lost) or L, versions 1 to 40 chosen by length, Reed–Solomon codes
/// over GF(256), blocks interleaved, the mask of the eight with the lowest penalty, format and
/// version information. It lives with the other drawings people read (the SVG charts): it is
/// neither domain nor I/O. An authenticator's `otpauth://` URL (100–150 bytes) takes version 7–9 at M.
public struct QRCode: Sendable, Hashable {
    /// Error correction levels; a higher level survives more damage and holds less.
    public enum Correction: Sendable, Hashable {
        /// About 7 % of the codewords can be restored.
        case low
        /// About 15 %: what phones read best from a screen, and the default.
        case medium

        /// The two bits of the format information (ISO/IEC 18004 table 12: L 01, M 00).
        var formatBits: Int {
            switch self {
            case .low: return 1
            case .medium: return 0
            }
        }

        /// Error correction codewords per block, by version (index 0 unused).
        var eccPerBlock: [Int] {
            switch self {
            case .low:
                return [
                    -1, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30,
                    26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
                ]
            case .medium:
                return [
                    -1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28,
                    28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
                ]
            }
        }

        /// Blocks, by version (index 0 unused).
        var blocks: [Int] {
            switch self {
            case .low:
                return [
                    -1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14,
                    15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25,
                ]
            case .medium:
                return [
                    -1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25,
                    26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
                ]
            }
        }
    }

    /// The version, 1 to 40; the side is 17 + 4 × version modules.
    public let version: Int
    /// The mask chosen, 0 to 7.
    public let mask: Int
    /// Modules across (and down).
    public let size: Int
    /// Row-major: `modules[y * size + x]` is dark.
    let modules: [Bool]

    /// Whether the module in column `x`, row `y` is dark (outside the symbol: light).
    public func isDark(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < size, y < size else { return false }
        return modules[y * size + x]
    }

    /// Encodes `bytes` in byte mode; nil when they exceed version 40 (2331 bytes at M).
    public init?(bytes: [UInt8], correction: Correction = .medium) {
        self.init(bytes: bytes, correction: correction, mask: nil)
    }

    /// Encodes with the mask given (0 to 7) rather than the one of lowest penalty: for the tests
    /// that check each mask is drawn as readers undo it.
    init?(bytes: [UInt8], correction: Correction, mask forced: Int?) {
        // The smallest version that holds the mode, the count and the bytes.
        var chosen: Int?
        for version in 1...40 {
            let countBits = version <= 9 ? 8 : 16
            if 4 + countBits + 8 * bytes.count <= 8 * Self.dataCodewords(version: version, correction) {
                chosen = version
                break
            }
        }
        guard let version = chosen else { return nil }
        let codewords = Self.codewords(bytes: bytes, version: version, correction: correction)
        var matrix = Matrix(version: version)
        matrix.drawFunctionPatterns()
        matrix.drawCodewords(codewords)
        // Each mask is tried with its format information in place, as the penalty counts it.
        var best = (mask: 0, penalty: Int.max)
        for mask in forced.map({ [$0] }) ?? Array(0..<8) {
            var trial = matrix
            trial.apply(mask: mask)
            trial.drawFormat(correction: correction, mask: mask)
            let penalty = trial.penalty()
            if penalty < best.penalty { best = (mask, penalty) }
        }
        matrix.apply(mask: best.mask)
        matrix.drawFormat(correction: correction, mask: best.mask)
        self.version = version
        self.mask = best.mask
        self.size = matrix.size
        self.modules = matrix.dark
    }

    /// Encodes a text as its UTF-8 bytes.
    public init?(text: String, correction: Correction = .medium) {
        self.init(bytes: Array(text.utf8), correction: correction)
    }

    // MARK: Capacity and codewords

    /// Modules left for data and error correction once the function patterns are drawn.
    static func rawDataModules(version: Int) -> Int {
        var result = (16 * version + 128) * version + 64
        if version >= 2 {
            let alignments = version / 7 + 2
            result -= (25 * alignments - 10) * alignments - 55
            if version >= 7 { result -= 36 }
        }
        return result
    }

    /// Data codewords a version holds at a level.
    static func dataCodewords(version: Int, _ correction: Correction) -> Int {
        rawDataModules(version: version) / 8 - correction.eccPerBlock[version] * correction.blocks[version]
    }

    /// The final sequence: data in byte mode, padded, split into blocks, each with its
    /// Reed–Solomon codewords, and the blocks interleaved (data first, then error correction).
    static func codewords(bytes: [UInt8], version: Int, correction: Correction) -> [UInt8] {
        let capacity = dataCodewords(version: version, correction)
        var bits = BitBuffer()
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: version <= 9 ? 8 : 16)
        for byte in bytes { bits.append(Int(byte), count: 8) }
        bits.append(0, count: min(4, capacity * 8 - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var data = bits.bytes
        var pad: UInt8 = 0xEC
        while data.count < capacity {
            data.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        // Blocks: the first ones short, the rest one codeword longer (ISO/IEC 18004 table 9).
        let blockCount = correction.blocks[version]
        let eccLength = correction.eccPerBlock[version]
        let raw = rawDataModules(version: version) / 8
        let shortBlocks = blockCount - raw % blockCount
        let shortData = raw / blockCount - eccLength
        let divisor = ReedSolomon.divisor(degree: eccLength)
        var dataBlocks: [[UInt8]] = []
        var eccBlocks: [[UInt8]] = []
        var start = 0
        for index in 0..<blockCount {
            let length = shortData + (index < shortBlocks ? 0 : 1)
            let block = Array(data[start..<start + length])
            start += length
            dataBlocks.append(block)
            eccBlocks.append(ReedSolomon.remainder(block, divisor: divisor))
        }
        var result: [UInt8] = []
        result.reserveCapacity(raw)
        for index in 0..<(shortData + 1) {
            for block in dataBlocks where index < block.count { result.append(block[index]) }
        }
        for index in 0..<eccLength {
            for block in eccBlocks { result.append(block[index]) }
        }
        return result
    }

    /// The centres of the alignment patterns along each axis.
    static func alignmentPositions(version: Int) -> [Int] {
        guard version > 1 else { return [] }
        let count = version / 7 + 2
        let size = version * 4 + 17
        let step = (version * 8 + count * 3 + 5) / (count * 4 - 4) * 2
        var positions: [Int] = []
        var position = size - 7
        for _ in 0..<(count - 1) {
            positions.insert(position, at: 0)
            position -= step
        }
        return [6] + positions
    }
}

/// Bits appended most significant first.
struct BitBuffer {
    private(set) var bits: [Bool] = []
    var count: Int { bits.count }

    mutating func append(_ value: Int, count: Int) {
        guard count > 0 else { return }
        for shift in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) }
    }

    var bytes: [UInt8] {
        stride(from: 0, to: bits.count, by: 8).map { start in
            var byte: UInt8 = 0
            for offset in 0..<8 {
                byte <<= 1
                if start + offset < bits.count, bits[start + offset] { byte |= 1 }
            }
            return byte
        }
    }
}

/// Reed–Solomon error correction over GF(2^8) with the QR code's polynomial x^8+x^4+x^3+x^2+1.
enum ReedSolomon {
    /// The product of two field elements.
    static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var product = 0
        for bit in stride(from: 7, through: 0, by: -1) {
            product = (product << 1) ^ ((product >> 7) * 0x11D)
            product ^= Int((y >> UInt8(bit)) & 1) * Int(x)
        }
        return UInt8(product & 0xFF)
    }

    /// The generator polynomial (x − α^0)(x − α^1)…(x − α^(degree−1)), highest power first, its
    /// leading 1 left out.
    static func divisor(degree: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for index in result.indices {
                result[index] = multiply(result[index], root)
                if index + 1 < result.count { result[index] ^= result[index + 1] }
            }
            root = multiply(root, 0x02)
        }
        return result
    }

    /// The remainder of the data (as a polynomial times x^degree) divided by the generator: the
    /// error correction codewords.
    static func remainder(_ data: [UInt8], divisor: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: divisor.count)
        for byte in data {
            let factor = byte ^ result.removeFirst()
            result.append(0)
            for index in result.indices { result[index] ^= multiply(divisor[index], factor) }
        }
        return result
    }
}

/// The symbol while it is drawn: modules, and which of them belong to function patterns (never
/// masked, never data).
struct Matrix {
    let version: Int
    let size: Int
    var dark: [Bool]
    var function: [Bool]

    init(version: Int) {
        self.version = version
        self.size = version * 4 + 17
        self.dark = Array(repeating: false, count: size * size)
        self.function = Array(repeating: false, count: size * size)
    }

    mutating func set(_ x: Int, _ y: Int, _ isDark: Bool) {
        dark[y * size + x] = isDark
        function[y * size + x] = true
    }

    mutating func drawFunctionPatterns() {
        for index in 0..<size {
            set(6, index, index % 2 == 0)
            set(index, 6, index % 2 == 0)
        }
        drawFinder(3, 3)
        drawFinder(size - 4, 3)
        drawFinder(3, size - 4)
        let positions = QRCode.alignmentPositions(version: version)
        let last = positions.count - 1
        for (i, x) in positions.enumerated() {
            for (j, y) in positions.enumerated() {
                // The three corners taken by finder patterns have none.
                if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                drawAlignment(x, y)
            }
        }
        // Reserve the format areas (drawn for real once the mask is known) and the dark module.
        drawFormat(correction: .medium, mask: 0)
        drawVersion()
    }

    private mutating func drawFinder(_ x: Int, _ y: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let distance = max(abs(dx), abs(dy))
                let (column, row) = (x + dx, y + dy)
                if column >= 0, column < size, row >= 0, row < size {
                    set(column, row, distance != 2 && distance != 4)
                }
            }
        }
    }

    private mutating func drawAlignment(_ x: Int, _ y: Int) {
        for dy in -2...2 {
            for dx in -2...2 { set(x + dx, y + dy, max(abs(dx), abs(dy)) != 1) }
        }
    }

    /// The 15 format bits (level, mask, BCH code, XOR 0x5412), twice, and the dark module.
    mutating func drawFormat(correction: QRCode.Correction, mask: Int) {
        let data = correction.formatBits << 3 | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = (data << 10 | remainder) ^ 0x5412
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
        for index in 0...5 { set(8, index, bit(index)) }
        set(8, 7, bit(6))
        set(8, 8, bit(7))
        set(7, 8, bit(8))
        for index in 9..<15 { set(14 - index, 8, bit(index)) }
        for index in 0..<8 { set(size - 1 - index, 8, bit(index)) }
        for index in 8..<15 { set(8, size - 15 + index, bit(index)) }
        set(8, size - 8, true)
    }

    /// The 18 version bits (version 7 and above), twice.
    private mutating func drawVersion() {
        guard version >= 7 else { return }
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        let bits = version << 12 | remainder
        for index in 0..<18 {
            let isDark = (bits >> index) & 1 == 1
            let a = size - 11 + index % 3
            let b = index / 3
            set(a, b, isDark)
            set(b, a, isDark)
        }
    }

    /// Places the codewords in two-module columns from the bottom right, zigzagging up and down,
    /// skipping the vertical timing pattern and every function module.
    mutating func drawCodewords(_ codewords: [UInt8]) {
        var index = 0
        let total = codewords.count * 8
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vertical in 0..<size {
                for offset in 0..<2 {
                    let x = right - offset
                    let upward = (right + 1) & 2 == 0
                    let y = upward ? size - 1 - vertical : vertical
                    if !function[y * size + x], index < total {
                        dark[y * size + x] = (codewords[index >> 3] >> UInt8(7 - (index & 7))) & 1 == 1
                        index += 1
                    }
                }
            }
            right -= 2
        }
    }

    /// XORs a mask pattern over every non-function module (applying it twice undoes it).
    mutating func apply(mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !function[y * size + x] {
                let invert: Bool
                switch mask {
                case 0: invert = (x + y) % 2 == 0
                case 1: invert = y % 2 == 0
                case 2: invert = x % 3 == 0
                case 3: invert = (x + y) % 3 == 0
                case 4: invert = (x / 3 + y / 2) % 2 == 0
                case 5: invert = x * y % 2 + x * y % 3 == 0
                case 6: invert = (x * y % 2 + x * y % 3) % 2 == 0
                default: invert = ((x + y) % 2 + x * y % 3) % 2 == 0
                }
                if invert { dark[y * size + x].toggle() }
            }
        }
    }

    /// ISO/IEC 18004 7.8.3's penalty: runs of five or more, 2×2 blocks, finder-like patterns, and
    /// the distance of the dark share from one half.
    func penalty() -> Int {
        var result = 0
        func module(_ x: Int, _ y: Int, _ horizontal: Bool) -> Bool {
            horizontal ? dark[y * size + x] : dark[x * size + y]
        }
        let finderLike: [[Bool]] = [
            [true, false, true, true, true, false, true, false, false, false, false],
            [false, false, false, false, true, false, true, true, true, false, true],
        ]
        for horizontal in [true, false] {
            for line in 0..<size {
                // Rule 1: each run of five or more modules of one colour costs 3, plus 1 per extra module.
                var run = 1
                for position in 1..<size {
                    if module(position, line, horizontal) == module(position - 1, line, horizontal) {
                        run += 1
                    } else {
                        if run >= 5 { result += run - 2 }
                        run = 1
                    }
                }
                if run >= 5 { result += run - 2 }
                // Rule 3: 1:1:3:1:1 with four light modules on either side costs 40.
                if size >= 11 {
                    for start in 0...(size - 11) {
                        for pattern in finderLike
                        where (0..<11).allSatisfy({ module(start + $0, line, horizontal) == pattern[$0] }) {
                            result += 40
                        }
                    }
                }
            }
        }
        // Rule 2: each 2×2 block of one colour costs 3.
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let colour = dark[y * size + x]
                if dark[y * size + x + 1] == colour, dark[(y + 1) * size + x] == colour,
                    dark[(y + 1) * size + x + 1] == colour
                {
                    result += 3
                }
            }
        }
        // Rule 4: 10 for each whole 5 % the dark share is away from 50 %.
        let darkCount = dark.filter { $0 }.count
        let percent = darkCount * 100 / (size * size)
        result += abs(percent - 50) / 5 * 10
        return result
    }
}
