import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import QMSCore
import QMSPresentation

/// The values of a page that belong to one session rather than to everyone of a role: written as
/// markers when a page is rendered once for all its readers, and filled in for each reader.
enum PersonalSlot: Int, CaseIterable, Sendable {
    case csrf = 1
    case username
    case displayName
    case initial
    case processes
    /// The reader's count of unread reminders in their inbox (see ``PageCache/unread(for:token:)``).
    case unread
    /// The same count in the reader's digits (`٣` in Arabic), as the header shows it.
    case unreadText

    /// A number drawn when the process starts, so that no text typed into a record can be taken
    /// for a marker.
    private static let nonce = (0..<12).map { _ in String(Int.random(in: 0...9)) }.joined()

    /// The marker written in the value's place: U+F8FF (private use) around digits, which no
    /// escaping or change of case alters.
    var marker: String { "\u{F8FF}\(Self.nonce)\(rawValue)\u{F8FF}" }
}

/// One reader's values of the ``PersonalSlot``s.
struct PersonalValues: Sendable {
    private var values: [PersonalSlot: String]

    init(csrf: String, user: User, unread: Int, locale: PresentationLocale) {
        let name = user.displayName.isEmpty ? user.username : user.displayName
        values = [
            .csrf: csrf, .username: user.username, .displayName: user.displayName,
            .initial: String(name.prefix(1)).uppercased(), .processes: user.processes.joined(separator: ", "),
            .unread: String(unread), .unreadText: NumberFormatting(locale).integer(unread),
        ]
    }

    subscript(slot: PersonalSlot) -> String { values[slot] ?? "" }
}

extension WebContext {
    /// `value`, or its marker when the page is being rendered for every reader of the role.
    func personal(_ slot: PersonalSlot, _ value: String) -> String { sharesRender ? slot.marker : value }
}

/// A page rendered once for every reader of a role, language, time zone and day: its bytes cut at
/// the markers of the values that belong to each reader.
struct SharedPage: Sendable {
    enum Part: Sendable {
        case bytes(ByteBuffer)
        case slot(PersonalSlot)
    }

    var headers: HTTPFields
    var parts: [Part]
    /// The bytes kept, for the cache's capacity.
    var cost: Int

    /// Cuts `body` at the markers.
    init(headers: HTTPFields, body: ByteBuffer) {
        // The length is the markers' body's; each reader's body has its own, which a response
        // built from these headers then sets. (Left in, a browser waits for bytes never sent.)
        var headers = headers
        headers[.contentLength] = nil
        self.headers = headers
        self.cost = body.readableBytes + 256
        let markers = PersonalSlot.allCases.map { slot in (slot, Array(slot.marker.utf8)) }
        let bytes = body.readableBytesView
        let lead = markers[0].1[0]
        var parts: [Part] = []
        var start = bytes.startIndex
        var index = start
        while let found = bytes[index...].firstIndex(of: lead) {
            guard let match = markers.first(where: { bytes[found...].starts(with: $0.1) }) else {
                index = found + 1
                continue
            }
            if found > start { parts.append(.bytes(Self.slice(body, from: start, to: found))) }
            parts.append(.slot(match.0))
            start = found + match.1.count
            index = start
        }
        if bytes.endIndex > start { parts.append(.bytes(Self.slice(body, from: start, to: bytes.endIndex))) }
        self.parts = parts
    }

    /// The bytes of `body` between two indices of its readable bytes view.
    private static func slice(_ body: ByteBuffer, from start: Int, to end: Int) -> ByteBuffer {
        body.getSlice(at: start, length: end - start) ?? ByteBuffer()
    }

    /// The page for one reader: their values escaped as the templates escape text.
    func body(for values: PersonalValues) -> ByteBuffer {
        var size = 0
        for part in parts { if case .bytes(let bytes) = part { size += bytes.readableBytes + 64 } }
        var body = ByteBuffer()
        body.reserveCapacity(size)
        for part in parts {
            switch part {
            case .bytes(var bytes): body.writeBuffer(&bytes)
            case .slot(let slot): body.writeString(Self.escaped(values[slot]))
            }
        }
        return body
    }

    /// Text escaped as Mustache escapes `{{value}}`.
    static func escaped(_ text: String) -> String { MarkupText.escaped(text) }
}

/// Concurrent requests for the same thing wait for one of them to compute it.
final class SingleFlight<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    // @unchecked: `waiting` is only touched with the lock held.
    private let lock = NSLock()
    private var waiting: [Key: [CheckedContinuation<Value?, Never>]] = [:]

    /// What a request got: the result of its own run, or the value another request's run shared.
    enum Outcome<Result> {
        case led(Result)
        case waited(Value?)
    }

    /// Runs `work` for `key`, unless a run for it is under way: then waits for the value that run
    /// shares. A waiter gets nil when the run failed or had nothing to share.
    func run<Result>(_ key: Key, _ work: () async throws -> (result: Result, shared: Value?)) async throws
        -> Outcome<Result>
    {
        let leads = lock.withLock {
            guard waiting[key] == nil else { return false }
            waiting[key] = []
            return true
        }
        guard leads else {
            let value = await withCheckedContinuation { continuation in
                let registered = lock.withLock {
                    guard waiting[key] != nil else { return false }
                    waiting[key]?.append(continuation)
                    return true
                }
                // The run ended between the two looks: the caller computes its own.
                if !registered { continuation.resume(returning: nil) }
            }
            return .waited(value)
        }
        do {
            let (result, shared) = try await work()
            finish(key, shared)
            return .led(result)
        } catch {
            finish(key, nil)
            throw error
        }
    }

    private func finish(_ key: Key, _ value: Value?) {
        let waiters = lock.withLock { waiting.removeValue(forKey: key) ?? [] }
        for waiter in waiters { waiter.resume(returning: value) }
    }
}
