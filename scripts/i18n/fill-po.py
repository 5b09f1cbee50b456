#!/usr/bin/env python3
"""Fills the msgstr of a language's catalogue from a translator's JSON file keyed by the old
table keys (web.KEY, dossier.KEY, cli.KEY) that each entry lists in its `#:` reference comment.

    scripts/i18n/fill-po.py Sources/QMSPresentation/Catalogues/fr.po fr.json

Only empty msgstr are filled; an entry whose references have no translation stays empty and is
listed, so that it can be translated by hand."""
import json
import re
import sys

path, table_path = sys.argv[1:3]
table = json.load(open(table_path, encoding="utf-8"))


def quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


lines = open(path, encoding="utf-8").read().split("\n")
out = []
refs = []
missing = []
filled = 0
i = 0
while i < len(lines):
    line = lines[i]
    if line.startswith("#:"):
        refs += line[2:].split()
    if line.startswith("msgctxt "):
        context = line
    if line == 'msgstr ""' and (i + 1 >= len(lines) or not lines[i + 1].startswith('"')):
        value = next((table[r] for r in refs if r in table and table[r]), None)
        if value is not None:
            out.append("msgstr " + quote(value))
            filled += 1
        else:
            if refs:
                missing.append(context)
            out.append(line)
        refs = []
        i += 1
        continue
    if line.startswith("msgstr"):
        refs = []
    out.append(line)
    i += 1
open(path, "w", encoding="utf-8").write("\n".join(out))
print(f"{path}: {filled} filled, {len(missing)} without a translation")
for context in missing:
    print("  missing:", context)
