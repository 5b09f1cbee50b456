import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSServices
import QMSStore
import QMSWeb
import Testing

@Suite("Web application: the quality registers")
struct RegistersWebTests {
    @Test("a quality manager registers a document; its author cannot issue it; another can; viewers cannot write")
    func documents() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var amal = Browser(client)
            #expect(try await amal.signIn("amal") == .seeOther)
            let token = try await amal.csrf()
            let added = try await amal.post(
                "/registers/documents",
                form: [
                    "_csrf": token, "code": "PR-EP04-01", "title": "Polling-station procedure", "kind": "procedure",
                    "owner": "Operations", "requirements": "iso-54001-2019:8.5.1",
                    "distribution": "Field offices\nTrainers",
                ])
            #expect(added.status == .seeOther)
            let location = try #require(added.headers[.location])
            #expect(location == "/registers/documents/PR-EP04-01")
            #expect(try await amal.post(location, form: ["_csrf": token, "step": "submit"]).status == .seeOther)
            let approve = try await amal.post(location, form: ["_csrf": token, "step": "approve"])
            #expect(approve.status == .forbidden, "the author approves nothing of theirs")
            #expect(approve.body.contains("cannot approve"))
            #expect(try await amal.post(location, form: ["step": "submit"]).status == .forbidden, "no CSRF token")

