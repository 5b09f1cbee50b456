import QMSCore

/// Every string of the web application in English and Arabic. Templates read them as `{{t.key}}`;
/// a key missing in Arabic falls back to English and is caught by a test.
enum Translations {
    static let english: [String: String] = [
        "app": "ElectoralQMS", "skip": "Skip to content", "language": "العربية", "languageCode": "ar",
        "nav_dashboard": "Dashboard", "nav_catalogue": "Standards", "nav_evidence": "Evidence",
        "nav_compliance": "Compliance", "nav_trail": "Audit trail", "nav_users": "Users", "nav_signout": "Sign out",
        "nav_main": "Main navigation", "signed_in_as": "Signed in as",
        "login_title": "Sign in", "username": "Username", "password": "Password", "sign_in": "Sign in",
        "login_intro": "Sign in with the account your quality unit gave you.",
        "dashboard_title": "Dashboard", "readiness": "Readiness for certification", "standard": "Standard",
        "status": "Status", "applicable": "Applicable", "satisfied": "Satisfied", "partial": "Partial",
        "missing": "Missing", "excluded": "Excluded", "readiness_percent": "Readiness",
        "expiring_evidence": "Evidence needing attention", "none": "Nothing to show.",
        "evidence_title": "Evidence register", "new_evidence": "Log evidence", "id": "ID", "revision": "Revision",
        "kind": "Kind", "title": "Title", "owner": "Owner", "process": "Process", "effective": "Effective from",
        "valid_until": "Valid until", "review_due": "Review due", "requirements": "Requirements",
        "confidentiality": "Confidentiality", "location": "Location", "description": "Description",
        "link": "Link", "files": "Files", "tags": "Tags", "filter": "Filter", "all": "All",
        "requirement_key": "Requirement (STANDARD:NUMBER)", "save": "Save", "draft": "Save as draft",
        "file_hint": "Files are stored once, by their SHA-256, and never changed.",
        "requirements_hint": "One per line, such as iso-9001-2015:7.5.3", "collected": "Collected",
        "recorded": "Recorded", "withdraw": "Withdraw", "reason": "Reason", "download": "Download",
        "withdrawn_reason": "Withdrawn because", "history": "Revisions",
        "catalogue_title": "Standards", "edition": "Edition", "nodes": "Nodes", "publisher": "Publisher",
        "replaced_by": "Replaced by", "summary": "Summary", "evidence_hints": "Typical evidence",
        "documented_information": "Mandatory documented information", "electoral_processes": "Electoral processes",
        "crosswalk": "Counts also for", "credit": "Credit", "evidence_for": "Evidence for this requirement",
        "compliance_title": "Compliance", "by_clause": "By clause", "by_process": "By electoral process",
        "trail_title": "Audit trail", "seq": "#", "at": "When", "actor": "Who", "action": "What",
        "entity": "Record", "chain_ok": "The hash chain verifies: no event was altered.",
        "chain_broken": "The hash chain is broken:",
        "users_title": "Users", "role": "Role", "name": "Name", "active": "Active", "add_user": "Add a user",
        "display_name": "Full name", "email": "E-mail", "processes": "Processes (EP-01 …)",
        "error_title": "Something went wrong", "forbidden": "You may not do this with your role.",
        "not_found": "There is no such page or record.", "back": "Back to the dashboard",
        "current": "current", "withdrawn": "withdrawn", "superseded": "superseded", "yes": "yes", "no": "no",
        "full": "full", "expiring": "expiring", "expired": "expired", "review-overdue": "review overdue",
        "document": "document", "record": "record", "note": "note", "public": "public", "internal": "internal",
        "restricted": "restricted", "clause": "clause", "electoral-process": "electoral process",
        "maintain": "document to maintain", "retain": "record to retain", "organisation": "Organisation",
        "saved": "Saved.", "days": "days", "role_admin": "administrator", "role_quality-manager": "quality manager",
        "role_process-owner": "process owner", "role_tc-member": "Technical Committee member",
        "role_auditor": "auditor",
        "role_viewer": "viewer",
        "findings_title": "Findings", "open_finding": "Raise a nonconformity", "open_only": "Open only",
        "grade": "Grade",
        "source": "Source", "state": "State", "raised": "Raised", "alerts": "Alerts", "deadline": "Verify the fix by",
        "actions": "Actions", "due": "Due", "implemented": "Implemented",
        "workflow": "Corrective action (ISO 9001 10.2)",
        "next_step": "Next step", "note_correction": "Note or correction", "consequences": "Consequences dealt with",
        "method": "Root-cause method", "causes": "Causes (one per line)", "similar": "Similar nonconformities",
        "action_text": "Action", "result": "Effectiveness", "update_risks": "Update risks and opportunities",
        "change_qms": "Change the quality management system", "audits_title": "Audits",
        "next_audit": "Next certification audit",
        "dates": "Dates", "team": "Team", "reviews_title": "Management reviews", "missing_inputs": "Inputs not covered",
        "recommendations_title": "Observer recommendations", "mission": "Mission", "priority": "Priority",
        "addressee": "Addressee", "links": "Linked", "nav_findings": "Findings",
        "nav_dossier": "Audit dossier", "dossier_title": "Audit dossier",
        "dossier_intro":
            "A signed, self-contained dossier for certification auditors: every page in English and Arabic, the evidence files, dossier.xml and OSCAL assessment results, as the records stood on the chosen day. It downloads as a ZIP that `eqms dossier verify` checks offline.",
        "dossier_standards": "Standards", "dossier_as_of": "As of", "dossier_languages": "Languages",
        "dossier_both": "English and Arabic", "dossier_include_restricted": "Include restricted evidence files",
        "dossier_export": "Export and download", "dossier_key": "Signing key (Ed25519) fingerprint",
        "dossier_no_key":
            "No signing key is configured: run `eqms keys generate --out DIR` and start the server with EQMS_DOSSIER_KEY=DIR/dossier-signing.key.",
        "dossier_verify_hint":
            "Auditors check the download with `eqms dossier verify FILE.zip --key dossier-signing.pub`.",
    ]

