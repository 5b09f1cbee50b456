import Foundation
import Hummingbird
import NIOCore
import QMSCore
import QMSPresentation

/// A `multipart/form-data` body read as it streams in: text fields into memory (small, bounded),
/// files straight into temporary files on disk (never the whole file in memory), each bounded by
/// a size limit.
struct MultipartForm {
    /// A file part, written to a temporary file.
    struct File {
        var field: String
        /// The name the browser sent, for display only.
        var filename: String
        var url: URL
        var size: Int64
    }

    var fields: [String: [String]] = [:]
    var files: [File] = []
    /// The folder holding the temporary files; remove it when done.
    let folder: URL

    /// The first value of a text field, trimmed; nil when absent or blank.
    func value(_ name: String) -> String? {
        guard let value = fields[name]?.first?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }

    /// Every value of a field, in the order sent (a picker sends one per requirement chosen).
    func values(_ name: String) -> [String] { fields[name] ?? [] }

    /// Removes the temporary files.
    func cleanUp() { try? FileManager.default.removeItem(at: folder) }

    enum Failure: Error, Equatable {
        case notMultipart
        case fieldTooLarge(String)
        case fileTooLarge(String)
        case malformed(String)
    }

    /// Reads the body of a form that uploads files, as every upload route does: within `limit`
    /// bytes per file, a body that cannot be read is refused with the status that says why (415
    /// not multipart, 413 too large, 400 broken) and a message in the page's language.
    static func read(request: Request, context: WebContext, limit: Int64) async throws -> MultipartForm {
        do {
            return try await read(request, maximumFileSize: limit)
        } catch let failure as Failure {
            throw HTTPError(status(of: failure), message: describe(failure, context.language))
        }
    }

    /// 415 for a body that is not multipart, 413 for a part over its limit, 400 for a broken body.
    static func status(of failure: Failure) -> HTTPResponse.Status {
        switch failure {
        case .notMultipart: return .unsupportedMediaType
        case .fieldTooLarge, .fileTooLarge: return .contentTooLarge
        case .malformed: return .badRequest
        }
    }

    /// What went wrong, in `language`; the parser's own detail of a broken body is kept as it is.
    static func describe(_ failure: Failure, _ language: Language) -> String {
        switch failure {
        case .notMultipart: return Messages.shared.text("upload_not_multipart", language)
        case .fieldTooLarge(let name): return Messages.shared.text("upload_field_too_large", language, ["field": name])
        case .fileTooLarge(let name): return Messages.shared.text("upload_file_too_large", language, ["file": name])
        case .malformed(let detail): return Messages.shared.text("upload_malformed", language, ["detail": detail])
        }
    }

