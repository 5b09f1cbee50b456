/// A rule of the domain that refuses a change: what the error means, as a stable code. Each rule
/// has its own message in the catalogues (`error_rule_` and the rule in snake case), worded with
/// the arguments the error carries; the domain itself words nothing.
public enum Rule: String, Sendable, Hashable, Codable, CaseIterable {
    case disaggregatedOverTotal
    case eventEndsBeforeStart
    case indicatorGivenTwice
    case eventOutsideYear
    case eventOutsideQuarters
    case budgetLineNeedsFourQuarters
    case budgetLineMixesCurrencies
    case nonconformityNeedsRequirements
    case auditFindingSource
    case recommendationFindingSource
    case notAcceptedNeedsReason
    case implementedNeedsEvidence
    case reviewNeedsAttendees
    case reviewNeedsInputs
    case actionAlreadyDone
    case actionDueTooEarly
    case auditEndsBeforeStart
    case auditNeedsScope
    case observedEventOutsideAudit
    case auditNeedsAuditors
    case auditNeedsCertificationBody
    case auditAlreadyReported
    case reportBeforeAudit
    case auditGrantsNoCertificate
    case meetingOutsideAudit
    case meetingNeedsAttendees
    case closingBeforeOpening
    case recommendationNotForKind
    case certificateAgainstRecommendation
    case auditNotReported
    case recommendationWithOpenMajors
    case climateNeedsReasons
    case reviewAfterIdentified
    case nextReviewTooEarly
    case externalDocumentNeedsOrigin
    case providerNeedsCriteria
    case scoresDoNotMatchCriteria
    case evaluatedLater
    case alreadySuspended
    case suspensionNeedsReason
    case riskReviewTooEarly
    case riskClosed
    case nothingToPlan
    case residualBeforeTreatment
    case inherentRatingIsHistory
    case closingRiskNeedsReason
    case riskActionsPending
    case processNeedsInputsOutputs
    case electoralProcessNeedsCode
    case electoralCodeNeedsCategory
    case partyNeedsNeeds
    case roleNeedsCompetence
    case nobodyToAssign
    case genderCountsOverTotal
    case disabilityCountOverTotal
    case namedParticipantsOverCounts
    case trainingEndsBeforeStart
    case trainingNeedsTrainers
    case effectivenessAlreadyEvaluated
    case effectivenessBeforeEnd
    case cannotAddCurrencies
    case amountTooLarge
    case evidenceNeedsRequirement
    case linkNeedsAddress
    case evidenceNeedsFileOrLink
    case effectivePeriodEndsBeforeStart
    case validUntilBeforeEffective
    case requirementOfOtherStandard
    case parentAfterChild
    case withdrawnNeedsReplacement
    case exclusionNeedsJustification
    case cannotExclude
    case crosswalkSameStandard
    case crosswalkEntryDirection
    case dossierNeedsStandard
    case planChangedDuringDecision
    case workPlanYearMismatch
    /// A file sent as a new version of one plan holds another plan.
    case uploadForOtherPlan
    case expenditureCurrency
    /// On PostgreSQL with the actor bound to the database role, `--actor` named someone else.
    case actorIsNotDatabaseRole
    case activityHasNoBudgetLine
    case activityHasSeveralSources
    case auditFindingSourceOf
    case auditNotHeldYet
    case auditorOwnsProcess
    case nothingToLink
    case nobodyNewToDistribute
    case measurementInFuture
    case evidenceCannotBeRevised
    case changedBySomeoneElse
    case alreadyWithdrawn
    case nothingToImport
    case targetNotEmpty
    case storedFileChanged
    case rowCountMismatch
    case auditTrailDoesNotVerify
    case criteriaFixed
    case revisionDropsRequirements
    case crosswalkUnknownRequirements
    case requirementHasChildren
    case dossierNeedsLanguage
    case periodAfterAsOf
    case electoralProcessTaken
    case dossierNeedsOrganisation
    case planPeriodEndsBeforeStart
    case codeUsedTwice
    case objectiveNotInStrategicPlan
    case sourceHasTwoEnvelopes
    case outputNotInOperationalPlan
    case activityNotInWorkPlan
    case budgetLineTwice
    case lineCurrencyDiffers
    case sourceNotInFinancialPlan
    case amountCurrencyDiffers
    case amountNegative
    case linkTargetMissing
    case engagementNeedsCertificationBody
    case engagementNeedsAuditors
    case engagementClosesBeforeOpening
    case engagementPeriodEndsBeforeStart
    case engagementAlreadyEnded
    /// An engagement names an account that is not of the auditor role.
    case engagementAuditorRole
    /// An engagement names an account with no local password (a directory account).
    case engagementAccountNotLocal
    case auditPlanNeedsSchedule
    case visitOutsideAudit
    case visitAuditorNotInTeam
    case requirementNotInChecklist
    case checkFindingRaised
    case checkNeedsGrade
    case checkNeedsNotes
    case checkGradeWithoutFinding
    case certificateExpiresBeforeIssue
    case certificateNeedsStandard
    /// A withdrawn certificate cannot change status again (ISO/IEC 17021-1, 9.6.5).
    case certificateWithdrawnIsFinal
    case certificateStatusUnchanged
    case certificateChangeBeforeLast
    /// A certificate names a certification body the register does not have.
    case certificationBodyUnknown
    /// An evidence request names neither a requirement nor a sample.
    case evidenceRequestNeedsSubject
    case evidenceRequestNeedsOwner
    case evidenceRequestDueInPast
    case evidenceRequestNeedsEvidence
    case evidenceRequestReturnNeedsComment
    /// A step the request's status does not allow (accepting an open request).
    case evidenceRequestWrongStatus
    /// Only the auditor who asked (or another of the engagement's auditors) decides or withdraws.
    case evidenceRequestNotRequester
    /// Only the owner named, or a quality manager, answers.
    case evidenceRequestNotOwner
    /// An engagement account asks only within an engagement that names it, open today.
    case evidenceRequestOutsideEngagement
    /// An engagement account asks only for requirements its engagement's scope covers.
    case evidenceRequestOutsideScope
    /// The answer's evidence is restricted and the engagement does not grant restricted evidence.
    case evidenceRequestEvidenceRestricted
    /// The answer's evidence lies outside the engagement's scope.
    case evidenceRequestEvidenceOutsideScope
    /// The owner named is not an active user.
    case evidenceRequestOwnerUnknown
    /// Only auditors, quality managers and administrators ask for evidence.
    case evidenceRequestNeedsAuditor
    /// A process owner logs new evidence, in an answer, only for a process of their own.
    case evidenceRequestProcessNotOwned
}

/// What an error names as missing or as already there: the things users name by an identifier.
/// Its raw value is the English noun; other languages have their own (`error_subject_…`).
public enum ErrorSubject: String, Sendable, Hashable, Codable, CaseIterable {
    case action
    case activity
    case amendment
    case annualWorkPlan = "annual work plan"
    case attachment
    case audit
    case budgetLine = "budget line"
    case certificate
    case certificationBody = "certification body"
    case contextIssue = "context issue"
    case criterion
    case crosswalkEntry = "crosswalk entry"
    case crosswalk
    case document
    case engagement
    case evidenceRecord = "evidence record"
    case evidenceRequest = "evidence request"
    case externalProvider = "external provider"
    case fundingSource = "funding source"
    case interestedParty = "interested party"
    case kpi = "KPI"
    case managementReview = "management review"
    case nonconformity
    case person
    case process
    case recommendation
    case requirementNumber = "requirement number"
    case requirement
    case revision
    case risk
    case role
    case standard
    case trainingEvent = "training event"
    case treatmentAction = "treatment action"
    case user
    case version
}
