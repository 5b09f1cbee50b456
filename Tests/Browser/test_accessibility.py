"""axe-core (axe-selenium-python, which carries its own copy of axe: nothing is fetched) finds no
serious or critical violation on the main pages, in every language, at 1366 px and at 390 px.
`make test` checks one page per language and width; EQMS_FULL_MATRIX=1 (`make bench`) every page."""

import json
import os

import pytest
from axe_selenium_python import Axe

from conftest import ARTEFACTS, screenshot
from test_roles import sign_in

PAGES = ["/", "/catalogue", "/catalogue/iso-54001-2019", "/catalogue/iso-9001-2015/8.5.1", "/evidence",
         "/evidence/new", "/compliance", "/compliance/transition", "/findings", "/findings/new", "/audits",
         "/trail", "/users", "/organisation", "/plans", "/plans/hnec-2018", "/plans/iec-jordan-2019",
         "/registers", "/registers/risks", "/registers/documents", "/registers/providers", "/registers/training",
         "/registers/kpis/KPI-01"]


FULL = os.environ.get("EQMS_FULL_MATRIX") == "1"
LANGUAGES = ["en", "ar", "fr", "es"]


def sample(language, width):
    if FULL:
        return PAGES
    # One page per language and width, a different one for each pair.
    index = LANGUAGES.index(language) * 2 + (0 if width > 900 else 1)
    return [PAGES[index % len(PAGES)]]


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("language", LANGUAGES)
def test_main_pages_have_no_serious_violations(server, browser, language, width):
    browser.set_window_size(width, 900)
    browser.get(server["base"] + "/login")
    axe = Axe(browser)
    axe.inject()
    login = axe.run()
    problems = {"/login": [v for v in login["violations"] if v["impact"] in ("serious", "critical")]}
    sign_in(browser, server, "admin")
    browser.get(server["base"] + f"/lang/{language}")
    for path in sample(language, width):
        browser.get(server["base"] + path)
        axe = Axe(browser)
        axe.inject()
        results = axe.run()
        problems[path] = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    (ARTEFACTS / f"axe-{language}-{width}.json").write_text(json.dumps(problems, indent=2, ensure_ascii=False))
    serious = {path: [v["id"] for v in found] for path, found in problems.items() if found}
    assert not serious, serious