    /// Reads a request body.
    /// - Parameters:
    ///   - maximumFileSize: bytes allowed per file.
    ///   - maximumFieldSize: bytes allowed per text field.
    static func read(_ request: Request, maximumFileSize: Int64, maximumFieldSize: Int = 64 * 1024) async throws
        -> MultipartForm
    {
        guard let contentType = request.headers[.contentType],
            contentType.lowercased().hasPrefix("multipart/form-data"),
            let boundary = boundary(from: contentType)
        else { throw Failure.notMultipart }
        // RFC 2046: 1 to 70 characters. An empty one would match everywhere (and the parser traps on it).
        guard (1...70).contains(boundary.utf8.count) else {
            throw Failure.malformed("the boundary must be 1 to 70 characters long")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eqms-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let state = ParseState(folder: folder, maximumFileSize: maximumFileSize, maximumFieldSize: maximumFieldSize)
        let parser = MultipartBodyParser(boundary: boundary)
        parser.onHeader = { name, value in state.header(name, value) }
        parser.onBody = { buffer in state.body(&buffer) }
        parser.onPartComplete = { state.complete() }
        // A body cut short (a dropped connection, a hostile client) ends without its closing
        // boundary; the parser does not notice, so the last bytes are kept to check.
        let closing = Array("--\(boundary)--".utf8)
        var tail: [UInt8] = []
        do {
            for try await buffer in request.body {
                tail.append(contentsOf: buffer.readableBytesView.suffix(closing.count + 4))
                if tail.count > closing.count + 4 { tail.removeFirst(tail.count - closing.count - 4) }
                try parser.execute(buffer)
                if let failure = state.failure { throw failure }
            }
            if let failure = state.failure { throw failure }
            while let last = tail.last, last == UInt8(ascii: "\r") || last == UInt8(ascii: "\n") { tail.removeLast() }
            guard tail.count >= closing.count, Array(tail.suffix(closing.count)) == closing else {
                throw Failure.malformed("the body ends before its closing boundary (the upload was cut short)")
            }
        } catch {
            try? state.handle?.close()
            try? FileManager.default.removeItem(at: folder)
            if let failure = error as? Failure { throw failure }
            throw Failure.malformed("\(error)")
        }
        return MultipartForm(fields: state.fields, files: state.files, folder: folder)
    }

    static func boundary(from contentType: String) -> String? {
        for part in contentType.split(separator: ";") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            if trimmed.lowercased().hasPrefix("boundary=") {
                let value = trimmed.dropFirst("boundary=".count)
                return value.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    /// The parser's state between callbacks (it is driven from one task, never concurrently).
    final class ParseState {
        let folder: URL
        let maximumFileSize: Int64
        let maximumFieldSize: Int
        var fields: [String: [String]] = [:]
        var files: [File] = []
        var failure: Failure?
        var name: String?
        var filename: String?
        var text: [UInt8] = []
        var handle: FileHandle?
        var url: URL?
        var size: Int64 = 0

        init(folder: URL, maximumFileSize: Int64, maximumFieldSize: Int) {
            self.folder = folder
            self.maximumFileSize = maximumFileSize
            self.maximumFieldSize = maximumFieldSize
        }

        func header(_ name: String, _ value: String) {
            guard name.lowercased() == "content-disposition" else { return }
            self.name = Self.parameter("name", in: value)
            self.filename = Self.parameter("filename", in: value)
        }

        func body(_ buffer: inout ByteBuffer) {
            guard failure == nil else { return }
            if let filename {
                // A file input left empty still sends a part with an empty filename: skip it.
                if filename.isEmpty { return }
                if handle == nil {
                    let file = folder.appendingPathComponent(UUID().uuidString)
                    // A file that cannot be opened fails the form rather than storing it empty.
                    guard FileManager.default.createFile(atPath: file.path, contents: nil),
                        let opened = try? FileHandle(forWritingTo: file)
                    else {
                        failure = .malformed("cannot write upload to \(folder.path)")
                        return
                    }
                    handle = opened
                    url = file
                }
                size += Int64(buffer.readableBytes)
                guard size <= maximumFileSize else {
                    failure = .fileTooLarge(filename)
                    return
                }
                if let bytes = buffer.readBytes(length: buffer.readableBytes) {
                    do { try handle?.write(contentsOf: bytes) } catch {
                        failure = .malformed("cannot write upload: \(error)")
                    }
                }
            } else {
                guard text.count + buffer.readableBytes <= maximumFieldSize else {
                    failure = .fieldTooLarge(name ?? "?")
                    return
                }
                text += buffer.readBytes(length: buffer.readableBytes) ?? []
            }
        }

        func complete() {
            defer {
                name = nil
                filename = nil
                text = []
                handle = nil
                url = nil
                size = 0
            }
            guard failure == nil, let name else { return }
            if let filename {
                try? handle?.close()
                if let url, !filename.isEmpty {
                    files.append(File(field: name, filename: filename, url: url, size: size))
                }
            } else {
                fields[name, default: []].append(String(decoding: text, as: UTF8.self))
            }
        }

        /// A parameter of a Content-Disposition value: `form-data; name="files"; filename="a.pdf"`.
        static func parameter(_ key: String, in value: String) -> String? {
            for part in value.split(separator: ";") {
                let trimmed = part.trimmingCharacters(in: .whitespaces)
                guard let equals = trimmed.firstIndex(of: "=") else { continue }
                let name = trimmed[..<equals].lowercased()
                guard name == key else { continue }
                var raw = String(trimmed[trimmed.index(after: equals)...])
                if raw.hasPrefix("\""), raw.hasSuffix("\""), raw.count >= 2 { raw = String(raw.dropFirst().dropLast()) }
                return raw.replacingOccurrences(of: "\\\"", with: "\"")
            }
            return nil
        }
    }
}
