#!/usr/bin/env python3
"""Sets or adds catalogue entries in every language from a JSON file:
{ "KEY": {"en": "...", "ar": "...", "fr": "...", "es": "..."} }; a plural entry gives lists
(in each language's Plural-Forms order) and "en_plural" for msgid_plural.

    scripts/i18n/set-entries.py entries.json

An existing entry keeps its msgid and gets the new msgstr; a new key is appended with `#: new`."""
import json
import os
import re
import sys

folder = os.path.join(os.path.dirname(__file__), "..", "..", "Sources", "QMSPresentation", "Catalogues")
entries = json.load(open(sys.argv[1], encoding="utf-8"))


def quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


for language in ["en", "ar", "fr", "es"]:
    path = os.path.join(folder, language + ".po")
    text = open(path, encoding="utf-8").read()
    for key, values in entries.items():
        value = values.get(language)
        if value is None:
            continue
        pattern = re.compile(
            r'(msgctxt ' + re.escape(quote(key)) + r'\nmsgid (?:"(?:[^"\\]|\\.)*"\n)+(?:msgid_plural "(?:[^"\\]|\\.)*"\n)?)'
            r'((?:msgstr(?:\[\d\])? (?:"(?:[^"\\]|\\.)*"\n)+)+)')
        if isinstance(value, list):
            strs = "".join(f"msgstr[{i}] {quote(v)}\n" for i, v in enumerate(value))
        else:
            strs = f"msgstr {quote(value)}\n"
        match = pattern.search(text)
        if match:
            text = text[: match.start(2)] + strs + text[match.end(2):]
        else:
            head = f"\n#: new\nmsgctxt {quote(key)}\nmsgid {quote(values['en'] if not isinstance(values['en'], list) else values['en'][0])}\n"
            if "en_plural" in values:
                head += f"msgid_plural {quote(values['en_plural'])}\n"
            text = text.rstrip("\n") + "\n" + head + strs
    open(path, "w", encoding="utf-8").write(text)
print("set", len(entries), "entries")