    static let arabic: [String: String] = [
        "app": "نظام إدارة الجودة الانتخابية", "skip": "انتقل إلى المحتوى", "language": "English",
        "languageCode": "en",
        "nav_dashboard": "لوحة المتابعة", "nav_catalogue": "المعايير", "nav_evidence": "الأدلة",
        "nav_compliance": "المطابقة", "nav_trail": "سجل التدقيق", "nav_users": "المستخدمون",
        "nav_signout": "تسجيل الخروج", "nav_main": "التنقل الرئيسي", "signed_in_as": "مسجل الدخول باسم",
        "login_title": "تسجيل الدخول", "username": "اسم المستخدم", "password": "كلمة المرور",
        "sign_in": "دخول", "login_intro": "سجّل الدخول بالحساب الذي منحتك إياه وحدة الجودة.",
        "dashboard_title": "لوحة المتابعة", "readiness": "الجاهزية للحصول على الشهادة", "standard": "المعيار",
        "status": "الحالة", "applicable": "المنطبقة", "satisfied": "مستوفى", "partial": "جزئي", "missing": "ناقص",
        "excluded": "مستثنى", "readiness_percent": "الجاهزية", "expiring_evidence": "أدلة تحتاج إلى متابعة",
        "none": "لا يوجد ما يُعرض.",
        "evidence_title": "سجل الأدلة", "new_evidence": "تسجيل دليل", "id": "المعرّف", "revision": "المراجعة",
        "kind": "النوع", "title": "العنوان", "owner": "المسؤول", "process": "العملية", "effective": "ساري من",
        "valid_until": "صالح حتى", "review_due": "موعد المراجعة", "requirements": "المتطلبات",
        "confidentiality": "درجة السرية", "location": "الموقع", "description": "الوصف", "link": "الرابط",
        "files": "الملفات", "tags": "الوسوم", "filter": "تصفية", "all": "الكل",
        "requirement_key": "المتطلب (المعيار:الرقم)", "save": "حفظ", "draft": "حفظ كمسودة",
        "file_hint": "تُحفظ الملفات مرة واحدة ببصمتها SHA-256 ولا تُعدَّل أبداً.",
        "requirements_hint": "متطلب في كل سطر، مثل iso-9001-2015:7.5.3", "collected": "تاريخ الجمع",
        "recorded": "سُجّل", "withdraw": "سحب", "reason": "السبب", "download": "تنزيل",
        "withdrawn_reason": "سُحب بسبب", "history": "المراجعات",
        "catalogue_title": "المعايير", "edition": "الإصدار", "nodes": "البنود", "publisher": "الجهة الناشرة",
        "replaced_by": "حلّ محله", "summary": "الملخص", "evidence_hints": "أدلة نموذجية",
        "documented_information": "المعلومات الموثقة الإلزامية", "electoral_processes": "العمليات الانتخابية",
        "crosswalk": "يُعتدّ به أيضاً في", "credit": "الاعتداد", "evidence_for": "أدلة هذا المتطلب",
        "compliance_title": "المطابقة", "by_clause": "حسب البند", "by_process": "حسب العملية الانتخابية",
        "trail_title": "سجل التدقيق", "seq": "#", "at": "الوقت", "actor": "المنفّذ", "action": "الإجراء",
        "entity": "السجل", "chain_ok": "سلسلة البصمات سليمة: لم يُعدَّل أي حدث.",
        "chain_broken": "سلسلة البصمات مكسورة:",
        "users_title": "المستخدمون", "role": "الدور", "name": "الاسم", "active": "نشط", "add_user": "إضافة مستخدم",
        "display_name": "الاسم الكامل", "email": "البريد الإلكتروني", "processes": "العمليات (EP-01 …)",
        "error_title": "حدث خطأ", "forbidden": "لا يسمح دورك بهذا الإجراء.",
        "not_found": "لا توجد صفحة أو سجل بهذا العنوان.",
        "back": "العودة إلى لوحة المتابعة",
        "current": "ساري", "withdrawn": "مسحوب", "superseded": "مستبدل", "yes": "نعم", "no": "لا", "full": "كامل",
        "expiring": "يقترب انتهاؤه", "expired": "منتهي الصلاحية", "review-overdue": "المراجعة متأخرة",
        "document": "وثيقة", "record": "سجل", "note": "ملاحظة", "public": "عام", "internal": "داخلي",
        "restricted": "مقيّد", "clause": "بند", "electoral-process": "عملية انتخابية",
        "maintain": "وثيقة يُحتفظ بها محدّثة", "retain": "سجل يُحتفظ به", "organisation": "المؤسسة",
        "saved": "تم الحفظ.", "days": "أيام", "role_admin": "مدير النظام", "role_quality-manager": "مدير الجودة",
        "role_process-owner": "مالك العملية", "role_tc-member": "عضو اللجنة الفنية", "role_auditor": "مدقق",
        "role_viewer": "مطّلع",
        "findings_title": "الملاحظات وعدم المطابقة", "open_finding": "تسجيل حالة عدم مطابقة",
        "open_only": "المفتوحة فقط",
        "grade": "الدرجة", "source": "المصدر", "state": "المرحلة", "raised": "سُجّلت", "alerts": "تنبيهات",
        "deadline": "التحقق من المعالجة قبل", "actions": "الإجراءات", "due": "الموعد", "implemented": "نُفّذ",
        "workflow": "الإجراء التصحيحي (ISO 9001 البند 10.2)", "next_step": "الخطوة التالية",
        "note_correction": "ملاحظة أو تصحيح", "consequences": "معالجة الآثار", "method": "أسلوب تحليل السبب الجذري",
        "causes": "الأسباب (سبب في كل سطر)", "similar": "حالات مشابهة", "action_text": "الإجراء", "result": "الفعالية",
        "update_risks": "تحديث المخاطر والفرص", "change_qms": "تعديل نظام إدارة الجودة",
        "audits_title": "عمليات التدقيق",
        "next_audit": "تدقيق الشهادة التالي", "dates": "التواريخ", "team": "الفريق", "reviews_title": "مراجعات الإدارة",
        "missing_inputs": "مدخلات لم تُغطَّ", "recommendations_title": "توصيات بعثات المراقبة", "mission": "البعثة",
        "priority": "الأولوية", "addressee": "الجهة المعنية", "links": "مرتبطة بـ", "nav_findings": "الملاحظات",
        "nav_dossier": "ملف التدقيق", "dossier_title": "ملف التدقيق",
        "dossier_intro":
            "ملف موقّع ومكتفٍ بذاته لمدققي جهة منح الشهادة: كل صفحة بالعربية والإنجليزية، وملفات الأدلة، وdossier.xml ونتائج التقييم بصيغة OSCAL، كما كانت السجلات في اليوم المختار. يُنزَّل ملفاً مضغوطاً (ZIP) يتحقق منه الأمر `eqms dossier verify` دون اتصال.",
        "dossier_standards": "المواصفات", "dossier_as_of": "بتاريخ", "dossier_languages": "اللغات",
        "dossier_both": "العربية والإنجليزية", "dossier_include_restricted": "تضمين ملفات الأدلة المقيّدة",
        "dossier_export": "التصدير والتنزيل", "dossier_key": "بصمة مفتاح التوقيع (Ed25519)",
        "dossier_no_key":
            "لم يُضبط مفتاح توقيع: نفّذ `eqms keys generate --out DIR` ثم شغّل الخادم مع EQMS_DOSSIER_KEY=DIR/dossier-signing.key.",
        "dossier_verify_hint":
            "يتحقق المدققون من الملف المنزّل بالأمر `eqms dossier verify FILE.zip --key dossier-signing.pub`.",
    ]

