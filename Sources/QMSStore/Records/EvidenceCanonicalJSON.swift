import QMSCore

extension EvidenceRecord {
    /// The record as canonical JSON, written directly rather than through `Codable`.
    ///
    /// Bulk imports write one audit event per record, and the general encoder spent more time per
    /// record than the database did. The output is the same text ``CanonicalJSON/encode(_:)``
    /// gives for the record (a test holds the two together): keys sorted, absent optionals left out.
    public var canonicalJSON: String {
        var output = ""
        output.reserveCapacity(640)
        let content = self.content
        output += "{\"content\":{\"collectedOn\":"
        string(content.collectedOn.description, &output)
        output += ",\"confidentiality\":"
        string(content.confidentiality.rawValue, &output)
        if let description = content.description {
            output += ",\"description\":"
            string(description, &output)
        }
        output += ",\"effectiveFrom\":"
        string(content.effectiveFrom.description, &output)
        if let effectiveTo = content.effectiveTo {
            output += ",\"effectiveTo\":"
            string(effectiveTo.description, &output)
        }
        output += ",\"kind\":"
        string(content.kind.rawValue, &output)
        if let link = content.link {
            output += ",\"link\":"
            string(link, &output)
        }
        output += ",\"location\":"
        string(content.location, &output)
        output += ",\"owner\":"
        string(content.owner, &output)
        if let process = content.process {
            output += ",\"process\":"
            string(process, &output)
        }
        output += ",\"requirements\":["
        for (index, key) in content.requirements.enumerated() {
            if index > 0 { output += "," }
            string(key.description, &output)
        }
        output += "]"
        if let reviewDue = content.reviewDue {
            output += ",\"reviewDue\":"
            string(reviewDue.description, &output)
        }
        output += ",\"status\":"
        string(content.status.rawValue, &output)
        output += ",\"tags\":["
        for (index, tag) in content.tags.enumerated() {
            if index > 0 { output += "," }
            string(tag, &output)
        }
        output += "],\"title\":"
        string(content.title, &output)
        if let validUntil = content.validUntil {
            output += ",\"validUntil\":"
            string(validUntil.description, &output)
        }
        output += "},\"files\":["
        for (index, file) in files.enumerated() {
            if index > 0 { output += "," }
            output += "{\"mediaType\":"
            string(file.mediaType, &output)
            output += ",\"originalName\":"
            string(file.originalName, &output)
            output += ",\"sha256\":"
            string(file.sha256, &output)
            output += ",\"size\":" + String(file.size) + "}"
        }
        output += "],\"id\":"
        string(id.description, &output)
        output += ",\"recordedAt\":"
        string(recordedAt.description, &output)
        output += ",\"recordedBy\":"
        string(recordedBy, &output)
        output += ",\"revision\":" + String(revision) + ",\"status\":"
        string(status.rawValue, &output)
        if let withdrawnReason {
            output += ",\"withdrawnReason\":"
            string(withdrawnReason, &output)
        }
        output += "}"
        return output
    }

    private func string(_ value: String, _ output: inout String) { JSONNode.writeString(value, into: &output) }
}
