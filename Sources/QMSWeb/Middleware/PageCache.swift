import Foundation
import Hummingbird
import QMSCore
import QMSServices
import QMSStore
import Synchronization

/// The pages signed-in browsers have been sent, kept while what they read is unchanged and the day
/// is the same, so that the same page asked for again is answered from memory.
///
/// A page of a register of 100,000 records costs tens of milliseconds to compute; a reload, a
/// return from a form or a dashboard left open asks for it again. The cache is exact: an entry is
/// kept under the versions of the database areas it reads (``PageAreas``), read before the page was
/// computed, and any commit changing one of those areas (by this server, the command line or
/// another server on the same database) moves its version in the same transaction. Pages are kept
/// twice: once per role, language, locale, time zone, address and day, with markers where each
/// reader's own values go (their name and form token), so that after a commit every reader of a
/// page shares one render; and whole, per session, language and address, for
/// ``ServeCachedPageMiddleware`` to answer in front of the session lookup (those depend on the
/// session and user areas as well: a sign-out, a changed role or a deactivated user move them, a
/// sign-in by someone else does not). ``KeepPageMiddleware`` fills both behind the routes.
///
/// A page shared by a role may be sent as it was while its next render is under way, except to a
/// reader whose own write it does not hold yet (``WriterVersions``).
final class PageCache: Sendable {
    let qms: QMS
    /// The sessions' lifetimes, which bound how long a page kept for a session may be sent.
    let lifetime: SessionLifetime
    private let pages: AreaVersionCache<PageKey, CachedPage>
    private let sharedPages: AreaVersionCache<SharedPageKey, SharedPage>
    /// The renders under way, for concurrent requests of the same page to wait for.
    let flights = SingleFlight<FlightKey, SharedPage>()
    private let renderCount = Mutex(0)
    private let staleCount = Mutex(0)
    private let answerCount = Atomic(0)
    /// How many renders of each shared page are under way.
    private let renders = Mutex<[SharedPageKey: Int]>([:])
    /// Every user's count of unread reminders by day, for the header of every page. Its inputs are
    /// the read marks (`inbox_reads`), the users and every register the due-date engine reads: any
    /// commit may change it, so it is kept under the change token like the pages.
    private let inboxCounts = ChangeTokenCache<CalendarDate, [String: Int]>(capacity: 4)

    /// The default capacities: pages kept per session, and pages kept per role, language and
    /// time zone (the README states both).
    static let sessionCapacity = 64 << 20
    static let sharedCapacity = 32 << 20

    /// A cache of at most `capacity` bytes of whole pages and `sharedCapacity` of shared ones.
    init(
        qms: QMS, lifetime: SessionLifetime = SessionLifetime(), capacity: Int = PageCache.sessionCapacity,
        sharedCapacity: Int = PageCache.sharedCapacity
    ) {
        self.qms = qms
        self.lifetime = lifetime
        self.pages = AreaVersionCache(capacity: capacity)
        self.sharedPages = AreaVersionCache(capacity: sharedCapacity, keepsStale: true)
    }

    /// The page rendered for every reader of `key`, fresh or not, with what it was rendered from.
    func shared(for key: SharedPageKey) -> AreaVersionCache<SharedPageKey, SharedPage>.Entry? {
        sharedPages.entry(for: key)
    }

    func keepShared(_ page: SharedPage, for key: SharedPageKey, versions: AreaVersions, areas: AreaSet) {
        sharedPages.keep(page, for: key, versions: versions, areas: areas, cost: page.cost)
    }

    /// Runs `render` counted as a render of `key` under way.
    func rendering<T>(_ key: SharedPageKey, _ render: () async throws -> T) async throws -> T {
        renders.withLock { $0[key, default: 0] += 1 }
        defer {
            renders.withLock {
                let left = ($0[key] ?? 1) - 1
                $0[key] = left > 0 ? left : nil
            }
        }
        return try await render()
    }

    /// Whether a render of `key` is under way.
    func isRendering(_ key: SharedPageKey) -> Bool { renders.withLock { $0[key] != nil } }

    /// Counts a page answered whole from the cache, in front of the session lookup.
    func countAnswer() { answerCount.add(1, ordering: .relaxed) }

    /// How many pages were answered whole from the cache, in front of the session lookup.
    var answered: Int { answerCount.load(ordering: .relaxed) }

    /// Counts a page sent as it was while its next render was under way.
    func countStale() { staleCount.withLock { $0 += 1 } }

