import Foundation
import Hummingbird

/// A printable document (the quarterly report, an audit report) as a download: the page itself,
/// shown in the browser under the documents' own security policy, or the PDF Chromium printed.
enum DocumentResponse {
    /// The page, inline.
    static func html(_ html: String, name: String) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/html; charset=utf-8", .contentDisposition: "inline; filename=\"\(name)\"",
                .contentSecurityPolicy: SecurityHeaders.documentPolicy, .cacheControl: "no-store",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// The PDF `print` writes to the file it is given, as an attachment; the file is removed after.
    static func pdf(name: String, print: (URL) throws -> Void) throws -> Response {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eqms-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(name)
        try print(file)
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/pdf", .contentDisposition: "attachment; filename=\"\(name)\"",
                .cacheControl: "no-store",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try Data(contentsOf: file))))
    }
}
