import Dispatch
import Foundation
import FuzzSupport
import HTTPTypes
import Hummingbird
import NIOCore

@testable import QMSWeb

/// The largest file part the harness allows, small so that the limit is met often.
private let maximumFileSize: Int64 = 2048
/// The largest text field the harness allows.
private let maximumFieldSize = 512

/// One outcome carried out of the task that parsed it.
private final class Outcome: @unchecked Sendable {
    var problem: String?
}

/// The body as the network might deliver it: in chunks of a size the input chooses.
private func chunks(_ body: [UInt8], size: Int) -> AsyncStream<ByteBuffer> {
    AsyncStream { continuation in
        var start = 0
        while start < body.count {
            let end = min(body.count, start + size)
            continuation.yield(ByteBuffer(bytes: body[start..<end]))
            start = end
        }
        continuation.finish()
    }
}

/// The temporary upload folders left behind; there must be none once a form is cleaned up or
/// refused.
private func leftovers() -> [String] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())) ?? []
    return entries.filter { $0.hasPrefix("eqms-upload-") }
}

/// Input layout: the first byte chooses the chunk size, the bytes up to the first newline are
/// the Content-Type header, the rest is the body.
public func multipartFuzz(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let input = [UInt8](FuzzOracle.data(bytes, count))
    guard let first = input.first else { return 0 }
    let chunkSize = first == 0 ? max(1, input.count) : Int(first % 97) + 1
    let rest = input.dropFirst()
    let newline = rest.firstIndex(of: UInt8(ascii: "\n")) ?? rest.endIndex
    let contentType = String(decoding: rest[..<newline], as: UTF8.self)
    let body = Array(rest[min(rest.endIndex, newline + 1)...])
    var fields: HTTPFields = [:]
    fields[.contentType] = contentType
    let request = Request(
        head: HTTPRequest(method: .post, scheme: "http", authority: "fuzz", path: "/evidence", headerFields: fields),
        body: RequestBody(asyncSequence: chunks(body, size: chunkSize)))
    let outcome = Outcome()
    let done = DispatchSemaphore(value: 0)
    Task {
        defer { done.signal() }
        do {
            let form = try await MultipartForm.read(
                request, maximumFileSize: maximumFileSize, maximumFieldSize: maximumFieldSize)
            for file in form.files {
                let onDisk = (try? FileManager.default.attributesOfItem(atPath: file.url.path)[.size] as? Int) ?? -1
                if file.size > maximumFileSize { outcome.problem = "a file over the limit was accepted" }
                if Int64(onDisk) != file.size { outcome.problem = "file size \(file.size), on disk \(onDisk)" }
            }
            // The limit holds on the bytes received; decoding turns each invalid UTF-8 byte into
            // U+FFFD (three bytes), so a field's text may be up to three times its limit.
            for value in form.fields.values.joined() where value.utf8.count > 3 * maximumFieldSize {
                outcome.problem = "a field over the limit was accepted"
            }
            form.cleanUp()
        } catch is MultipartForm.Failure {
            // Refused with a reason the route turns into 400 or 413.
        } catch {
            outcome.problem = "an error that is not MultipartForm.Failure: \(error)"
        }
    }
    done.wait()
    if let problem = outcome.problem { FuzzOracle.fail("fuzz-multipart", problem) }
    let left = leftovers()
    if !left.isEmpty { FuzzOracle.fail("fuzz-multipart", "temporary upload folders left behind: \(left)") }
    return 0
}

/// The same callback under the name libFuzzer's own `main` looks for, when the runtime links it.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 { multipartFuzz(bytes, count) }
