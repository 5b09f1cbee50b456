import ArgumentParser
import Foundation
import QMSCore

/// `eqms`: the command line of ElectoralQMS (started by `main.swift`).
struct EQMS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eqms",
        abstract: "ElectoralQMS: quality management and planning for electoral management bodies.",
        discussion: """
            Keeps an election commission's ISO 9001 / ISO/TS 54001 quality system: requirement
            catalogues, evidence, findings and plans, in one database (SQLite by default).

            Exit status: 0 on success, 1 when the command could not do what was asked (the message
            says why and how to fix it), 2 when the command line itself is wrong.
            """,
        subcommands: [
            Init.self, Serve.self, MigrateCommand.self, OrganisationCommand.self, CatalogueCommand.self,
            ApplicabilityCommand.self,
            EvidenceCommand.self,
            UserCommand.self, DirectoryCommand.self,
            ComplianceCommand.self, TransitionCommand.self,
            AuditCommand.self, CertificateCommand.self, CertificationBodyCommand.self, EngagementCommand.self,
            RequestCommand.self, NonconformityCommand.self, ReviewCommand.self,
            RecommendationCommand.self,
            PlanCommand.self, AWPCommand.self, ExpenseCommand.self,
            DocumentCommand.self, RiskCommand.self, PartyCommand.self, ProcessCommand.self, ProviderCommand.self,
            TrainingCommand.self, KPICommand.self,
            LogCommand.self,
            VerifyCommand.self, BackupCommand.self, RestoreCommand.self,
            DossierCommand.self, KeysCommand.self,
            NotifyCommand.self, InboxCommand.self,
        ]
    )

    /// Runs the command, mapping failures to the documented exit codes.
    static func start() async {
        Logging.bootstrap()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as any QMSError {
            Console.error(FixWording.describe(error))
            Foundation.exit(1)
        } catch let error as ExitCode {
            Foundation.exit(error.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                Console.out(fullMessage(for: error))
                Foundation.exit(0)
            }
            if error is CommandError {
                Console.error(fullMessage(for: error))
                Foundation.exit(2)
            }
            let message = fullMessage(for: error)
            // Errors raised by argument parsing or validation are usage errors; anything else
            // that escaped the typed errors is a failure of the command.
            if message.contains("Usage:") || code == .validationFailure {
                FileHandle.standardError.write(Data((message + "\n").utf8))
                Foundation.exit(2)
            }
            Console.error("error: \(error)")
            Foundation.exit(1)
        }
    }
}

/// A usage error found after parsing (a combination of options that makes no sense).
struct CommandError: Error, CustomStringConvertible {
    var description: String
}
