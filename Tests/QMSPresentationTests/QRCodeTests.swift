import Foundation
import QMSCore
import TestSupport
import Testing

@testable import QMSPresentation

@Suite("The QR code encoder, checked by decoding its SVG with zbar")
struct QRCodeTests {
    /// Draws `text` as SVG, rasterises it with librsvg and decodes it with zbarimg: what a phone does.
    func decoded(_ text: String, correction: QRCode.Correction = .medium) throws -> (QRCode, String) {
        try decoded(try #require(QRCode(text: text, correction: correction)))
    }

    /// Rasterises and decodes a code already made.
    func decoded(_ code: QRCode) throws -> (QRCode, String) {
        let folder = try TemporaryFolder()
        let svg = folder.file("code.svg")
        let png = folder.path("code.png")
        try Data(code.svg(title: "QR").utf8).write(to: svg)
        let raster = try Program.run("/usr/bin/rsvg-convert", ["-w", "400", "-b", "white", "-o", png, svg.path])
        #expect(raster.status == 0, "\(raster.errors)")
        let read = try Program.run("/usr/bin/zbarimg", ["--raw", "-q", png])
        #expect(read.status == 0, "zbarimg found no code: \(read.errors)")
        // zbarimg ends its output with a line break of its own.
        var output = read.output
        if output.hasSuffix("\n") { output.removeLast() }
        return (code, output)
    }

    /// A text of `length` ASCII characters that is not all one letter.
    static func sample(_ length: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789-._~ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return String((0..<length).map { alphabet[($0 * 7 + $0 / 3) % alphabet.count] })
    }

    @Test(
        "texts of several lengths, across version boundaries, decode to themselves",
        arguments: [1, 10, 14, 15, 60, 84, 85, 120, 150, 200, 213, 214, 400])
    func lengths(_ length: Int) throws {
        let text = Self.sample(length)
        let (code, output) = try decoded(text)
        #expect(output == text, "version \(code.version), mask \(code.mask)")
        #expect(code.size == 17 + 4 * code.version)
    }

    @Test("the versions chosen at level M are the smallest that hold the bytes (ISO/IEC 18004 table 7)")
    func versions() throws {
        // Byte-mode capacities at M: 14, 26, 42, 62, 84, 106, 122, 152, 180, 213 for versions 1 to 10.
        let capacities = [14, 26, 42, 62, 84, 106, 122, 152, 180, 213]
        for (index, capacity) in capacities.enumerated() {
            #expect(QRCode(bytes: Array(repeating: 0x41, count: capacity))?.version == index + 1)
            #expect(QRCode(bytes: Array(repeating: 0x41, count: capacity + 1))?.version == index + 2)
        }
        #expect(QRCode(bytes: Array(repeating: 0x41, count: 2332)) == nil, "beyond version 40 at M")
    }

    @Test("level L decodes too, and holds more in a version")
    func levelLow() throws {
        let text = Self.sample(100)
        let (code, output) = try decoded(text, correction: .low)
        #expect(output == text)
        #expect(code.version < (QRCode(text: text)?.version ?? 0))
    }

    @Test("UTF-8 with Arabic decodes to the same text")
    func arabic() throws {
        let text = "الهيئة الوطنية العليا للانتخابات — HNEC ٢٠٢٦"
        let (_, output) = try decoded(text)
        #expect(output == text)
    }

    @Test("an authenticator's enrolment URL decodes")
    func enrolmentURL() throws {
        let url = AuthenticatorURL.make(
            issuer: "ElectoralQMS (HNEC)", account: "amal.benali", secret: Array(repeating: 0x5A, count: 20),
            parameters: TOTPParameters())
        let (code, output) = try decoded(url)
        #expect(output == url)
        // 159 bytes: more than version 8 holds at M (152), within version 9 (180).
        #expect(code.version == 9, "\(url.utf8.count) bytes")
    }

    @Test("each of the eight masks, forced, is drawn as readers undo it", arguments: 0..<8)
    func masks(_ mask: Int) throws {
        let text = "otpauth://totp/ElectoralQMS:mask-\(mask)?secret=" + String(repeating: "AB", count: 16)
        let code = try #require(QRCode(bytes: Array(text.utf8), correction: .medium, mask: mask))
        #expect(code.mask == mask)
        let (_, output) = try decoded(code)
        #expect(output == text)
    }

    @Test("the SVG: one path, crisp edges, a viewBox with the quiet zone, and the caller's title escaped")
    func svgShape() throws {
        let code = try #require(QRCode(text: "otpauth://totp/x"))
        let svg = code.svg(title: "Scan <this> & \"that\"")
        #expect(svg.components(separatedBy: "<path").count == 2)
        #expect(svg.contains("shape-rendering=\"crispEdges\""))
        #expect(svg.contains("viewBox=\"0 0 \(code.size + 8) \(code.size + 8)\""))
        #expect(svg.contains("<title>Scan &lt;this&gt; &amp; &quot;that&quot;</title>"))
        // The finder pattern's corner module is dark, inside the quiet zone.
        #expect(code.svgPath.hasPrefix("M4,4h7v1h-7z"))
    }
}
