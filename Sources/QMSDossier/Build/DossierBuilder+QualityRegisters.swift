import QMSCore
import QMSPresentation

/// The quality registers as they stood on the dossier's day: what a stage-1 auditor reads first
/// (context 4.1, interested parties 4.2, processes 4.4, risks and opportunities 6.1, documented
/// information 7.5, competence 7.2, external providers 8.4, monitoring 9.1).
extension DossierBuilder {
    /// One register's section of the page: its heading and one row per entry.
    private struct Section {
        var title: String
        var rows: [[String: Any]]
    }

    func writeQualityRegisters() throws {
        let registers = records.registers
        for language in request.languages {
            let path = "\(language.rawValue)/registers.html"
            var values = pageValues(language, path: path, title: translate("nav_registers", language))
            func term<Value: RawRepresentable>(_ value: Value) -> String where Value.RawValue == String {
                Messages.shared.term(value, language)
            }
            func row(_ id: String, _ title: String, _ kind: String, _ status: String, _ detail: String)
                -> [String: Any]
            {
                ["id": id, "title": title, "kind": kind, "status": status, "detail": detail]
            }
            let sections: [Section] = [
                Section(
                    title: translate("reg_context", language),
                    rows: registers.contextIssues.map {
                        row($0.id.description, $0.content.title, term($0.content.kind), "", $0.content.category ?? "")
                    }),
                Section(
                    title: translate("reg_parties", language),
                    rows: registers.parties.map {
                        row(
                            $0.id.description, $0.content.name, term($0.content.category), "",
                            $0.content.needs.joined(separator: "; "))
                    }),
                Section(
                    title: translate("reg_processes", language),
                    rows: registers.processes.map {
                        row($0.id.description, $0.content.name, term($0.content.category), "", $0.content.owner)
                    }),
                Section(
                    title: translate("reg_risks", language),
                    rows: registers.risks.map {
                        row(
                            $0.id.description, $0.content.title, term($0.content.kind), term($0.status),
                            $0.content.owner)
                    }),
                Section(
                    title: translate("reg_documents", language),
                    rows: registers.documents.map {
                        row(
                            $0.id.description, $0.content.title, term($0.content.kind), term($0.status),
                            $0.content.owner)
                    }),
                Section(
                    title: translate("reg_providers", language),
                    rows: registers.providers.map {
                        row(
                            $0.id.description, $0.content.name, term($0.content.kind), term($0.status),
                            $0.content.service)
                    }),
                Section(
                    title: translate("reg_roles", language),
                    rows: registers.roles.map {
                        row($0.id.description, $0.content.title, "", "", $0.content.holders.joined(separator: ", "))
                    }),
                Section(
                    title: translate("reg_training", language),
                    rows: registers.trainings.map {
                        row(
                            $0.id.description, $0.content.title, term($0.content.kind), "",
                            format(language).date($0.content.startsOn) + " – "
                                + format(language).date($0.content.endsOn)
                                + " · " + $0.content.place)
                    }),
                Section(
                    title: translate("reg_kpis", language),
                    rows: registers.kpis.map {
                        row($0.id.description, $0.content.title, term($0.content.category), "", $0.content.unit)
                    }),
            ]
            values["registers"] = sections.map { ["title": $0.title, "rows": $0.rows] as [String: Any] }
            values["section_registers"] = true
            try writePage(path, template: "registers", values)
        }
    }
}
