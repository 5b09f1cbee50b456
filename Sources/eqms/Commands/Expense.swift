import ArgumentParser
import Foundation
import QMSCore
import QMSServices

extension ExpenditureKind: ExpressibleByArgument {}

/// `eqms expense`: the expenditure ledger of an annual work plan.
struct ExpenseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expense",
        abstract: "Record and list what was spent on the activities of an annual work plan.",
        subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record an expenditure against an activity.",
            discussion: """
                Example: eqms expense add hnec-2018 --activity 1.1 --amount 240000.00 --currency USD \\
                           --date 2018-06-30 --reference PO-2018-017
                The funding source may be left out when the activity's budget has only one.
                Money put at a partner's disposal is a disbursement and names who received it:
                  eqms expense add hnec-2018 --activity 3.1 --amount 15000.00 --currency USD \\
                           --date 2018-12-10 --reference GR-2018-03 --kind disbursement \\
                           --recipient "Libyan Association for Voter Education"
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The AWP, such as hnec-2018.") var awp: String
        @Option(help: "The activity's code, such as 1.3.2.") var activity: String
        @Option(help: "The amount, such as 1234.50 (a negative amount reverses an entry).") var amount: String
        @Option(help: "The currency, ISO 4217 (the AWP's).") var currency: String
        @Option(help: "The day it was spent, YYYY-MM-DD.") var date: String
        @Option(help: "The voucher, invoice or payment reference.") var reference: String
        @Option(help: "The funding source it is charged to.") var source: String?
        @Option(help: "The account, when the entry names one.") var account: String?
        @Option(help: "expenditure (spent by the commission, the default) or disbursement (to another organisation).")
        var kind: ExpenditureKind = .expenditure
        @Option(help: "The organisation that received the money; required of a disbursement.") var recipient: String?

        func validate() throws {
            _ = try PlanArgument.awp(awp)
            _ = try PlanArgument.activity(activity)
            _ = try money()
            _ = try FindingsArgument.day(date, option: "--date")
            if reference.trimmingWhitespace().isEmpty { throw ValidationError("--reference is empty") }
            if let source { _ = try PlanArgument.code(source, field: "--source") }
            if let account { _ = try PlanArgument.code(account, field: "--account") }
        }

        func money() throws -> Money {
            do {
                return try Money(parsing: amount, currency: try CurrencyCode(currency))
            } catch {
                throw ValidationError(FixWording.what(error))
            }
        }

        func run() async throws {
            let qms = try await global.open()
            let entry = try await qms.expenditure.add(
                try PlanArgument.awp(awp),
                ExpenditureDraft(
                    activity: try PlanArgument.activity(activity), amount: try money(),
                    date: try FindingsArgument.day(date, option: "--date"), reference: reference,
                    source: try source.map { try PlanArgument.code($0, field: "--source") },
                    account: try account.map { try PlanArgument.code($0, field: "--account") },
                    kind: kind, recipient: recipient))
            if global.json { return try Console.json(entry) }
            let to = entry.recipient.map { " to \($0)" } ?? ""
            Console.out(
                "Recorded \(entry.kind.rawValue) #\(entry.number) of \(entry.awp): \(entry.amount)\(to) on activity "
                    + "\(entry.activity) (\(entry.source)), \(entry.date), \(entry.reference).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the expenditure of an annual work plan.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The AWP, such as hnec-2018.") var awp: String

        func validate() throws { _ = try PlanArgument.awp(awp) }

        func run() async throws {
            let qms = try await global.open()
            let entries = try await qms.expenditure.list(try PlanArgument.awp(awp))
            if global.json { return try Console.json(entries) }
            var table = Table(
                Strings.headers(
                    [
                        "number", "reg_date", "plans_activity", "source", "account", "plans_amount",
                        "plans_expense_kind", "plans_expense_recipient", "plans_reference", "col_actor",
                    ], global.lang))
            for entry in entries {
                table.add([
                    String(entry.number), entry.date.description, entry.activity.rawValue, entry.source.rawValue,
                    entry.account?.rawValue ?? "", entry.amount.description,
                    Strings.term(entry.kind, global.lang), entry.recipient ?? "", entry.reference,
                    entry.recordedBy,
                ])
            }
            Console.out(table.render())
            Console.note("\(entries.count) entr\(entries.count == 1 ? "y" : "ies").")
        }
    }
}
