import Foundation
import Hummingbird
import QMSCore
import QMSPresentation
import QMSServices

/// Finds who is asking: from the session cookie, or from an API token (`Authorization: Bearer …`),
/// and the language of the page: the `eqms_lang` cookie (the switcher sets it), else the language
/// kept in the user's profile, else the browser's `Accept-Language`, which is then kept in the
/// profile so that the choice follows the user. Digits follow the organisation's locale; times
/// are shown in the user's time zone, else the organisation's.
///
/// A session past its idle or absolute lifetime is ended here (removed from the store, its cookie
/// cleared) before anything reads it, whatever the store's expiry says; a session in use has its
/// use recorded once per ``SessionLifetime/touchInterval``.
struct CurrentUserMiddleware: RouterMiddleware {
    let qms: QMS
    let lifetime: SessionLifetime

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response)
        async throws -> Response
    {
        var context = context
        context.path = request.uri.path
        let organisation = try await qms.organisation.get()
        context.organisationLocale = organisation?.locale
        context.timeZone = organisation?.timeZone
        let chosen = request.cookies["eqms_lang"].flatMap { Language(rawValue: $0.value) }
        let asked = request.headers[.acceptLanguage].flatMap(AcceptLanguage.best)
        if let chosen {
            context.language = chosen
        } else if let asked {
            context.language = asked
        }
        if let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer ") {
            let secret = String(authorization.dropFirst("Bearer ".count)).trimmingWhitespace()
            guard let user = try await qms.access.user(forToken: secret) else {
                throw HTTPError(.unauthorized, message: "the API token is not valid")
            }
            context.user = user
            context.viaToken = true
        } else if let session = try await current(request, context) {
            if session.factorPending == true {
                // Half signed in: the second step may read who it is for; no page sees a user.
                context.factorPending = session.username
            } else if let user = try await qms.access.user(session.username), user.active {
                context.user = user
                if let zone = user.timeZone { context.timeZone = zone }
                if chosen == nil, let kept = user.language {
                    context.language = kept
                } else if user.language != context.language, chosen != nil || asked != nil {
                    // First visit (or a new choice): keep it in the profile.
                    try await qms.access.setLanguage(context.language, for: user.username)
                }
            } else {
                context.sessions.clearSession()
            }
        }
        return try await next(request, context)
    }

    /// The request's session while both its lifetimes last; an ended one is cleared (the session
    /// middleware then removes it from the store and expires the cookie) and nil returned.
    func current(_ request: Request, _ context: WebContext) async throws -> WebSession? {
        guard let session = context.sessions.session else { return nil }
        let now = qms.instant
        // A session stored before lifetimes starts counting at its first use since.
        let started = session.startedAt ?? now
        let seen = session.lastSeenAt ?? started
        if lifetime.hasEnded(startedAt: started, lastSeenAt: seen, now: now) {
            context.sessions.clearSession()
            qms.logger.info("session ended by its lifetime", metadata: ["user": "\(session.username)"])
            return nil
        }
        if session.lastSeenAt == nil || lifetime.touchDue(lastSeenAt: seen, now: now),
            let cookie = request.cookies[StoreSessionDriver.cookieName]?.value
        {
            var touched = session
            touched.startedAt = started
            touched.lastSeenAt = now
            // The request's own copy stays unedited, so that the session middleware saves nothing.
            // Written straight to the store, never through the session middleware's save, which
            // would bring back a session another request ended meanwhile.
            let json = String(decoding: try JSONEncoder().encode(touched), as: UTF8.self)
            let stillThere = try await qms.sessions.touch(
                key: StoreSessionDriver.keyPrefix + cookie, json: json,
                expiresAt: lifetime.end(startedAt: started, lastSeenAt: now))
            guard stillThere else {
                context.sessions.clearSession()
                return nil
            }
        }
        return session
    }
}

/// Sends people who are not signed in to the sign-in page.
struct RequireUserMiddleware: RouterMiddleware {
    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response)
        async throws -> Response
    {
        guard context.user != nil else {
            if context.factorPending != nil { return Response.redirect(to: "/login/code", type: .found) }
            let target = request.uri.path == "/" ? "" : "?next=" + (request.uri.path.addingPercentEncodingForQuery)
            return Response.redirect(to: "/login" + target, type: .found)
        }
        return try await next(request, context)
    }
}

extension WebContext {
    /// The signed-in user, who must hold `permission`; otherwise a 403 page.
    func require(_ permission: Permission) throws -> User {
        guard let user else { throw HTTPError(.unauthorized) }
        guard user.can(permission) else {
            // Say which roles may do it, so that the reader knows whom to ask.
            let roles = Role.allCases.filter { $0.allows(permission) }.map { Messages.shared.term($0, language) }
            throw HTTPError(
                .forbidden,
                message: Messages.shared.text(
                    "forbidden_role", language,
                    ["role": Messages.shared.term(user.role, language), "roles": roles.joined(separator: ", ")]))
        }
        return user
    }
}

extension String {
    /// Percent-encodes everything but unreserved characters and '/'.
    var addingPercentEncodingForQuery: String {
        var result = ""
        for byte in utf8 {
            let character = Character(UnicodeScalar(byte))
            if character.isASCII && (character.isLetter || character.isNumber || "-._~/".contains(character)) {
                result.append(character)
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }

    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
