import ArgumentParser
import Foundation
import QMSCore
import QMSPresentation
import QMSServices

/// `eqms certificate`: certificates as records of their own, their status and their schedule.
struct CertificateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certificate",
        abstract: "Record certificates, change their status and show their ISO/IEC 17021-1 schedule.",
        subcommands: [Add.self, List.self, Show.self, Status.self, TransitionDeadline.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a certificate of a registered certification body.",
            discussion: """
                Example: eqms certificate add --number EMB-QMS-001 --body "Cert Body" --issued 2026-01-15 \\
                  --standards iso-9001-2015 --sites Headquarters --exclusions "8.3 = no design of electoral products"
                The issue day is the certification decision; without --expires the certificate runs three
                years less a day. A stage 2 or recertification report with a certificate records it too.
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "The certificate's number.") var number: String
        @Option(help: "The certification body, as registered.") var body: String
        @Option(help: "The day of the certification decision, YYYY-MM-DD.") var issued: String
        @Option(help: "The last day it is valid, YYYY-MM-DD (default: three years less a day).") var expires: String?
        @Option(help: "Standards in scope, separated by commas.") var standards: [String] = []
        @Option(help: "Sites in scope, separated by commas.") var sites: [String] = []
        @Option(help: "Processes in scope, separated by commas.") var processes: [String] = []
        @Option(help: "An exclusion, \"requirement = justification\" (repeatable).") var exclusions: [String] = []
        @Option(help: "The stage 2 or recertification audit that granted it.") var audit: String?

        func run() async throws {
            let qms = try await global.open()
            let record = try await qms.certification.add(
                CertificateInput(
                    number: number, body: body, issued: issued, expires: expires, standards: standards, sites: sites,
                    processes: processes, exclusions: exclusions, audit: audit))
            if global.json { return try Console.json(record) }
            Console.out(
                "Recorded certificate \(record.number) (\(record.body)), valid until \(record.certificate.validUntil).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the certificates, latest decision first.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let qms = try await global.open()
            let records = try await qms.certification.list()
            if global.json { return try Console.json(records) }
            let language = global.lang
            var table = Table(
                Strings.headers(
                    ["number", "certification_body", "issued", "certificate_expires", "standards", "status"], language))
            for record in records {
                table.add([
                    record.number, record.body, record.certificate.issuedOn.description,
                    record.certificate.validUntil.description,
                    record.scope.standards.map(\.rawValue).joined(separator: ", "),
                    Strings.term(record.status, language),
                ])
            }
            Console.out(table.render())
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a certificate: scope, status changes, its schedule and the readiness of its scope.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The certificate's number.") var number: String

        func run() async throws {
            let qms = try await global.open()
            let view = try await qms.certification.view(number)
            if global.json { return try Console.json(view) }
            let language = global.lang
            let record = view.certificate
            let scope = record.scope
            let lines: [(String, String)] = [
                ("Body", record.body), ("Status", Strings.term(record.status, language)),
                ("Issued", record.certificate.issuedOn.description),
                ("Expires", record.certificate.validUntil.description), ("Audit", record.audit?.description ?? ""),
                ("Standards", scope.standards.map(\.rawValue).joined(separator: ", ")),
                ("Sites", scope.sites.joined(separator: ", ")), ("Processes", scope.processes.joined(separator: ", ")),
            ]
            Console.out(record.number)
            for (label, value) in lines where !value.isEmpty {
                Console.out("  \(label.padding(toLength: 12, withPad: " ", startingAt: 0)) \(value)")
            }
            for exclusion in scope.exclusions {
                Console.out("  Excluded     \(exclusion.requirement): \(exclusion.justification)")
            }
            for change in record.changes {
                Console.out("  \(change.on)  \(Strings.term(change.status, language)): \(change.reason)")
            }
            var table = Table(
                Strings.headers(["certification_step", "due_by", "certification_rule", "days_left", "held"], language))
            for entry in view.schedule.entries {
                table.add([
                    Strings.term(entry.step, language), entry.dueBy?.description ?? "",
                    entry.rule.map { Strings.term($0, language) } ?? "",
                    entry.held == nil ? (entry.daysLeft(on: view.asOf).map(String.init) ?? "") : "",
                    entry.heldOn.map { "\($0) \(entry.held?.description ?? "")" }
                        ?? entry.plannedOn.map { "\($0) (\(entry.planned?.description ?? ""))" } ?? "",
                ])
            }
            Console.out("")
            Console.out(table.render())
            for line in view.readiness {
                Console.out("  \(line.standard): \(Int(line.readinessPercent.rounded())) %")
            }
            if !view.blockedBy.isEmpty {
                Console.out(
                    "Blocked until the correction of \(view.blockedBy.map(\.description).joined(separator: ", ")) "
                        + "is verified.")
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a certificate's status: suspended, valid (reinstated) or withdrawn (final).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The certificate's number.") var number: String
        @Argument(help: "valid, suspended or withdrawn.") var status: String
        @Option(help: "The certification body's reason.") var reason: String
        @Option(help: "The day of the change, YYYY-MM-DD (default: today).") var date: String?

        func run() async throws {
            let qms = try await global.open()
            let record = try await qms.certification.changeStatus(number, to: status, on: date, reason: reason)
            if global.json { return try Console.json(record) }
            Console.out(
                "Certificate \(record.number) is \(record.status.rawValue) from \(record.changes.last?.on.description ?? "")."
            )
        }
    }

    struct TransitionDeadline: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "transition-deadline",
            abstract: "Record the last day to move certificates to a new edition (ISO 9001:2026 by default).",
            discussion: """
                No accreditation body had fixed the day for ISO 9001:2026 when this was written: until one
                is recorded, the schedule estimates three years after the edition's year, as for 2015.
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "The last day, YYYY-MM-DD.") var deadline: String
        @Option(help: "The new edition.") var standard: String = TransitionService.defaultTo
        @Option(help: "Where the day comes from (the body's letter, the accreditation body's notice).") var note:
            String?

        func run() async throws {
            let qms = try await global.open()
            let setting = try await qms.certification.setTransitionDeadline(
                standard: standard, deadline: deadline, note: note)
            if global.json { return try Console.json(setting) }
            Console.out("Transition to \(setting.standard) due by \(setting.deadline).")
        }
    }
}

/// `eqms certification-body`: the register of certification bodies.
struct CertificationBodyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certification-body", abstract: "Register the certification bodies that audit the organisation.",
        subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a certification body.",
            discussion: """
                Example: eqms certification-body add --name "Cert Body" --accredited-by "National Accreditation \\
                  Body" --accreditation-number "CB-123" --contact "certification@example.org"
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "Its name.") var name: String
        @Option(help: "The body that accredits it.") var accreditedBy: String?
        @Option(help: "The accreditation's number.") var accreditationNumber: String?
        @Option(help: "Whom to contact.") var contact: String?

        func run() async throws {
            let qms = try await global.open()
            let body = try await qms.certification.addBody(
                CertificationBody(
                    name: name, accreditedBy: accreditedBy, accreditationNumber: accreditationNumber, contact: contact))
            if global.json { return try Console.json(body) }
            Console.out("Registered \(body.name).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the certification bodies.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let qms = try await global.open()
            let bodies = try await qms.certification.bodies()
            if global.json { return try Console.json(bodies) }
            var table = Table(
                Strings.headers(["name", "accredited_by", "accreditation_number", "contact"], global.lang))
            for body in bodies {
                table.add([body.name, body.accreditedBy ?? "", body.accreditationNumber ?? "", body.contact ?? ""])
            }
            Console.out(table.render())
        }
    }
}
