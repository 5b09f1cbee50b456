import QMSCore

/// Every string of a dossier's pages in English and Arabic. Templates read them as `{{t.key}}`;
/// a key missing in Arabic falls back to English, and a test checks that none is missing.
enum DossierStrings {
    static let english: [String: String] = [
        "dossier": "Audit dossier", "as_of": "As of", "period": "Period", "organisation": "Organisation",
        "scope": "Scope", "standards": "Standards", "standard": "Standard", "edition": "Edition",
        "publisher": "Publisher", "status": "Status", "certification": "Certification status",
        "certified": "Certified", "not_certified": "Not yet certified", "certificate": "Certificate",
        "issued": "Issued", "valid_until": "Valid until", "next_audit": "Next certification audit", "due_by": "Due by",
        "planned_as": "Planned as", "signing_key": "Signing key (Ed25519), SHA-256 fingerprint",
        "contents": "Contents", "cover": "Cover", "readiness": "Readiness", "readiness_chart": "Readiness per clause",
        "soa": "Statement of applicability", "matrix": "Compliance matrix", "requirement": "Requirement",
        "requirements": "Requirements", "title": "Title", "evidence": "Evidence", "nonconformities": "Nonconformities",
        "satisfied": "Satisfied", "partial": "Partial", "missing": "Missing", "excluded": "Excluded",
        "applicable": "Applicable", "not_applicable": "Not applicable", "justification": "Justification",
        "decided_by": "Decided by", "no_exclusions": "Every requirement applies: nothing is excluded.",
        "evidence_register": "Evidence register", "id": "ID", "revision": "Revision", "kind": "Kind",
        "owner": "Owner", "process": "Process", "effective": "Effective from", "effective_to": "Effective to",
        "review_due": "Review due", "collected": "Collected", "confidentiality": "Confidentiality", "files": "Files",
        "restricted_withheld": "Restricted: content withheld; files listed by SHA-256 only.",
        "withheld": "withheld", "size": "Size", "sha256": "SHA-256", "link": "Link", "location": "Location",
        "description": "Description", "tags": "Tags", "recorded": "Recorded", "withdrawn_reason": "Withdrawn because",
        "ncs_title": "Nonconformities and corrective actions", "grade": "Grade", "source": "Source", "state": "State",
        "raised": "Raised", "history": "History", "step": "Step", "actor": "Who", "when": "When", "note": "Note",
        "causes": "Root causes", "method": "Method", "actions": "Actions", "due": "Due", "implemented": "Implemented",
        "verification": "Verification", "closure": "Closure", "round": "Round", "deadline": "Verify the fix by",
        "update_risks": "Update risks and opportunities", "change_qms": "Change the QMS", "yes": "yes", "no": "no",
        "audits_title": "Audits", "dates": "Dates", "team": "Team", "certification_body": "Certification body",
        "report": "Report", "reviews_title": "Management reviews", "held": "Held", "chair": "Chair",
        "attendees": "Attendees", "inputs": "Inputs covered", "missing_inputs": "Inputs not covered",
        "decisions": "Decisions", "done": "Done", "open": "Open", "recommendations_title": "Observer recommendations",
        "mission": "Mission", "year": "Year", "priority": "Priority", "addressee": "Addressee", "links": "Linked to",
        "plans_title": "Quality objectives and the annual work plan",
        "quality_objectives": "Quality objectives (ISO 9001 6.2)",
        "objective": "Objective", "kpi": "Indicator", "kpi_progress": "KPI progress", "unit": "Unit",
        "baseline": "Baseline", "target": "Target", "actual": "Actual", "progress": "Progress",
        "awp": "Annual work plan", "version": "Version", "approved_on": "Approved", "approved_by": "Approved by",
        "planned": "Planned", "spent": "Spent", "delivery": "Delivery", "total": "Total",
        "no_awp": "No annual work plan had been approved by this day.",
        "trail_title": "Audit trail of the period", "seq": "#", "action": "What", "entity": "Record",
        "hash": "Event hash", "trail_head": "Last event of the as-of day",
        "trail_note":
            "Each event's hash covers its content and the hash of the event before it; the contents (before and after) stay in the database, where `eqms verify` checks the whole chain.",
        "as_of_meaning":
            "This dossier shows the quality system as it stood at the end of the as-of day: the revision of each evidence record current that day, with its status that day; findings raised by that day, each corrective action's steps up to that day; the compliance matrix computed for that day; and the audit trail up to its end. Records created later are left out.",
        "as_of_limits":
            "Observer recommendations show their present status, and a revision superseded after the as-of day shows as current even if it was a draft: the database keeps no history of those fields.",
        "other_language": "العربية", "credit": "Credit", "full": "full", "via": "through", "reason": "Why partial",
        "summary": "Summary", "documented_information": "Mandatory documented information",
        "documents_to_maintain": "documents to maintain", "records_to_retain": "records to retain",
        "electoral_processes": "Electoral processes", "evidence_hints": "Typical evidence",
        "children": "Below this clause",
        "rollup_note": "A clause's status adds up the requirements below it.", "page": "Page", "previous": "Previous",
        "next": "Next", "none": "Nothing to record.", "more": "more",
        "more_evidence":
            "Further records count for this requirement; the evidence register and dossier.xml list every one:",
        "verify_title": "Checking this dossier",
        "verify_text":
            "Every file of this dossier is listed in manifest.json with its size and SHA-256; manifest.sig is the Ed25519 signature of manifest.json. Check both offline:",
        "files_note": "Evidence files are kept under files/, named by their SHA-256.",
        "restricted_note_included": "Restricted evidence is included in full.",
        "restricted_note_withheld":
            "Restricted evidence is listed by the SHA-256 of its files only; its files are not included.",
        "draft": "draft", "current": "current", "superseded": "superseded", "withdrawn": "withdrawn",
        "document": "document", "record": "record", "note_kind": "note", "public": "public", "internal": "internal",
        "restricted": "restricted", "expired": "expired", "review-overdue": "review overdue", "indirect": "indirect",
        "major": "major", "minor": "minor", "observation": "observation", "ofi": "opportunity for improvement",
        "internal-audit": "internal audit", "certification-audit": "certification audit", "complaint": "complaint",
        "process-monitoring": "process monitoring", "management-review": "management review",
        "observer-recommendation": "observer recommendation", "other": "other", "reported": "reported",
        "contained": "contained", "analysed": "analysed", "planned_state": "planned",
        "implemented_state": "implemented",
        "verified": "verified", "closed": "closed", "reopened": "reopened",
        "audit_internal": "internal", "stage-1": "stage 1", "stage-2": "stage 2", "surveillance-1": "surveillance 1",
        "surveillance-2": "surveillance 2", "recertification": "recertification", "audit_planned": "planned",
        "conducted": "conducted", "audit_reported": "reported", "high": "high", "medium": "medium", "low": "low",
        "emb": "the electoral management body", "parliament": "parliament", "judiciary": "judiciary",
        "government": "government", "not-started": "not started", "in-progress": "in progress",
        "not-accepted": "not accepted", "rec_implemented": "implemented", "effective_result": "effective",
        "ineffective": "ineffective", "clause": "clause", "electoral-process": "electoral process",
        "requirement_kind": "requirement", "maintain": "document to maintain", "retain": "record to retain",
        "evidence_count": "evidence records", "requirements_count": "requirements", "main": "Dossier sections",
        "language": "Language", "english": "English", "arabic": "العربية",
    ]

