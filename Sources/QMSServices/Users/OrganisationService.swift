import QMSCore
import QMSStore

/// The electoral management body the system belongs to.
public struct OrganisationService: Sendable {
    let qms: QMS

    /// Sets the organisation's names and country.
    @discardableResult
    public func set(_ organisation: Organisation) async throws -> Organisation {
        _ = try TimeZones.checked(organisation.timeZone)
        try await qms.store.writing(actor: qms.actor) { writer in try writer.setOrganisation(organisation) }
        return organisation
    }

    /// The organisation, once set.
    public func get() async throws -> Organisation? {
        try await qms.store.reading { reader in try reader.organisation() }
    }
}
