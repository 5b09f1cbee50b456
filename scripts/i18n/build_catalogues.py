#!/usr/bin/env python3
"""Builds the first PO catalogues of QMSPresentation from the dump of the old tables (issue 20).

Run once: from now on the PO files under Sources/QMSPresentation/Catalogues are the source of
truth, edited by hand or in a translator's tool. Kept so that the merge can be reviewed.

    python3 scripts/i18n/build_catalogues.py /work/i18n-src/strings.json /work/i18n-src/GLOSSARY.md

Keys (msgctxt) are snake_case ASCII. A status or category value has the key of its Swift type and
raw value (`NonconformityGrade.major` -> `nonconformity_grade_major`, see Messages.termKey).
Every entry's `#:` comment lists the old keys it replaces (`web.KEY dossier.KEY cli.KEY`).
Also writes key-map.json (old key -> new key), which the Swift sources were rewritten with.
"""
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Sources/QMSPresentation/Catalogues"
LANGS = ["en", "ar", "fr", "es"]
PLURAL_FORMS = {
    "en": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;",
    "es": "nplurals=3; plural=n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;",
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
}

# The value types shown to people, with their raw values, and where the old tables kept them:
# patterns per front end ({r} is the raw value). Generic patterns ({r} itself) apply to every type.
TERMS = {
    "EvidenceKind": (["document", "record", "link", "note"], {"dossier": ["{r}_kind"]}),
    "Confidentiality": (["public", "internal", "restricted"], {}),
    "EvidenceStatus": (["draft", "current", "superseded", "withdrawn"], {}),
    "StandardStatus": (["current", "withdrawn"], {}),
    "ComplianceStatus": (["satisfied", "partial", "missing", "excluded"], {}),
    "Applicability": (["applicable", "excluded"], {}),
    "CrosswalkCredit": (["partial", "full"], {}),
    "RequirementKind": (["clause", "requirement", "electoral-process"], {"dossier": ["{r}_kind"]}),
    "DocumentedInformationType": (["maintain", "retain"], {}),
    "ChecklistState": (["present", "expired", "absent", "excluded"], {}),
    "EvidenceAlert.Kind": (["expiring", "expired", "review-overdue"], {}),
    "EvidenceStanding.PartialReason": (["draft", "expired", "review-overdue", "indirect"], {}),
    "AuditKind": (
        ["internal", "stage-1", "stage-2", "surveillance-1", "surveillance-2", "recertification"],
        {"dossier": ["audit_{r}"]},
    ),
    "AuditStatus": (["planned", "conducted", "reported"], {"dossier": ["audit_{r}"]}),
    "CorrectiveActionState": (
        ["reported", "contained", "analysed", "planned", "implemented", "verified", "closed"],
        {"dossier": ["{r}_state"]},
    ),
    "EffectivenessResult": (["effective", "ineffective"], {"dossier": ["{r}_result"]}),
    "NonconformitySource": (
        ["internal-audit", "certification-audit", "complaint", "process-monitoring", "management-review",
         "observer-recommendation", "other"], {}),
    "NonconformityGrade": (["major", "minor", "observation", "ofi"], {}),
    "FindingAlert.Kind": (["overdue", "deadline-approaching", "deadline-passed"], {"web": ["alert_{r}"]}),
    "RecommendationPriority": (["high", "medium", "low"], {}),
    "RecommendationAddressee": (["emb", "parliament", "judiciary", "government", "other"], {}),
    "RecommendationStatus": (
        ["not-started", "in-progress", "implemented", "not-accepted"], {"dossier": ["rec_{r}"]}),
    "Role": (["admin", "quality-manager", "process-owner", "tc-member", "auditor", "viewer"], {"web": ["role_{r}"]}),
    "AWPStatus": (["draft", "submitted", "under-review", "revision-requested", "approved"], {"web": ["awp_{r}"]}),
    "AWPDecisionKind": (["approve", "revise"], {"web": ["decision_{r}"]}),
    "ActivityStatus": (
        ["not-started", "in-progress", "completed", "delayed", "cancelled"], {"web": ["act_{r}"]}),
    "BudgetChangeKind": (["added", "removed", "changed"], {"web": ["diff_{r}"]}),
    "ElectoralCyclePhase": (["pre-electoral", "electoral", "post-electoral"], {"web": ["phase_{r}"]}),
    "DocumentKind": (["policy", "manual", "procedure", "form", "work-instruction", "external"], {"web": ["st_{r}"]}),
    "DocumentStatus": (["draft", "in-review", "approved", "issued", "obsolete"], {"web": ["st_{r}"]}),
    "ContextIssueKind": (["internal", "external"], {"web": ["st_{r}"]}),
    "ClimateDetermination": (["relevant", "not-relevant"], {"web": ["st_{r}"]}),
    "RiskKind": (["risk", "opportunity"], {"web": ["st_{r}"]}),
    "RiskLevel": (["low", "medium", "high", "critical"], {"web": ["st_{r}"]}),
    "RiskTreatment": (["avoid", "reduce", "transfer", "accept", "exploit", "enhance", "share"], {"web": ["st_{r}"]}),
    "RiskStatus": (["open", "closed"], {"web": ["st_{r}"]}),
    "RiskStage": (["inherent", "residual"], {"web": ["reg_{r}"]}),
    "ProviderKind": (["supplier", "contractor", "consultant", "other"], {"web": ["st_{r}"]}),
    "ProviderStatus": (["proposed", "approved", "not-approved", "suspended"], {"web": ["st_{r}"]}),
    "EffectivenessRating": (["effective", "partly-effective", "not-effective"], {"web": ["st_{r}"]}),
    "KPICategory": (["performance", "voter-perception", "stakeholder-perception"], {"web": ["st_{r}"]}),
    "KPIDirection": (["higher", "lower"], {"web": ["st_{r}"]}),
    "KPITrend": (["improving", "worsening", "steady"], {"web": ["st_{r}"]}),
    "ProcessCategory": (["management", "electoral", "support"], {"web": ["st_{r}"]}),
    "PartyInfluence": (["low", "medium", "high"], {"web": ["st_{r}"]}),
    "PartyCategory": (
        ["voters", "candidates", "political-organizations", "observers", "media", "judiciary", "donors",
         "government", "staff", "suppliers", "civil-society", "other"], {"web": ["st_{r}"]}),
    "TrainingKind": (["training-of-trainers", "workshop", "course", "briefing", "other"], {"web": ["st_{r}"]}),
    "RegisterAlert.Kind": (
        ["review-overdue", "review-due", "action-overdue", "evaluation-overdue", "measurement-overdue",
         "evaluation-missing"], {"web": ["st_{r}"]}),
}