    static let arabic: [String: String] = [
        "dossier": "ملف التدقيق", "as_of": "بتاريخ", "period": "الفترة", "organisation": "المؤسسة", "scope": "النطاق",
        "standards": "المواصفات", "standard": "المواصفة", "edition": "الإصدار", "publisher": "الجهة الناشرة",
        "status": "الحالة", "certification": "حالة الشهادة", "certified": "حاصلة على الشهادة",
        "not_certified": "لم تحصل على الشهادة بعد", "certificate": "الشهادة", "issued": "تاريخ الإصدار",
        "valid_until": "صالحة حتى", "next_audit": "تدقيق الشهادة التالي", "due_by": "الموعد الأقصى",
        "planned_as": "مخطط له", "signing_key": "مفتاح التوقيع (Ed25519)، بصمة SHA-256", "contents": "المحتويات",
        "cover": "الغلاف", "readiness": "الجاهزية", "readiness_chart": "الجاهزية حسب البند",
        "soa": "بيان قابلية التطبيق", "matrix": "مصفوفة المطابقة", "requirement": "المتطلب",
        "requirements": "المتطلبات",
        "title": "العنوان", "evidence": "الأدلة", "nonconformities": "حالات عدم المطابقة", "satisfied": "مستوفى",
        "partial": "مستوفى جزئياً", "missing": "غير مستوفى", "excluded": "مستثنى", "applicable": "قابل للتطبيق",
        "not_applicable": "غير قابل للتطبيق", "justification": "المبرر", "decided_by": "قرّره",
        "no_exclusions": "جميع المتطلبات قابلة للتطبيق: لا شيء مستثنى.", "evidence_register": "سجل الأدلة",
        "id": "المعرّف", "revision": "المراجعة", "kind": "النوع", "owner": "المسؤول", "process": "العملية",
        "effective": "نافذ من", "effective_to": "نافذ حتى", "review_due": "موعد المراجعة", "collected": "تاريخ الجمع",
        "confidentiality": "السرية", "files": "الملفات",
        "restricted_withheld": "مقيّد: المحتوى محجوب، والملفات مدرجة ببصمة SHA-256 فقط.", "withheld": "محجوب",
        "size": "الحجم", "sha256": "SHA-256", "link": "الرابط", "location": "الموقع", "description": "الوصف",
        "tags": "الوسوم", "recorded": "سُجّل", "withdrawn_reason": "سُحب للسبب التالي",
        "ncs_title": "حالات عدم المطابقة والإجراءات التصحيحية", "grade": "الدرجة", "source": "المصدر",
        "state": "المرحلة", "raised": "سُجّلت", "history": "السجل", "step": "الخطوة", "actor": "من", "when": "متى",
        "note": "ملاحظة", "causes": "الأسباب الجذرية", "method": "الأسلوب", "actions": "الإجراءات", "due": "الموعد",
        "implemented": "نُفّذ", "verification": "التحقق", "closure": "الإغلاق", "round": "الجولة",
        "deadline": "التحقق من المعالجة قبل", "update_risks": "تحديث المخاطر والفرص",
        "change_qms": "تعديل نظام إدارة الجودة",
        "yes": "نعم", "no": "لا", "audits_title": "عمليات التدقيق", "dates": "التواريخ", "team": "الفريق",
        "certification_body": "جهة منح الشهادة", "report": "التقرير", "reviews_title": "مراجعات الإدارة",
        "held": "عُقدت", "chair": "الرئيس", "attendees": "الحضور", "inputs": "المدخلات المغطاة",
        "missing_inputs": "مدخلات لم تُغطَّ", "decisions": "القرارات", "done": "أُنجز", "open": "مفتوح",
        "recommendations_title": "توصيات بعثات المراقبة", "mission": "البعثة", "year": "السنة", "priority": "الأولوية",
        "addressee": "الجهة المعنية", "links": "مرتبطة بـ", "plans_title": "أهداف الجودة وخطة العمل السنوية",
        "quality_objectives": "أهداف الجودة (ISO 9001 البند 6.2)", "objective": "الهدف", "kpi": "المؤشر",
        "kpi_progress": "التقدم في مؤشرات الأداء", "unit": "الوحدة", "baseline": "خط الأساس", "target": "المستهدف",
        "actual": "المتحقق", "progress": "التقدم", "awp": "خطة العمل السنوية", "version": "النسخة",
        "approved_on": "اعتُمدت", "approved_by": "اعتمدها", "planned": "المخطط", "spent": "المصروف",
        "delivery": "نسبة التنفيذ", "total": "المجموع", "no_awp": "لم تُعتمد أي خطة عمل سنوية حتى هذا التاريخ.",
        "trail_title": "سجل التدقيق للفترة", "seq": "#", "action": "ماذا", "entity": "السجل", "hash": "بصمة الحدث",
        "trail_head": "آخر حدث في تاريخ الملف",
        "trail_note":
            "تغطي بصمة كل حدث محتواه وبصمة الحدث الذي قبله؛ ويبقى المحتوى (قبل وبعد) في قاعدة البيانات حيث يتحقق `eqms verify` من السلسلة كاملة.",
        "as_of_meaning":
            "يعرض هذا الملف نظام الجودة كما كان في نهاية تاريخ الملف: مراجعة كل دليل النافذة في ذلك اليوم بحالتها آنذاك، وحالات عدم المطابقة المسجلة حتى ذلك اليوم مع خطوات إجراءاتها التصحيحية حتى ذلك اليوم، ومصفوفة المطابقة محسوبة لذلك اليوم، وسجل التدقيق حتى نهايته. أما السجلات المنشأة لاحقاً فلا تظهر.",
        "as_of_limits":
            "تظهر توصيات بعثات المراقبة بحالتها الحالية، وتظهر المراجعة التي حلّت محلها مراجعة لاحقة على أنها نافذة ولو كانت مسودة: لا تحفظ قاعدة البيانات تاريخ هذه الحقول.",
        "other_language": "English", "credit": "الاحتساب", "full": "كامل", "via": "عبر",
        "reason": "سبب الاحتساب الجزئي",
        "summary": "الملخص", "documented_information": "المعلومات الموثقة الإلزامية",
        "documents_to_maintain": "وثائق يُحتفظ بها محدّثة", "records_to_retain": "سجلات تُحفظ",
        "electoral_processes": "العمليات الانتخابية",
        "evidence_hints": "أدلة نموذجية", "children": "ما يندرج تحت هذا البند",
        "rollup_note": "حالة البند حصيلة حالات المتطلبات المندرجة تحته.", "page": "الصفحة", "previous": "السابق",
        "next": "التالي", "none": "لا شيء لعرضه.", "more": "أخرى",
        "more_evidence": "سجلات أخرى تُحتسب لهذا المتطلب؛ يذكرها سجل الأدلة وملف dossier.xml جميعها:",
        "verify_title": "التحقق من هذا الملف",
        "verify_text":
            "كل ملف في هذا الملف مدرج في manifest.json مع حجمه وبصمة SHA-256، وmanifest.sig هو توقيع Ed25519 للملف manifest.json. تحقق من الاثنين دون اتصال:",
        "files_note": "تُحفظ ملفات الأدلة في المجلد files/ بأسماء هي بصمات SHA-256 الخاصة بها.",
        "restricted_note_included": "الأدلة المقيّدة مضمّنة كاملة.",
        "restricted_note_withheld": "الأدلة المقيّدة مدرجة ببصمات SHA-256 لملفاتها فقط، وملفاتها غير مضمّنة.",
        "draft": "مسودة", "current": "نافذ", "superseded": "حلّت محله مراجعة أحدث", "withdrawn": "مسحوب",
        "document": "وثيقة", "record": "سجل", "note_kind": "ملاحظة", "public": "عام", "internal": "داخلي",
        "restricted": "مقيّد", "expired": "منتهي الصلاحية", "review-overdue": "تأخرت مراجعته", "indirect": "غير مباشر",
        "major": "جسيمة", "minor": "بسيطة", "observation": "ملاحظة", "ofi": "فرصة للتحسين",
        "internal-audit": "تدقيق داخلي", "certification-audit": "تدقيق الشهادة", "complaint": "شكوى",
        "process-monitoring": "رصد العمليات", "management-review": "مراجعة الإدارة",
        "observer-recommendation": "توصية بعثة مراقبة", "other": "أخرى", "reported": "مُبلّغ عنها", "contained": "احتُويت",
        "analysed": "حُلّلت", "planned_state": "خُطّط لها", "implemented_state": "نُفّذت", "verified": "تُحقّق منها",
        "closed": "أُغلقت", "reopened": "أُعيد فتحها", "audit_internal": "داخلي", "stage-1": "المرحلة الأولى",
        "stage-2": "المرحلة الثانية", "surveillance-1": "المراقبة الأولى", "surveillance-2": "المراقبة الثانية",
        "recertification": "إعادة منح الشهادة", "audit_planned": "مخطط له", "conducted": "نُفّذ",
        "audit_reported": "صدر تقريره", "high": "عالية", "medium": "متوسطة", "low": "منخفضة",
        "emb": "هيئة إدارة الانتخابات", "parliament": "البرلمان", "judiciary": "القضاء", "government": "الحكومة",
        "not-started": "لم يبدأ", "in-progress": "قيد التنفيذ", "not-accepted": "غير مقبولة", "rec_implemented": "نُفّذت",
        "effective_result": "فعّال", "ineffective": "غير فعّال", "clause": "بند", "electoral-process": "عملية انتخابية",
        "requirement_kind": "متطلب", "maintain": "وثيقة يُحافظ عليها", "retain": "سجل يُحتفظ به",
        "evidence_count": "سجلات أدلة", "requirements_count": "متطلبات", "main": "أقسام الملف", "language": "اللغة",
        "english": "English", "arabic": "العربية",
    ]

