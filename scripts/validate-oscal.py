#!/usr/bin/env python3
"""Validates OSCAL assessment results with compliance-trestle, a real OSCAL implementation
(pydantic models generated from NIST's OSCAL schemas; unknown fields are errors).

    python3 scripts/validate-oscal.py oscal/assessment-results.json

Exits 0 and prints a one-line summary when the file is valid, 1 with trestle's errors when it is
not, and 3 when compliance-trestle is not installed (`python3 -m pip install compliance-trestle`).
"""
import pathlib
import sys

try:
    from trestle.oscal.assessment_results import AssessmentResults
except ImportError:
    print("compliance-trestle is not installed: run `python3 -m pip install compliance-trestle`", file=sys.stderr)
    sys.exit(3)

if len(sys.argv) != 2:
    print(__doc__, file=sys.stderr)
    sys.exit(2)
path = pathlib.Path(sys.argv[1])
try:
    document = AssessmentResults.oscal_read(path)
except Exception as error:  # trestle raises pydantic's ValidationError, among others
    print(f"{path}: not valid OSCAL assessment results:\n{error}", file=sys.stderr)
    sys.exit(1)
if document is None:
    print(f"{path}: trestle could not read it", file=sys.stderr)
    sys.exit(1)
result = document.results[0]
print(
    f"valid OSCAL {document.metadata.oscal_version.root if hasattr(document.metadata.oscal_version, 'root') else document.metadata.oscal_version}: "
    f"{len(result.findings or [])} findings, {len(result.observations or [])} observations, "
    f"{len(result.risks or [])} risks"
)