# Arabic for values that no old table translated (written for this catalogue, reviewed against
# the ISO 9001:2015 Arabic text where it has the word).
NEW_ARABIC = {
    "link": "رابط", "indirect": "غير مباشر", "avoid": "تجنّب", "reduce": "تخفيف", "transfer": "نقل",
    "accept": "قبول", "exploit": "استغلال", "enhance": "تعزيز", "share": "مشاركة", "supplier": "مورّد",
    "contractor": "متعاقد", "consultant": "استشاري", "higher": "أعلى", "lower": "أدنى",
    "performance": "الأداء", "voter-perception": "انطباع الناخبين", "stakeholder-perception": "انطباع الأطراف المعنية",
    "voters": "الناخبون", "candidates": "المرشحون", "political-organizations": "التنظيمات السياسية",
    "observers": "المراقبون", "media": "وسائل الإعلام", "donors": "الجهات المانحة", "staff": "الموظفون",
    "suppliers": "المورّدون", "civil-society": "المجتمع المدني", "training-of-trainers": "تدريب المدربين",
    "workshop": "ورشة عمل", "course": "دورة تدريبية", "briefing": "إحاطة", "requirement": "متطلب",
    "internal": "داخلي",
}

# Keys added by this catalogue (not in the old tables).
NEW_ENTRIES = [
    ("lang_en", "English", "English"), ("lang_ar", "العربية", "العربية"),
    ("lang_fr", "Français", "Français"), ("lang_es", "Español", "Español"),
    ("language_choice", "Language", "اللغة"),
    ("bad_request", "The request could not be understood.", "تعذّر فهم الطلب."),
    ("conflict", "The record changed in the meantime: reload it and try again.",
     "تغيّر السجل في الأثناء: أعد تحميله وحاول مرة أخرى."),
    ("server_error", "The server could not complete the request.", "تعذّر على الخادم إتمام الطلب."),
    ("locale", "Locale (digits and separators)", "الإعدادات المحلية (الأرقام والفواصل)"),
    ("risk_stage", "Stage", "المرحلة"),
]
PLURALS = [
    ("days_count", "{count} day", "{count} days",
     ["{count} يوم", "يوم واحد", "يومان", "{count} أيام", "{count} يومًا", "{count} يوم"]),
]
# The old switcher's words (now lang_*), and entries the old tables kept but nothing used.
DROPPED = {"web.language", "web.languageCode", "dossier.other_language"}
UNUSED = {"certification_body", "closure", "download", "not_applicable", "reg_identified", "reg_level",
          "replaced_by", "saved", "verification"}
