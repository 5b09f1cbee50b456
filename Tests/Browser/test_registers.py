"""A quality manager keeps the registers through the forms of a real browser; axe-core finds no
serious or critical violation on the register pages, in English and in Arabic."""

import datetime
import json

import pytest
from axe_selenium_python import Axe
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import ARTEFACTS, screenshot
from test_roles import sign_in, submit_and_wait


def fill(driver, values):
    """Types into the fields of a form by their ids (selects are chosen by value)."""
    for field, value in values.items():
        element = driver.find_element(By.ID, field)
        if element.tag_name == "select":
            Select(element).select_by_value(value)
        else:
            element.clear()
            element.send_keys(value)


def test_quality_manager_keeps_the_registers(server, browser):
    today = datetime.date.today()
    sign_in(browser, server, "amal")
    browser.get(server["base"] + "/registers/kpis")
    fill(browser, {"code": "KPI-BROWSER", "title": "Positive media reports (browser test)", "unit": "%",
                   "target": "60", "owner": "Media monitoring unit"})
    submit_and_wait(browser)
    for value in ["52", "58.5", "63"]:
        fill(browser, {"value": value})
        submit_and_wait(browser)
    assert browser.find_elements(By.CSS_SELECTOR, "svg.trend polyline"), browser.page_source[:500]
    screenshot(browser, "registers-kpi-trend")

    browser.get(server["base"] + "/registers/risks")
    fill(browser, {"title": "Late delivery of ballot papers (browser test)", "owner": "Logistics",
                   "likelihood": "3", "impact": "4", "phase": "pre-electoral"})
    browser.execute_script(
        "document.getElementById('review').value = arguments[0]", (today + datetime.timedelta(days=60)).isoformat())
    submit_and_wait(browser)
    assert "/registers/risks/RSK-" in browser.current_url, browser.find_element(By.TAG_NAME, "main").text
    assert "3 × 4 = 12" in browser.find_element(By.TAG_NAME, "main").text

    browser.get(server["base"] + "/registers/documents")
    fill(browser, {"code": "QP-BROWSER", "title": "Quality policy (browser test)", "kind": "policy",
                   "owner": "Quality unit"})
    submit_and_wait(browser)
    fill(browser, {"step": "submit"})
    submit_and_wait(browser)
    fill(browser, {"step": "approve"})
    submit_and_wait(browser)
    assert "cannot approve" in browser.find_element(By.TAG_NAME, "body").text
    screenshot(browser, "registers-document-author-refused")


PAGES = ["/registers", "/registers/documents", "/registers/risks", "/registers/parties", "/registers/processes",
         "/registers/providers", "/registers/training", "/registers/kpis"]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_register_pages_have_no_serious_violations(server, browser, language):
    sign_in(browser, server, "amal")
    browser.get(server["base"] + f"/lang/{language}")
    problems = {}
    for path in PAGES:
        browser.get(server["base"] + path)
        axe = Axe(browser)
        axe.inject()
        results = axe.run()
        problems[path] = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    (ARTEFACTS / f"axe-registers-{language}.json").write_text(json.dumps(problems, indent=2, ensure_ascii=False))
    serious = {path: [v["id"] for v in found] for path, found in problems.items() if found}
    assert not serious, serious
