import Foundation
import QMSCore
import QMSFormats
import QMSPresentation
import QMSServices
import TestSupport
import Testing

@testable import QMSDossier

@Suite("The dossier's ISO 9001:2015 → 2026 transition page", .serialized)
struct DossierTransitionTests {
    @Test("a page per language lists the new and changed 2026 requirements and the evidence that carries over")
    func transitionPage() async throws {
        let fixture = try await Fixture.make()
        let languages: [Language] = [.english, .arabic, .french, .spanish]
        _ = try await fixture.export(to: "dossier", languages: languages)
        let root = fixture.folder.file("dossier")
        // The computation of `eqms transition report` and the web page, from the whole matrix of
        // the dossier's day: the dossier's page, fed a requirement at a time, must say the same.
        let expected = try await fixture.qms.transition.report(asOf: try day(Fixture.asOf))
        #expect(!expected.changes.isEmpty && !expected.carriedOver.isEmpty && !expected.missing.isEmpty)
        #expect(Set(expected.changes.map(\.key.number)).isSuperset(of: ["5.1.1", "7.3", "6.1.2", "6.1.3"]))
        // The fixture's quality policy is logged against ISO 9001:2015 5.2.2 and carries over.
        #expect(expected.carriedOver.contains { $0.via.description == "iso-9001-2015:5.2.2" })

        for language in languages {
            let page = try String(
                contentsOf: root.appendingPathComponent("\(language.rawValue)/transition.html"), encoding: .utf8)
            #expect(page.contains("lang=\"\(language.rawValue)\""))
            #expect(page.contains(Messages.shared.text("transition_title", language)), "\(language)")
            for change in expected.changes {
                #expect(page.contains("<td class=\"mono\">\(change.key.number)</td>"), "\(change.key) \(language)")
                #expect(
                    page.contains(htmlEscaped(change.title.text(in: language))), "\(change.key) title in \(language)")
                #expect(page.contains(Messages.shared.text("transition_\(change.kind.rawValue)", language)))
            }
            for item in expected.carriedOver {
                #expect(page.contains(">\(item.evidence)</a>"), "\(item.evidence) \(language)")
                #expect(page.contains(">\(item.via)</"), "\(item.via) \(language)")
            }
            for gap in expected.missing { #expect(page.contains(htmlEscaped(gap.title.text(in: language)))) }
            let index = try String(
                contentsOf: root.appendingPathComponent("\(language.rawValue)/index.html"), encoding: .utf8)
            #expect(index.contains("href=\"transition.html\""), "the index links the page in \(language)")
        }
        let arabic = try String(contentsOf: root.appendingPathComponent("ar/transition.html"), encoding: .utf8)
        #expect(arabic.contains("dir=\"rtl\""))
        // The records carried over link to their place in the evidence register.
        #expect(arabic.contains("href=\"evidence/page-0001.html#"))
        let verification = try DossierService.verify(root, key: fixture.publicKeyURL)
        #expect(verification.clean, "\(verification.problems)")
    }

    @Test("the transition deadline the certification body set is the page's, not the estimate")
    func deadlineSetting() async throws {
        let fixture = try await Fixture.make()
        _ = try await fixture.export(to: "estimated", languages: [.english])
        _ = try await fixture.export(to: "given", languages: [.english], transitionDeadline: try day("2029-09-30"))
        let estimate = try String(
            contentsOf: fixture.folder.file("estimated").appendingPathComponent("en/transition.html"), encoding: .utf8)
        let set = try String(
            contentsOf: fixture.folder.file("given").appendingPathComponent("en/transition.html"), encoding: .utf8)
        let note = Messages.shared.text("transition_estimated", .english)
        #expect(estimate.contains(note), "without a setting the page says the deadline is an estimate")
        #expect(!set.contains(note), "a deadline given is not called an estimate")
        #expect(set.contains(NumberFormatting(PresentationLocale(.english)).date(try day("2029-09-30"))))
        #expect(try DossierService.verify(fixture.folder.file("given"), key: fixture.publicKeyURL).clean)
    }

    @Test("a dossier that does not cover ISO 9001:2015 has no transition page and no link to one")
    func withoutISO9001() async throws {
        let fixture = try await Fixture.make()
        _ = try await fixture.export(to: "dossier", standards: ["iso-54001-2019"], languages: [.english])
        let root = fixture.folder.file("dossier")
        #expect(!(try filesUnder(root)).contains("en/transition.html"))
        let index = try String(contentsOf: root.appendingPathComponent("en/index.html"), encoding: .utf8)
        #expect(!index.contains("transition.html"))
        #expect(try DossierService.verify(root, key: fixture.publicKeyURL).clean)
    }

    @Test("the report from a row lookup equals the report from the whole matrix")
    func rowLookup() async throws {
        let fixture = try await Fixture.make()
        let matrix = try await fixture.qms.compliance.matrix(asOf: try day(Fixture.asOf))
        // The shipped crosswalk, read as the library loads it.
        let file = Repository.standards.appendingPathComponent("crosswalks/iso-9001-2015--iso-9001-2026.xml")
        let crosswalk = try StandardsLibrary(directory: Repository.standards).crosswalkReader()
            .read(data: try Data(contentsOf: file), file: file.lastPathComponent).crosswalk
        let from = try StandardID("iso-9001-2015")
        let new = try #require(matrix.catalogues[try StandardID("iso-9001-2026")])
        #expect(crosswalk.from == from && crosswalk.to == new.standard.id)
        let deadline = try day("2029-12-31")
        var asked: [RequirementKey] = []
        let streamed = TransitionReport(
            from: from, to: new, asOf: matrix.asOf, crosswalk: crosswalk, deadline: deadline, deadlineGiven: true
        ) { key in
            asked.append(key)
            return matrix.compliance(of: key)
        }
        let whole = try TransitionReport(
            from: from, to: new.standard.id, matrix: matrix, crosswalk: crosswalk, deadline: deadline,
            deadlineGiven: true)
        #expect(streamed == whole)
        #expect(asked == new.leaves.map(\.key), "each leaf asked once, in reading order")
        #expect(whole.tally == matrix.tally(of: new.standard.id))
    }
}

/// Text as Mustache writes it into a page.
func htmlEscaped(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        .replacingOccurrences(of: "'", with: "&#39;")
}
