import Foundation
import Hummingbird
import QMSCore
import QMSServices

/// The plans in the JSON API: the work plans, a version's report, and the Technical Committee's
/// comments and decision. The same services as the pages; tokens act with their user's role.
struct PlansAPIRoutes {
    let qms: QMS

    struct NewComment: Decodable {
        var activity: String
        var text: String
    }

    struct NewDecision: Decodable {
        var decision: String
        var minutes: String
    }

    func register(on router: RouterGroup<WebContext>) {
        let api = router.add(middleware: RequireTokenMiddleware())
        api.get("plans") { _, context -> Response in
            _ = try context.require(.read)
            return try APIRoutes.json(try await qms.plans.list())
        }
        api.get("plans/:awp/report") { request, context -> Response in
            _ = try context.require(.read)
            let awp = try PlanID(context.parameters.get("awp") ?? "")
            return try APIRoutes.json(
                try await qms.plans.report(
                    awp, version: try PlansRoutes.version(APIRoutes.parameter(request, "version"))))
        }
        api.post("plans/:awp/comments") { request, context -> Response in
            let user = try context.require(.commentPlans)
            let awp = try PlanID(context.parameters.get("awp") ?? "")
            let input = try await Self.decode(NewComment.self, request)
            let comment = try await qms.acting(as: user.username).workPlanReview.comment(
                awp, activity: try ActivityCode(input.activity), text: input.text)
            return try APIRoutes.json(comment, status: .created)
        }
        api.post("plans/:awp/decision") { request, context -> Response in
            let user = try context.require(.decidePlans)
            let awp = try PlanID(context.parameters.get("awp") ?? "")
            let input = try await Self.decode(NewDecision.self, request)
            guard let decision = AWPDecisionKind(rawValue: input.decision) else {
                throw DomainError.invalidValue(
                    field: "decision", value: input.decision, expected: .either(["approve", "revise"]))
            }
            let report = try await qms.acting(as: user.username).workPlanReview.decide(
                awp, decision, minutes: input.minutes)
            return try APIRoutes.json(report)
        }
    }

    static func decode<Body: Decodable>(_ type: Body.Type, _ request: Request) async throws -> Body {
        let body = try await request.body.collect(upTo: 64 * 1024)
        do {
            return try JSONDecoder().decode(Body.self, from: Data(buffer: body))
        } catch {
            throw WebInputError.notJSON(detail: "\(error)")
        }
    }
}
