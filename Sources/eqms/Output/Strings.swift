import QMSCore

/// Headings and words of the command line in both languages.
enum Strings {
    private static let arabic: [String: String] = [
        "ID": "المعرّف", "EDITION": "الإصدار", "STATUS": "الحالة", "NODES": "البنود", "REQUIREMENTS": "المتطلبات",
        "EXCLUDED": "المستثناة", "TITLE": "العنوان", "NUMBER": "الرقم", "STANDARD": "المعيار", "CREDIT": "الاعتداد",
        "PATH": "المسار", "REQUIREMENT": "المتطلب", "JUSTIFICATION": "المبرر", "DECIDED BY": "قرره",
        "USERNAME": "اسم المستخدم", "NAME": "الاسم", "ROLE": "الدور", "PROCESSES": "العمليات", "ACTIVE": "نشط",
        "APPLICABLE": "المنطبقة", "SATISFIED": "المستوفاة", "PARTIAL": "الجزئية", "MISSING": "الناقصة",
        "READINESS": "الجاهزية", "FILE": "الملف", "SUBJECT": "الموضوع", "OUTCOME": "النتيجة",
        "NO ARABIC": "دون عربية", "SEQ": "التسلسل", "AT": "الوقت", "ACTOR": "المنفّذ", "ACTION": "الإجراء",
        "ENTITY": "الكيان", "yes": "نعم", "no": "لا", "current": "ساري", "withdrawn": "مسحوب",
        "full": "كامل", "partial": "جزئي", "excluded": "مستثنى", "applicable": "منطبق",
        "Summary": "الملخص", "Documented information": "المعلومات الموثقة",
        "Electoral processes": "العمليات الانتخابية",
        "Evidence hints": "أمثلة على الأدلة", "Excluded": "مستثنى", "maintain": "يُحتفظ بها محدّثة",
        "retain": "تُحفظ كسجل", "REV": "المراجعة", "KIND": "النوع", "OWNER": "المسؤول", "EFFECTIVE": "تاريخ السريان",
        "VALID UNTIL": "صالح حتى", "GROUP": "المجموعة", "EVIDENCE": "الأدلة", "FINDINGS": "الملاحظات",
        "ITEM": "البند", "TYPE": "النوع", "STATE": "الوضع", "DATE": "التاريخ", "DAYS": "الأيام", "ALERT": "التنبيه",
        "satisfied": "مستوفى", "missing": "ناقص", "present": "موجود", "expired": "منتهي الصلاحية",
        "absent": "غائب", "expiring": "يقترب انتهاؤه", "review-overdue": "المراجعة متأخرة",
    ]

    /// A word or heading in `language`.
    static func text(_ key: String, _ language: Language) -> String {
        language == .arabic ? arabic[key] ?? key : key
    }

    /// Table headings in `language`.
    static func headers(_ keys: [String], _ language: Language) -> [String] {
        keys.map { text($0, language) }
    }
}
