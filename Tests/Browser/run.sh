#!/usr/bin/env bash
# The browser tests: Debian's chromium and chromium-driver, Python Selenium, axe-core.
# Installs what is missing, then runs pytest against a real `eqms serve`.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/ensure-packages.sh chromium chromium-driver python3-pip
if ! python3 -c "import selenium, axe_selenium_python, pytest" 2>/dev/null; then
  python3 -m pip install --quiet selenium axe-selenium-python pytest 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages selenium axe-selenium-python pytest
fi
swift build --product eqms
python3 -m pytest -q Tests/Browser "$@"
