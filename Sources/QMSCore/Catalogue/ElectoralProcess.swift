/// The eight electoral processes that ISO/TS 54001 (and ISO/TS 17582 before it) name,
/// identified in ElectoralQMS as EP-01 … EP-08.
public enum ElectoralProcess: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case voterRegistration = "EP-01"
    case registrationOfPoliticalOrganizationsAndCandidates = "EP-02"
    case electoralLogistics = "EP-03"
    case voteCasting = "EP-04"
    case voteCountingAndDeclarationOfResults = "EP-05"
    case electoralEducation = "EP-06"
    case oversightOfCampaignFinancing = "EP-07"
    case resolutionOfElectoralDisputes = "EP-08"

    /// The process's name in both languages.
    public var name: LocalizedText {
        switch self {
        case .voterRegistration:
            return LocalizedText(en: "Voter registration", ar: "تسجيل الناخبين")
        case .registrationOfPoliticalOrganizationsAndCandidates:
            return LocalizedText(
                en: "Registration of political organizations and candidates",
                ar: "تسجيل التنظيمات السياسية والمرشحين")
        case .electoralLogistics:
            return LocalizedText(en: "Electoral logistics", ar: "اللوجستيات الانتخابية")
        case .voteCasting:
            return LocalizedText(en: "Vote casting", ar: "الاقتراع")
        case .voteCountingAndDeclarationOfResults:
            return LocalizedText(
                en: "Vote counting and declaration of results", ar: "فرز الأصوات وإعلان النتائج")
        case .electoralEducation:
            return LocalizedText(en: "Electoral education", ar: "التثقيف الانتخابي")
        case .oversightOfCampaignFinancing:
            return LocalizedText(en: "Oversight of campaign financing", ar: "الرقابة على تمويل الحملات الانتخابية")
        case .resolutionOfElectoralDisputes:
            return LocalizedText(en: "Resolution of electoral disputes", ar: "تسوية النزاعات الانتخابية")
        }
    }

    /// Parses `EP-01` … `EP-08`.
    public init(code: String) throws(DomainError) {
        guard let process = ElectoralProcess(rawValue: code.uppercased()) else {
            throw .invalidValue(
                field: "electoral process", value: code, expected: .range(first: "EP-01", last: "EP-08"))
        }
        self = process
    }

    public static func < (lhs: ElectoralProcess, rhs: ElectoralProcess) -> Bool { lhs.rawValue < rhs.rawValue }
}
