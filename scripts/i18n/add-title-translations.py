#!/usr/bin/env python3
"""Adds French and Spanish titles to a requirement catalogue, from JSON files keyed
STANDARD:NUMBER (a requirement), STANDARD:STANDARD-ID (the standard) or STANDARD:AMENDMENT-ID.

    scripts/i18n/add-title-translations.py Standards/iso-9001-2015.xml titles-fr.json titles-es.json

The file is edited as text, so its layout and comments stay as they are; a title that already has
the language is left alone. Used once to bring the translators' work in; the XML files are the
source of truth afterwards."""
import json
import re
import sys

path, *tables = sys.argv[1:]
languages = []
for table in tables:
    code = "fr" if "-fr" in table else "es" if "-es" in table else None
    if code is None:
        sys.exit(f"{table}: name it titles-fr.json or titles-es.json")
    languages.append((code, json.load(open(table, encoding="utf-8"))))

text = open(path, encoding="utf-8").read().split("\n")
standard = re.search(r'<standard id="([^"]+)"', "\n".join(text)).group(1)
owner = None
in_title = False
out = []
added = 0
for line in text:
    match = re.search(r'<(requirement) number="([^"]+)"|<(standard|amendment) id="([^"]+)"', line)
    if match:
        owner = f"{standard}:{match.group(2) or match.group(4)}"
    if owner and line.strip() == "<title>":
        in_title = True
        present = set()
    if in_title:
        tag = re.match(r"\s*<(en|ar|fr|es)>", line)
        if tag:
            present.add(tag.group(1))
    if in_title and line.strip() == "</title>":
        indent = re.match(r"\s*", line).group(0) + "  "
        for code, table in languages:
            if code not in present and owner in table:
                value = table[owner].replace("&", "&amp;").replace("<", "&lt;")
                out.append(f"{indent}<{code}>{value}</{code}>")
                added += 1
        in_title = False
        owner = None
    out.append(line)
open(path, "w", encoding="utf-8").write("\n".join(out))
print(f"{path}: {added} titles added")