    /// The strings of a language, English filling any gap.
    static func table(_ language: Language) -> [String: String] {
        guard language == .arabic else { return english }
        return english.merging(arabic) { _, arabic in arabic }
    }

    /// One string.
    static func text(_ key: String, _ language: Language) -> String {
        (language == .arabic ? arabic[key] : nil) ?? english[key] ?? key
    }
}

/// Numbers and dates as each language writes them: Arabic pages use Arabic-Indic digits;
/// identifiers, hashes and requirement numbers keep Latin digits everywhere.
enum DossierFormat {
    static func number(_ value: Int, _ language: Language) -> String { digits(String(value), language) }

    static func percent(_ value: Double, _ language: Language) -> String {
        let rounded = (value * 10).rounded() / 10
        let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
        return language == .arabic ? digits(text, language).replacingOccurrences(of: ".", with: "٫") + "٪" : text + "%"
    }

    static func date(_ value: CalendarDate?, _ language: Language) -> String {
        guard let value else { return "" }
        return digits(value.description, language)
    }

    static func digits(_ text: String, _ language: Language) -> String {
        guard language == .arabic else { return text }
        let arabicDigits: [Character] = ["٠", "١", "٢", "٣", "٤", "٥", "٦", "٧", "٨", "٩"]
        return String(
            text.map { character in
                character.isASCII ? character.wholeNumberValue.map { arabicDigits[$0] } ?? character : character
            })
    }

    /// Bytes for people: `512 B`, `3.4 MiB`.
    static func bytes(_ value: Int64, _ language: Language) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var amount = Double(value)
        var unit = 0
        while amount >= 1024, unit < units.count - 1 {
            amount /= 1024
            unit += 1
        }
        let text = unit == 0 ? "\(value)" : String((amount * 10).rounded() / 10)
        return digits(text, language) + " " + units[unit]
    }
}
