#!/usr/bin/env bash
# make bench: Debian's headless LibreOffice converts the workbooks eqms writes, without error:
# the AWP import template and the delivery report in each language. Its installation is too heavy
# for CI's `make test`, where openpyxl reads the same workbooks. Needs ./.build/release/eqms.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-packages.sh libreoffice-calc-nogui
eqms="$PWD/.build/release/eqms"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export HOME="$work" EQMS_STANDARDS="$PWD/Standards" EQMS_ACTOR=amal
cd "$work"
"$eqms" init >/dev/null
"$eqms" plan import "$OLDPWD/Plans/hnec-libya-2018-2019.xml" >/dev/null
"$eqms" plan export hnec-2018 --format xlsx --out template.xlsx >/dev/null
for lang in en ar fr es; do
  "$eqms" awp report hnec-2018 --lang "$lang" --xlsx "report-$lang.xlsx" >/dev/null
done
start=$(date +%s)
for book in template.xlsx report-en.xlsx report-ar.xlsx report-fr.xlsx report-es.xlsx; do
  soffice --headless "-env:UserInstallation=file://$work/profile" --convert-to csv --outdir "$work/csv" "$book" >/dev/null 2>&1
  csv="$work/csv/${book%.xlsx}.csv"
  if [[ ! -s "$csv" ]]; then
    echo "LibreOffice could not convert $book" >&2
    exit 1
  fi
  echo "LibreOffice converted $book: $(wc -l <"$csv") rows in its first sheet"
done
echo "LibreOffice: 5 workbooks in $(($(date +%s) - start)) s"
