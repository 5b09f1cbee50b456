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
        "retain": "تُحفظ كسجل", "documents to maintain": "وثائق يُحتفظ بها محدّثة",
        "records to retain": "سجلات تُحفظ", "REV": "المراجعة", "KIND": "النوع", "OWNER": "المسؤول",
        "EFFECTIVE": "تاريخ السريان",
        "VALID UNTIL": "صالح حتى", "GROUP": "المجموعة", "EVIDENCE": "الأدلة", "FINDINGS": "الملاحظات",
        "ITEM": "البند", "TYPE": "النوع", "STATE": "الوضع", "DATE": "التاريخ", "DAYS": "الأيام", "ALERT": "التنبيه",
        "satisfied": "مستوفى", "missing": "ناقص", "present": "موجود", "expired": "منتهي الصلاحية",
        "absent": "غائب", "expiring": "يقترب انتهاؤه", "review-overdue": "المراجعة متأخرة",
        // Findings: registers, corrective-action states, grades, audits and recommendations.
        "GRADE": "الدرجة", "SOURCE": "المصدر", "RAISED": "تاريخ الرصد", "DUE": "تاريخ الاستحقاق",
        "ALERTS": "التنبيهات", "START": "البداية", "END": "النهاية", "AUDITORS": "المدققون",
        "HELD": "تاريخ الانعقاد", "INPUTS": "المدخلات", "ACTIONS": "الإجراءات", "MISSION": "البعثة",
        "PRIORITY": "الأولوية", "ADDRESSEE": "الجهة المعنية", "LINKS": "الروابط", "RECOMMENDATION": "التوصية",
        "reported": "مُبلَّغ عنه", "contained": "تم احتواؤه", "analysed": "حُللت أسبابه", "planned": "مخطط له",
        "implemented": "منفَّذ", "verified": "تم التحقق منه", "closed": "مغلق", "conducted": "أُجري",
        "major": "رئيسية", "minor": "ثانوية", "observation": "ملاحظة", "ofi": "فرصة للتحسين",
        "overdue": "متأخر", "deadline-approaching": "المهلة تقترب", "deadline-passed": "انقضت المهلة",
        "internal": "داخلي", "stage-1": "المرحلة الأولى", "stage-2": "المرحلة الثانية",
        "surveillance-1": "المراقبة الأولى", "surveillance-2": "المراقبة الثانية",
        "recertification": "إعادة منح الشهادة", "not-started": "لم يبدأ", "in-progress": "قيد التنفيذ",
        "not-accepted": "غير مقبولة", "high": "عالية", "medium": "متوسطة", "low": "منخفضة",
        "emb": "الهيئة الانتخابية", "parliament": "البرلمان", "judiciary": "القضاء", "government": "الحكومة",
        "other": "أخرى",
        // Plans: work plans, their review, delivery and results.
        "YEAR": "السنة", "VERSION": "النسخة", "ACTIVITIES": "الأنشطة", "CURRENCY": "العملة", "PLANNED": "المخطط",
        "SPENT": "المنفَق", "DELIVERY": "نسبة التنفيذ", "PROJECT": "المشروع", "CODE": "الرمز", "OUTPUT": "المُخرَج",
        "QUARTERS": "الأرباع", "QUARTER": "الربع", "PROGRESS": "التقدم", "CHANGE": "التغيير", "FIELD": "الحقل",
        "FROM": "من", "TO": "إلى", "DIFFERENCE": "الفرق", "ACTIVITY": "النشاط", "ACCOUNT": "الحساب",
        "DETAIL": "التفاصيل", "ENVELOPE": "المخصص", "COMMITTED": "الملتزم به", "LEFT": "المتبقي", "KPI": "المؤشر",
        "UNIT": "الوحدة", "BASELINE": "خط الأساس", "TARGET": "المستهدف", "ACTUAL": "الفعلي", "INDICATOR": "المؤشر",
        "TOTAL": "المجموع", "WOMEN": "النساء", "YOUTH": "الشباب", "DISABILITY": "ذوو الإعاقة", "AMOUNT": "المبلغ",
        "REFERENCE": "المرجع", "total": "المجموع", "draft": "مسودة", "submitted": "مقدَّمة",
        "under-review": "قيد المراجعة", "revision-requested": "طُلب تنقيحها", "approved": "معتمدة",
        "completed": "مكتمل", "delayed": "متأخر التنفيذ", "cancelled": "ملغى",
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