    /// The strings of a language, English filling any gap.
    static func table(_ language: Language) -> [String: String] {
        guard language == .arabic else { return allEnglish }
        return allEnglish.merging(allArabic) { _, arabic in arabic }
    }

    /// One string.
    static func text(_ key: String, _ language: Language) -> String {
        (language == .arabic ? allArabic[key] : nil) ?? allEnglish[key] ?? key
    }

    /// The strings above with those of the register pages (``RegisterTranslations``) added.
    static let allEnglish = english.merging(RegisterTranslations.english) { own, _ in own }
        .merging(PlanTranslations.english) { own, _ in own }
        .merging(TransitionTranslations.english) { own, _ in own }
    static let allArabic = arabic.merging(RegisterTranslations.arabic) { own, _ in own }
        .merging(PlanTranslations.arabic) { own, _ in own }
        .merging(TransitionTranslations.arabic) { own, _ in own }
}

// MARK: - Transition report (ISO 9001:2015 → 2026), issue 22: one block, to move as a whole.

/// The strings of the transition report page, in English and Arabic.
enum TransitionTranslations {
    static let english: [String: String] = [
        "transition_title": "Transition to the new edition", "transition_link": "Transition to ISO 9001:2026",
        "transition_intro":
            "What changes for a commission certified to the old edition: the requirements new or changed, the evidence that carries over through the crosswalk, and what is still missing.",
        "transition_deadline": "Transition deadline", "transition_days_left": "Days left",
        "transition_estimated": "estimated: three years after publication",
        "transition_deadline_hint": "The date your certification body set, YYYY-MM-DD.",
        "transition_changes": "New or changed requirements", "transition_carried": "Evidence that carries over",
        "transition_missing": "Still missing", "transition_change": "Change", "transition_from": "From",
        "transition_via": "Logged against", "transition_credit": "Credit", "transition_new": "new",
        "transition_changed": "changed", "transition_unchanged": "unchanged",
        "transition_status_draft": "final draft (FDIS)", "transition_status_current": "published",
        "transition_status_withdrawn": "withdrawn",
        "transition_show": "Show",
    ]
    static let arabic: [String: String] = [
        "transition_title": "الانتقال إلى الإصدار الجديد", "transition_link": "الانتقال إلى ISO 9001:2026",
        "transition_intro":
            "ما الذي يتغير على المفوضية الحاصلة على الشهادة وفق الإصدار السابق: المتطلبات الجديدة أو المعدلة، والأدلة التي تنتقل عبر جدول المقابلة، وما لا يزال ناقصًا.",
        "transition_deadline": "الموعد النهائي للانتقال", "transition_days_left": "الأيام المتبقية",
        "transition_estimated": "تقديري: ثلاث سنوات بعد النشر",
        "transition_deadline_hint": "التاريخ الذي حددته جهة منح الشهادة، بصيغة YYYY-MM-DD.",
        "transition_changes": "المتطلبات الجديدة أو المعدلة", "transition_carried": "الأدلة التي تنتقل",
        "transition_missing": "ما لا يزال ناقصًا", "transition_change": "التغيير", "transition_from": "المصدر",
        "transition_via": "مسجل مقابل", "transition_credit": "الاعتداد", "transition_new": "جديد",
        "transition_changed": "معدل", "transition_unchanged": "دون تغيير",
        "transition_status_draft": "مسودة نهائية (FDIS)", "transition_status_current": "منشورة",
        "transition_status_withdrawn": "مسحوبة",
        "transition_show": "عرض",
    ]
}

/// Numbers and dates as each language writes them: Arabic pages use Arabic-Indic digits.
enum Format {
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

    /// ASCII digits as Arabic-Indic digits on Arabic pages; identifiers keep Latin digits elsewhere.
    static func digits(_ text: String, _ language: Language) -> String {
        guard language == .arabic else { return text }
        let arabicDigits: [Character] = ["٠", "١", "٢", "٣", "٤", "٥", "٦", "٧", "٨", "٩"]
        return String(
            text.map { character in
                character.isASCII ? character.wholeNumberValue.map { arabicDigits[$0] } ?? character : character
            })
    }
}