            var admin = Browser(client)
            #expect(try await admin.signIn("admin") == .seeOther)
            let adminToken = try await admin.csrf()
            #expect(try await admin.post(location, form: ["_csrf": adminToken, "step": "approve"]).status == .seeOther)
            #expect(try await amal.post(location, form: ["_csrf": token, "step": "issue"]).status == .forbidden)
            #expect(try await admin.post(location, form: ["_csrf": adminToken, "step": "issue"]).status == .seeOther)
            let page = try await amal.get(location)
            #expect(page.body.contains("Polling-station procedure"))
            #expect(page.body.contains("Field offices"))
            #expect(page.body.contains("href=\"/evidence/EV-"), "the issued document links its evidence record")
            #expect(
                try await admin.post(location, form: ["_csrf": adminToken, "step": "obsolete", "note": "Replaced"])
                    .status == .seeOther)
            #expect(try await admin.post(location, form: ["_csrf": adminToken, "step": "issue"]).status == .conflict)
            #expect(try await amal.get("/registers/documents").body.contains("<s>Polling-station procedure</s>"))

            var viewer = Browser(client)
            #expect(try await viewer.signIn("viewer") == .seeOther)
            let viewerToken = try await viewer.csrf()
            let refused = try await viewer.post(
                "/registers/documents",
                form: ["_csrf": viewerToken, "code": "X-1", "title": "x", "kind": "form", "owner": "o"])
            #expect(refused.status == .forbidden)
            let readOnly = try await viewer.get("/registers/documents").body
            #expect(!readOnly.contains("method=\"post\" action=\"/registers/documents\""), "no form to add one")
            #expect(readOnly.contains("method=\"get\" action=\"/registers/documents\""), "the search is for everyone")
        }
    }

    @Test(
        "a risk is added, treated and its residual score recomputed through the forms; the context shows the climate gap"
    )
    func risks() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let today = fixture.qms.today
        try await fixture.application().test(.router) { client in
            var amal = Browser(client)
            #expect(try await amal.signIn("amal") == .seeOther)
            let token = try await amal.csrf()
            #expect(try await amal.get("/registers/risks").body.contains("No climate-change determination"))
            let added = try await amal.post(
                "/registers/risks",
                form: [
                    "_csrf": token, "kind": "risk", "title": "Late delivery of ballot papers", "owner": "Logistics",
                    "phase": "pre-electoral", "likelihood": "3", "impact": "4",
                    "review": today.adding(days: 60).description,
                ])
            #expect(added.status == .seeOther)
            let location = try #require(added.headers[.location])
            #expect(
                try await amal.post(
                    location,
                    form: [
                        "_csrf": token, "step": "treat", "action": "Second printer", "owner": "Logistics",
                        "due": today.adding(days: 20).description, "treatment": "reduce",
                    ]
                ).status == .seeOther)
            let id = String(location.dropFirst("/registers/risks/".count))
            let completed = try await amal.post(
                location,
                form: ["_csrf": token, "step": "complete", "action_id": "\(id)-1", "likelihood": "1", "impact": "4"])
            #expect(completed.status == .seeOther)
            let page = try await amal.get(location)
            #expect(page.body.contains("1 × 4 = 4"))
            #expect(page.body.contains("3 × 4 = 12"))
            #expect(
                try await amal.post(
                    "/registers/context",
                    form: [
                        "_csrf": token, "kind": "external", "title": "Climate change", "climate": "not-relevant",
                        "description": "Polling falls in the mild season",
                    ]
                ).status == .seeOther)
            #expect(!(try await amal.get("/registers/risks").body.contains("No climate-change determination")))
        }
    }

    @Test("providers, training, parties, processes and KPIs are kept through the forms; the KPI page draws its trend")
    func otherRegisters() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let today = fixture.qms.today
        try await fixture.application().test(.router) { client in
            var amal = Browser(client)
            #expect(try await amal.signIn("amal") == .seeOther)
            let token = try await amal.csrf()
            let provider = try await amal.post(
                "/registers/providers",
                form: [
                    "_csrf": token, "name": "Results systems company", "kind": "contractor", "service": "RMS",
                    "criteria": "Delivery=3\nData protection=5",
                ])
            let providerPage = try #require(provider.headers[.location])
            #expect(
                try await amal.post(providerPage, form: ["_csrf": token, "step": "evaluate", "scores": "4 4"]).status
                    == .seeOther)
            #expect(try await amal.get(providerPage).body.contains("80"))

            #expect(
                try await amal.post(
                    "/registers/roles",
                    form: [
                        "_csrf": token, "code": "TRAINER", "title": "Trainer", "competences": "Polling procedures",
                        "holders": "Amal Haddad",
                    ]
                ).status == .seeOther)
            let training = try await amal.post(
                "/registers/training",
                form: [
                    "_csrf": token, "title": "Training of trainers", "kind": "training-of-trainers",
                    "start": today.adding(days: -3).description, "end": today.adding(days: -1).description,
                    "place": "Tripoli",
                    "trainers": "Lead trainer", "roles": "TRAINER", "competences": "Polling procedures",
                    "participants": "64", "women": "18", "disabilities": "1", "named": "Amal Haddad:female",
                ])
            let trainingPage = try #require(training.headers[.location])
            #expect(
                try await amal.post(trainingPage, form: ["_csrf": token, "method": "Post-test", "result": "effective"])
                    .status
                    == .seeOther)
            let list = try await amal.get("/registers/training")
            #expect(list.body.contains(">64<") && list.body.contains(">18<"))
            let person = try await amal.get("/registers/people?name=Amal%20Haddad")
            #expect(person.status == .ok && person.body.contains("TRAINER"))

            #expect(
                try await amal.post(
                    "/registers/parties",
                    form: [
                        "_csrf": token, "category": "media", "name": "Broadcasters", "needs": "Results on time",
                        "monitoring": "Media monitoring unit",
                    ]
                ).status == .seeOther)
            #expect(
                try await amal.post(
                    "/registers/processes",
                    form: [
                        "_csrf": token, "code": "P-07", "name": "Campaign finance oversight", "category": "electoral",
                        "electoral_process": "EP-07", "owner": "Campaign finance unit", "inputs": "Campaign accounts",
                        "outputs": "Audit of campaign accounts",
                    ]
                ).status == .seeOther)
            #expect(try await amal.get("/registers/processes").body.contains("P-07"))

            let kpi = try await amal.post(
                "/registers/kpis",
                form: [
                    "_csrf": token, "code": "KPI-07", "title": "Positive media reports", "unit": "%", "target": "60",
                    "owner": "Media unit",
                ])
            let kpiPage = try #require(kpi.headers[.location])
            for (value, days) in [("52", -20), ("58.5", -10), ("63", 0)] {
                let posted = try await amal.post(
                    kpiPage, form: ["_csrf": token, "value": value, "date": today.adding(days: days).description])
                #expect(posted.status == .seeOther)
            }
            let chart = try await amal.get(kpiPage)
            #expect(chart.body.contains("<svg class=\"chart trend\""))
            #expect(chart.body.contains("<polyline points=\""))
            #expect(chart.body.contains("stroke-dasharray"), "the target line")

            let index = try await amal.get("/registers")
            #expect(index.body.contains("href=\"/registers/kpis\""))
            let report = try await fixture.qms.integrity.verify()
            #expect(report.problems.isEmpty, "\(report.problems)")
        }
    }

    @Test("the register pages are in Arabic, right to left, with their strings translated")
    func arabic() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            var amal = Browser(client)
            #expect(try await amal.signIn("amal") == .seeOther)
            amal.cookies["eqms_lang"] = "ar"
            for uri in [
                "/registers", "/registers/documents", "/registers/risks", "/registers/parties", "/registers/processes",
                "/registers/providers", "/registers/training", "/registers/kpis",
            ] {
                let page = try await amal.get(uri)
                #expect(page.status == .ok, "\(uri)")
                #expect(page.body.contains("dir=\"rtl\""), "\(uri)")
                #expect(page.body.contains("السجلات"), "\(uri)")
                for english in [
                    "Registers", "Controlled documents", "Risks and opportunities", "Add", "Title", "Owner",
                ] {
                    #expect(!page.body.contains(">\(english)<"), "\(uri) shows untranslated \(english)")
                }
            }
        }
    }
}