    /// How many pages were sent as they were while their next render was under way.
    var servedStale: Int { staleCount.withLock { $0 } }

    /// `username`'s count of unread reminders today, computed for everyone once per change token.
    func unread(for username: String, token: Int64) async throws -> Int {
        let day = qms.today
        if let counts = inboxCounts.value(for: day, token: token) { return counts[username] ?? 0 }
        let counts = try await qms.inbox.unreadCounts(asOf: day)
        inboxCounts.keep(counts, for: day, token: token)
        return counts[username] ?? 0
    }

    /// Counts a render by the routes (for the tests that check one render serves many readers).
    func countRender() { renderCount.withLock { $0 += 1 } }

    /// How many pages the routes have rendered behind the cache.
    var rendered: Int { renderCount.withLock { $0 } }

    /// The key of a request, if it may be answered from the cache: a GET from a browser session
    /// (not an API token).
    func key(for request: Request) -> PageKey? {
        guard request.method == .get, request.headers[.authorization] == nil,
            FormPages.refillHeader.flatMap({ request.headers[$0] }) == nil
        else { return nil }
        // Two cookies are read by name rather than through `request.cookies`, which decodes them
        // all into a dictionary: this runs on every page a browser asks for. A request naming
        // either twice is not answered from the cache, since the routes might read the other copy.
        let sessions = Self.cookies(StoreSessionDriver.cookieName, in: request)
        let languages = Self.cookies("eqms_lang", in: request)
        guard sessions.count == 1, let session = sessions.first, !session.isEmpty, languages.count <= 1 else {
            return nil
        }
        let language = languages.first.flatMap { Language(rawValue: String($0)) } ?? .english
        return PageKey(session: String(session), language: language, address: request.uri.description, day: qms.today)
    }

    /// The raw values of the cookies called `name` in the request's `Cookie` headers.
    ///
    /// The bytes are scanned rather than the characters: a profile of cached pages under wrk had
    /// splitting the header into characters at 5% of the server's time.
    static func cookies(_ name: String, in request: Request) -> [Substring] {
        var values: [Substring] = []
        let wanted = name.utf8
        for field in request.headers where field.name == .cookie {
            let header = field.value
            let bytes = header.utf8
            var start = bytes.startIndex
            while start < bytes.endIndex {
                while start < bytes.endIndex, bytes[start] == UInt8(ascii: " ") { start = bytes.index(after: start) }
                let end = bytes[start...].firstIndex(of: UInt8(ascii: ";")) ?? bytes.endIndex
                let pair = bytes[start..<end]
                if pair.starts(with: wanted) {
                    let equals = bytes.index(start, offsetBy: wanted.count)
                    if equals < end, bytes[equals] == UInt8(ascii: "=") {
                        values.append(header[bytes.index(after: equals)..<end])
                    }
                }
                start = end < bytes.endIndex ? bytes.index(after: end) : end
            }
        }
        return values
    }

    func page(for key: PageKey, versions: AreaVersions) -> CachedPage? {
        guard let page = pages.value(for: key, at: versions) else { return nil }
        // A session ends by time as well as by a commit (the application's clock, which tests move).
        if let expiry = page.sessionExpiry, expiry <= qms.instant {
            return nil
        }
        return page
    }

    func keep(_ page: CachedPage, for key: PageKey, versions: AreaVersions, areas: AreaSet) {
        pages.keep(page, for: key, versions: versions, areas: areas, cost: page.body.readableBytes + 256)
    }
}

/// What a cached page is kept by.
struct PageKey: Hashable, Sendable {
    /// The session cookie's value.
    var session: String
    var language: Language
    /// Path and query.
    var address: String
    var day: CalendarDate
}

/// What a page rendered for every reader depends on besides the database: the reader's role (their
/// permissions and menu), language, locale and time zone, the address and the day.
struct SharedPageKey: Hashable, Sendable {
    var role: Role
    var language: Language
    var organisationLocale: String?
    var timeZone: String?
    var address: String
    var day: CalendarDate
}

/// A render under way: of a page, from the database as it was at some area versions.
struct FlightKey: Hashable, Sendable {
    var page: SharedPageKey
    var versions: AreaVersions
}

/// A page as it was sent, and when the session it was sent to expires.
struct CachedPage: Sendable {
    var headers: HTTPFields
    var body: ByteBuffer
    var sessionExpiry: Instant?

    var response: Response { Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body)) }
}