LANGUAGE_NAMES = {"dossier.english": "lang_en", "dossier.arabic": "lang_ar"}


def snake(text):
    text = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", text)
    text = re.sub(r"(?<=[A-Z])([A-Z][a-z])", r"_\1", text)
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def term_key(type_name, raw):
    return "_".join([snake(part) for part in type_name.split(".")] + [snake(raw)])


def human(raw):
    return raw.replace("-", " ")


def main():
    dump = json.loads(Path(sys.argv[1]).read_text())
    glossary_md = Path(sys.argv[2]).read_text()
    glossary = []
    for line in glossary_md.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] not in ("English", "---") and not cells[0].startswith("-"):
            glossary.append(cells)
    glossary_ar = {en.lower(): ar for en, ar, _, _ in glossary if "/" not in ar}

    old = {}  # "web.key" -> (en, ar)
    for key, value in dump.items():
        old[key] = (value["en"], value["ar"])
    entries = {}  # new key -> dict(en, ar, refs, plural)
    primary = {}  # old key -> new key

    def add(key, en, ar, refs):
        entry = entries.setdefault(key, {"en": en, "ar": ar, "refs": []})
        for ref in refs:
            if ref not in entry["refs"]:
                entry["refs"].append(ref)
            primary.setdefault(ref, key)

    # 1. Status and category values.
    glossary_rows = []
    for type_name, (raws, special) in TERMS.items():
        for raw in raws:
            refs = []
            for front in ("web", "dossier", "cli"):
                patterns = special.get(front, []) + ["{r}"]
                for pattern in patterns:
                    name = f"{front}.{pattern.format(r=raw)}"
                    if name not in old:
                        continue
                    en = old[name][0]
                    prefixed = pattern != "{r}"
                    if prefixed or not en[:1].isupper():
                        refs.append(name)
            texts = [old[r] for r in refs if not r.startswith("cli.")]
            en = texts[0][0] if texts else human(raw)
            ar_sources = [old[r][1] for r in refs if r.startswith("web.")]
            ar_sources += [old[r][1] for r in refs if r.startswith("dossier.")]
            ar_sources += [old[r][1] for r in refs if r.startswith("cli.")]
            ar = glossary_ar.get(en.lower()) or (ar_sources[0] if ar_sources else NEW_ARABIC.get(raw, ""))
            key = term_key(type_name, raw)
            add(key, en, ar, refs or ["new"])
            glossary_rows.append((en, ar, "", "", key))

    # 2. The web's strings, under their own names in snake case.
    for name, (en, ar) in old.items():
        if not name.startswith("web.") or name in DROPPED:
            continue
        if name in primary:
            continue  # a value word: its term entry replaces it
        add(snake(name[4:]), en, ar, [name])

    # Words are merged with an entry of the same English, value words (terms) apart: a heading
    # "Planned" is not the state "planned". CLI headings (upper case) match whatever their case.
    terms = {term_key(t, r) for t, (raws, _) in TERMS.items() for r in raws}
    by_english = {}
    for key, entry in entries.items():
        if key not in terms:
            by_english.setdefault(entry["en"], []).append(key)

    def same_english(en):
        if en.isupper():
            return [k for text, keys in by_english.items() if text.lower() == en.lower() for k in keys]
        return by_english.get(en, [])

    def merge(name, en, ar, prefix):
        if name in DROPPED:
            return
        word = name.split(".", 1)[1]
        key = snake(word.lower() if word.isupper() else word)
        if key in entries and key not in terms and entries[key]["en"].lower() == en.lower():
            add(key, en, ar, [name])
            return
        same = same_english(en)
        plain = [k for k in same if "_" not in k or not any(k.startswith(t) for t in ("nav_",))]
        if same:
            add((plain or same)[0], en, ar, [name])
            return
        if key in entries:
            key = prefix + key
        text = en[:1] + en[1:].lower() if en.isupper() else en
        add(key, text, ar, [name])
        by_english.setdefault(text, []).append(key)

    # 3. The dossier's strings, merged where the web has the same words.
    for name, (en, ar) in old.items():
        if name.startswith("dossier.") and name not in primary:
            merge(name, en, ar, "dossier_")
    # 4. The CLI's headings and words (the English word is the old key).
    for name, (en, ar) in old.items():
        if name.startswith("cli.") and name not in primary:
            merge(name, en, ar, "col_")

    for key, en, ar in NEW_ENTRIES:
        add(key, en, ar, ["new"])
    for name, key in LANGUAGE_NAMES.items():
        entries.pop(primary.get(name), None) if primary.get(name) != key else None
        entries[key]["refs"] = [name]
        primary[name] = key
    for key in UNUSED:
        for ref in entries.pop(key)["refs"]:
            primary.pop(ref, None)

    # The glossary's words win over older wording for the same English text.
    for key, entry in entries.items():
        if entry["en"].lower() in glossary_ar:
            entry["ar"] = glossary_ar[entry["en"].lower()]

    write(entries, glossary_rows, glossary)
    (ROOT / "scripts/i18n/key-map.json").write_text(json.dumps(primary, indent=1, ensure_ascii=False) + "\n")


