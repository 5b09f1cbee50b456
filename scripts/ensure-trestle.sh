#!/usr/bin/env bash
# compliance-trestle (PyPI), a real OSCAL implementation: the tests validate the audit dossier's
# OSCAL assessment results with it. Installed when missing.
set -euo pipefail
if ! python3 -c "import trestle.oscal.assessment_results" 2>/dev/null; then
  bash "$(dirname "$0")/ensure-packages.sh" python3-pip
  echo "Installing compliance-trestle (PyPI) for the OSCAL tests" >&2
  python3 -m pip install --quiet compliance-trestle 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages compliance-trestle
fi
