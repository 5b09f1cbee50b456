import Foundation
import Hummingbird
import HummingbirdAuth
import Logging
import Metrics
import Prometheus
import QMSCore
import QMSDirectory
import QMSServices

/// How the web application runs.
public struct WebConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Set the Secure flag on cookies (behind TLS).
    public var secureCookies: Bool
    /// How long a session lasts without use, and at most after sign-in.
    public var sessions: SessionLifetime
    /// Reverse proxies whose `X-Forwarded-For` names the client; from any other peer the header
    /// is ignored, since a client could write it to dodge the sign-in throttle.
    public var trustedProxies: Set<String>
    /// The deployment's default IATI organisation identifier, `$EQMS_IATI_ORG_REF` unless set
    /// otherwise: the plan page's IATI export uses it when neither the form nor the organisation
    /// gives one, as the command line does.
    public var iatiOrganisationReference: String? = ProcessInfo.processInfo.environment["EQMS_IATI_ORG_REF"]
    /// The commission's directory, when sign-in may go to it (accounts with no local password).
    public var directory: DirectoryClient? = nil

    /// Creates a configuration; the defaults listen on loopback only.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = false,
        sessions: SessionLifetime = SessionLifetime(), trustedProxies: Set<String> = []
    ) {
        self.trustedProxies = trustedProxies
        self.host = host
        self.port = port
        self.secureCookies = secureCookies
        self.sessions = sessions
    }
}

/// The web application: every page renders on the server and works without JavaScript; every
/// operation calls `QMSServices`, so no business rule lives in a route.
public enum WebApplication {
    /// The Prometheus registry behind `/metrics`, installed once per process.
    static let metrics: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// Builds the router with its middleware and routes.
    public static func router(qms: QMS, configuration: WebConfiguration, renderer: Renderer) -> Router<WebContext> {
        router(
            qms: qms, configuration: configuration, renderer: renderer,
            pageCache: PageCache(qms: qms, lifetime: configuration.sessions))
    }

    /// Builds the router over a page cache of the caller's (the tests count its renders).
    static func router(qms: QMS, configuration: WebConfiguration, renderer: Renderer, pageCache: PageCache)
        -> Router<WebContext>
    {
        let registry = metrics
        let formPages = FormPages()
        let router = Router(context: WebContext.self)
        router.addMiddleware {
            LogRequestsMiddleware(.debug)
            RequestMetricsMiddleware()
            ServeCachedPageMiddleware(cache: pageCache)
            WriterVersionsMiddleware(cache: pageCache, secure: configuration.secureCookies)
            ErrorPageMiddleware(renderer: renderer)
            APIMethodMiddleware()
            SecurityHeadersMiddleware()
            FileMiddleware(
                Bundle.module.resourceURL?.appendingPathComponent("Static").path ?? "Static", urlBasePath: "/static",
                cacheControl: .init([(MediaType(type: .text, subType: "css"), [.maxAge(3600)])]))
            SessionMiddleware(
                storage: StoreSessionDriver(qms: qms, lifetime: configuration.sessions),
                configuration: SessionMiddlewareConfiguration(
                    sessionCookieParameters: SessionCookieParameters(
                        name: StoreSessionDriver.cookieName, secure: configuration.secureCookies, sameSite: .strict),
                    keyPrefix: StoreSessionDriver.keyPrefix,
                    // The cookie lasts the absolute lifetime; the server ends the session sooner when
                    // it is idle (see CurrentUserMiddleware).
                    defaultSessionExpiration: .milliseconds(configuration.sessions.absolute)))
            CurrentUserMiddleware(qms: qms, lifetime: configuration.sessions)
            // Errors of the pages themselves are rendered here, with the user's navigation.
            ErrorPageMiddleware(renderer: renderer, readsLanguage: false)
            EngagementMiddleware(qms: qms, renderer: renderer)
            FactorPolicyMiddleware(qms: qms)
            KeepFormMiddleware(pages: formPages)
        }
        SystemRoutes(qms: qms, registry: registry).register(on: router)
        AuthRoutes(qms: qms, renderer: renderer, configuration: configuration).register(on: router)
        let calendars = CalendarRoutes(qms: qms, renderer: renderer, configuration: configuration)
        calendars.registerFeeds(on: router)
        let pages = router.group().add(middleware: RequireUserMiddleware()).add(
            middleware: InboxCountMiddleware(cache: pageCache))
        // Pages that depend only on the database, the day and the session are kept in memory and
        // answered from there while the database is unchanged (the dossier page also reads the
        // signing key from disk, so it is not kept).
        let cachedPages = pages.group().add(middleware: KeepPageMiddleware(cache: pageCache))
        DashboardRoutes(qms: qms, renderer: renderer).register(on: cachedPages)
        CatalogueRoutes(qms: qms, renderer: renderer).register(on: cachedPages)
        EvidenceRoutes(qms: qms, renderer: renderer).register(on: cachedPages)
        ComplianceRoutes(qms: qms, renderer: renderer).register(on: cachedPages)
        FindingsRoutes(qms: qms, renderer: renderer).register(on: cachedPages)
        AuditRoutes(qms: qms, renderer: renderer).register(on: cachedPages)
        RegistersRoutes(qms: qms, renderer: renderer).register(on: cachedPages)
        PlansRoutes(qms: qms, renderer: renderer, iatiDefaultReference: configuration.iatiOrganisationReference)
            .register(on: cachedPages)
        TrailRoutes(qms: qms, renderer: renderer).register(on: cachedPages)
        DossierRoutes(qms: qms, renderer: renderer).register(on: pages)
        UserRoutes(qms: qms, renderer: renderer).register(on: pages)
        ProfileRoutes(qms: qms, renderer: renderer, configuration: configuration).register(on: pages)
        calendars.register(on: pages)
        ReminderRoutes(qms: qms, renderer: renderer).register(on: pages)
        InboxRoutes(qms: qms, renderer: renderer).register(on: pages)
        OrganisationRoutes(qms: qms, renderer: renderer).register(on: pages)
        FactorPolicyRoutes(qms: qms, renderer: renderer).register(on: pages)
        DirectoryRoutes(qms: qms, renderer: renderer, configuration: configuration).register(on: pages)
        EngagementRoutes(qms: qms, renderer: renderer).register(on: pages)
        CertificateRoutes(qms: qms, renderer: renderer).register(on: pages)
        EvidenceRequestRoutes(qms: qms, renderer: renderer).register(on: pages)
        APIRoutes(qms: qms).register(on: router.group("api/v1"))
        InboxRoutes(qms: qms, renderer: renderer).registerAPI(on: router.group("api/v1"))
        PlansAPIRoutes(qms: qms).register(on: router.group("api/v1"))
        EngagementRoutes(qms: qms, renderer: renderer).registerAPI(on: router.group("api/v1"))
        CertificateRoutes(qms: qms, renderer: renderer).registerAPI(on: router.group("api/v1"))
        EvidenceRequestRoutes(qms: qms, renderer: renderer).registerAPI(on: router.group("api/v1"))
        formPages.responder = router.buildResponder()
        return router
    }

    /// Builds the application, ready to run.
    public static func build(qms: QMS, configuration: WebConfiguration, logger: Logger) async throws
        -> some ApplicationProtocol
    {
        let renderer = try await Renderer.load()
        return Application(
            router: router(qms: qms, configuration: configuration, renderer: renderer),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "ElectoralQMS"),
            logger: logger)
    }
}