def quote(text):
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{text}"'


def write(entries, glossary_rows, glossary):
    for lang in LANGS:
        lines = [
            f"# ElectoralQMS messages: {lang}.",
            "# msgctxt is the key the code and the templates use; msgid is the English source text.",
            "# The #: comment names the keys of the old tables (web., dossier., cli.) an entry replaces.",
            'msgid ""',
            'msgstr ""',
            '"Project-Id-Version: ElectoralQMS\\n"',
            '"Report-Msgid-Bugs-To: \\n"',
            '"POT-Creation-Date: 2026-12-06 00:00+0000\\n"',
            '"PO-Revision-Date: 2026-12-06 00:00+0000\\n"',
            '"Last-Translator: ElectoralQMS <quality@localhost>\\n"',
            f'"Language-Team: {lang}\\n"',
            f'"Language: {lang}\\n"',
            '"MIME-Version: 1.0\\n"',
            '"Content-Type: text/plain; charset=UTF-8\\n"',
            '"Content-Transfer-Encoding: 8bit\\n"',
            f'"Plural-Forms: {PLURAL_FORMS[lang]}\\n"',
            "",
        ]
        for key in sorted(entries):
            entry = entries[key]
            text = {"en": entry["en"], "ar": entry["ar"]}.get(lang, "")
            lines.append("#: " + " ".join(entry["refs"]))
            lines.append(f"msgctxt {quote(key)}")
            lines.append(f"msgid {quote(entry['en'])}")
            lines.append(f"msgstr {quote(text)}")
            lines.append("")
        for key, one, other, arabic in PLURALS:
            count = {"en": 2, "ar": 6, "fr": 3, "es": 3}[lang]
            forms = {"en": [one, other], "ar": arabic}.get(lang, [""] * count)
            lines.append("#: new")
            lines.append(f"msgctxt {quote(key)}")
            lines.append(f"msgid {quote(one)}")
            lines.append(f"msgid_plural {quote(other)}")
            for index, form in enumerate(forms):
                lines.append(f"msgstr[{index}] {quote(form)}")
            lines.append("")
        (OUT / f"{lang}.po").write_text("\n".join(lines))
    rows = ["english\tarabic\tfrench\tspanish\tsource"]
    for en, ar, fr, es in glossary:
        rows.append(f"{en}\t{ar}\t{fr}\t{es}\tISO 9001:2015 (ar, fr, es); issue 20")
    for en, ar, fr, es, key in glossary_rows:
        rows.append(f"{en}\t{ar}\t{fr}\t{es}\t{key}")
    (OUT / "glossary.tsv").write_text("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
