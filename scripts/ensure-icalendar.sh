#!/usr/bin/env bash
# The calendar-feed tests parse the written .ics with a real iCalendar reader, Python's icalendar
# (from PyPI); they fail, saying why, when it is missing. Installs python3, pip and icalendar when absent.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v python3 >/dev/null 2>&1 || bash scripts/ensure-packages.sh python3
if ! python3 -c "import icalendar" 2>/dev/null; then
  python3 -m pip --version >/dev/null 2>&1 || bash scripts/ensure-packages.sh python3-pip
  python3 -m pip install --quiet icalendar 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages icalendar
fi
