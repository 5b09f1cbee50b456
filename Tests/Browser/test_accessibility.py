"""axe-core (axe-selenium-python, which carries its own copy of axe: nothing is fetched) finds no
serious or critical violation on the main pages, in English and in Arabic."""

import json

import pytest
from axe_selenium_python import Axe

from conftest import ARTEFACTS, screenshot
from test_roles import sign_in

PAGES = ["/", "/catalogue", "/catalogue/iso-54001-2019", "/catalogue/iso-9001-2015/8.5.1", "/evidence",
         "/evidence/new", "/compliance", "/trail", "/users", "/plans", "/plans/hnec-2018",
         "/plans/iec-jordan-2019", "/registers", "/registers/risks"]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_main_pages_have_no_serious_violations(server, browser, language):
    browser.get(server["base"] + "/login")
    axe = Axe(browser)
    axe.inject()
    login = axe.run()
    problems = {"/login": [v for v in login["violations"] if v["impact"] in ("serious", "critical")]}
    sign_in(browser, server, "admin")
    browser.get(server["base"] + f"/lang/{language}")
    for path in PAGES:
        browser.get(server["base"] + path)
        axe = Axe(browser)
        axe.inject()
        results = axe.run()
        problems[path] = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    (ARTEFACTS / f"axe-{language}.json").write_text(json.dumps(problems, indent=2, ensure_ascii=False))
    serious = {path: [v["id"] for v in found] for path, found in problems.items() if found}
    assert not serious, serious
