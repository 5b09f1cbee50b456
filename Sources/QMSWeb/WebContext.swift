import Hummingbird
import HummingbirdAuth
import Logging
import QMSCore
import QMSPresentation

/// What a request carries through the middleware to its route: the session, the signed-in user,
/// the language of the page.
public struct WebContext: RequestContext, SessionRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let sessions: SessionContext<WebSession>
    /// The signed-in user (session or API token), once a middleware has found one.
    public var user: User?
    /// The language and CLDR locale the page is rendered in (digits and separators follow the
    /// organisation's locale when it is of the page's language).
    public var locale = PresentationLocale(.english)
    /// The organisation's locale setting (`ar-JO`), once a middleware has read it.
    public var organisationLocale: String? {
        didSet { locale = PresentationLocale(locale.language, organisation: organisationLocale, timeZone: timeZone) }
    }
    /// The time zone times are shown in: the user's choice, else the organisation's, else UTC.
    public var timeZone: String? {
        didSet { locale = PresentationLocale(locale.language, organisation: organisationLocale, timeZone: timeZone) }
    }
    /// The language the page is rendered in.
    public var language: Language {
        get { locale.language }
        set { locale = PresentationLocale(newValue, organisation: organisationLocale, timeZone: timeZone) }
    }
    /// The path of the request, so that the navigation can mark where the page sits.
    public var path = "/"
    /// A refused form to fill in again when its page renders.
    var refill: FormRefill?
    /// Whether the page is being rendered once for every reader of the user's role: the values that
    /// are the user's own are then written as markers (see ``PersonalSlot``).
    var sharesRender = false
    /// The signed-in user's count of unread reminders, for the header (set by ``KeepPageMiddleware``
    /// from the database as it was at the page's change token).
    var inboxUnread = 0
    /// Whether the user came through an API token rather than a browser session.
    public var viaToken = false
    /// Whether the user is an engagement account inside its window (set by ``EngagementMiddleware``):
    /// the menu then offers only what the engagement opens.
    var engagementAccount = false
    /// Days left to enrol, when the second-factor policy requires a factor the user has not set
    /// up yet (set by ``FactorPolicyMiddleware``): every page then says so.
    var factorGraceDays: Int?
    /// Whether the policy's grace period is over without a factor: only enrolment opens.
    var factorOverdue = false
    /// The user whose password was accepted and whose second factor is still to come: such a
    /// session opens the second step of sign-in and nothing else.
    var factorPending: String?

    /// The client's address, for throttling sign-in attempts.
    public let remoteAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        sessions = SessionContext()
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Uploads may be large; routes that read bodies set their own limits.
    public var maxUploadSize: Int { 4 << 30 }
}

/// What the session stores: who signed in, and the token every form must echo back.
public struct WebSession: Codable, Sendable, Equatable {
    public var username: String
    /// The CSRF token of this session, checked on every form submission.
    public var csrf: String
    /// True while the password is accepted and the second factor not yet (absent in sessions
    /// stored before two-factor sign-in, which are whole).
    public var factorPending: Bool?
    /// When the user signed in: the absolute lifetime counts from here (absent in sessions stored
    /// before lifetimes, which are given one at their next use).
    public var startedAt: Instant?
    /// When the session was last recorded as used (at most once per
    /// ``SessionLifetime/touchInterval``): the idle lifetime counts from here.
    public var lastSeenAt: Instant?
    /// The client's address at sign-in, shown in the user's list of sessions.
    public var address: String?
    /// The browser family at sign-in ("Firefox"), from the User-Agent.
    public var browser: String?
    /// The operating system family at sign-in ("Linux"), from the User-Agent.
    public var system: String?

    /// A session of `username`, whole unless `factorPending`.
    public init(username: String, csrf: String, factorPending: Bool? = nil) {
        self.username = username
        self.csrf = csrf
        self.factorPending = factorPending
    }
}
