"""Each role signs in through a real browser and does its job (or is refused it)."""

import pathlib
import time
import urllib.request

import pytest

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import screenshot

PASSWORDS = {
    "admin": "cedar-lantern-harbour", "amal": "olive-compass-meadow", "omar": "river-falcon-pottery",
    "salma": "amber-quartz-orchard", "auditor": "linen-beacon-summit", "viewer": "copper-willow-atlas",
}


def submit_and_wait(driver, selector="form.stacked button[type=submit]"):
    """Submits a form and waits until the next page has loaded."""
    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, selector).click()
    WebDriverWait(driver, 30).until(lambda d: old.id != d.find_element(By.TAG_NAME, "html").id)


def sign_in(driver, server, username):
    driver.get(server["base"] + "/login")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(PASSWORDS[username])
    submit_and_wait(driver, "main form button[type=submit]")
    assert "/login" not in driver.current_url, driver.page_source[:500]
    # A user's language is kept in their profile, and another test may have left this user in
    # Arabic: these journeys start in English, as the person would choose it.
    driver.get(server["base"] + "/lang/en")


def test_quality_manager_logs_evidence_with_a_file(server, browser, tmp_path):
    sign_in(browser, server, "amal")
    document = tmp_path / "minutes-polling-day.pdf"
    document.write_bytes(b"%PDF-1.4\n% sample minutes of polling day\n" + bytes(range(256)) * 40)
    browser.get(server["base"] + "/evidence/new")
    browser.find_element(By.ID, "title").send_keys("Minutes of polling day, Irbid (browser test)")
    # Two requirements, through the picker's fields (the CRLF bug came from a text area).
    browser.find_element(By.ID, "requirements-1").send_keys("iso-54001-2019:EP-04")
    browser.find_element(By.ID, "requirements-2").send_keys("iso-9001-2015:8.5.1")
    browser.find_element(By.ID, "process").clear()
    browser.find_element(By.ID, "process").send_keys("EP-04")
    browser.find_element(By.ID, "files").send_keys(str(document))
    submit_and_wait(browser)
    assert "/evidence/EV-" in browser.current_url, browser.find_element(By.TAG_NAME, "main").text
    body = browser.find_element(By.TAG_NAME, "main").text
    assert "Minutes of polling day, Irbid (browser test)" in body
    assert "minutes-polling-day.pdf" in body
    assert "iso-54001-2019:EP-04" in body and "iso-9001-2015:8.5.1" in body, body
    screenshot(browser, "quality-manager-evidence")
    # The file downloads byte for byte.
    link = browser.find_element(By.LINK_TEXT, "minutes-polling-day.pdf").get_attribute("href")
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    request = urllib.request.Request(link, headers={"Cookie": cookies})
    with urllib.request.urlopen(request) as response:
        assert response.read() == document.read_bytes()


def test_process_owner_cannot_touch_another_process(server, browser):
    sign_in(browser, server, "omar")
    for process, allowed in [("EP-05", False), ("EP-04", True)]:
        browser.get(server["base"] + "/evidence/new")
        browser.find_element(By.ID, "title").send_keys(f"Checklist for {process} (browser test)")
        browser.find_element(By.ID, "requirements-1").send_keys(f"iso-54001-2019:{process}")
        browser.find_element(By.ID, "kind").send_keys("note")
        field = browser.find_element(By.ID, "process")
        field.clear()
        field.send_keys(process)
        submit_and_wait(browser)
        text = browser.find_element(By.TAG_NAME, "main").text
        if allowed:
            assert "/evidence/EV-" in browser.current_url, text
        else:
            assert "only for a process of your own" in text
            assert browser.find_element(By.ID, "title").get_attribute("value") == f"Checklist for {process} (browser test)"
            screenshot(browser, "process-owner-refused")


def test_auditor_reads_everything_and_is_refused_a_write(server, browser):
    sign_in(browser, server, "auditor")
    for path in ["/", "/catalogue/iso-54001-2019", "/evidence", "/compliance", "/trail"]:
        browser.get(server["base"] + path)
        assert "Something went wrong" not in browser.page_source, path
    browser.get(server["base"] + "/evidence/new")
    refusal = browser.find_element(By.TAG_NAME, "main").text
    # A "Not permitted" page that names the roles that may, with the way back.
    assert "Not permitted" in refusal and "quality manager" in refusal, refusal
    assert browser.find_element(By.CSS_SELECTOR, "nav.sidenav"), "not a dead end"
    screenshot(browser, "auditor-refused")
    browser.get(server["base"] + "/users")
    refusal = browser.find_element(By.TAG_NAME, "main").text
    # A "Not permitted" page that names the roles that may, with the way back.
    assert "Not permitted" in refusal and "administrator" in refusal, refusal


def test_tc_member_reads_the_dashboard(server, browser):
    sign_in(browser, server, "salma")
    browser.get(server["base"] + "/")
    assert "Readiness for certification" in browser.page_source
    assert browser.find_elements(By.CSS_SELECTOR, "svg.meter-bar rect.bar")
    screenshot(browser, "tc-member-dashboard")


def test_arabic_pages_are_right_to_left(server, browser):
    sign_in(browser, server, "amal")
    browser.get(server["base"] + "/")
    browser.find_element(By.CSS_SELECTOR, "a[lang=ar]").click()
    html = browser.find_element(By.TAG_NAME, "html")
    assert html.get_attribute("dir") == "rtl"
    assert html.get_attribute("lang") == "ar"
    assert "لوحة المتابعة" in browser.page_source
    screenshot(browser, "dashboard-ar")
    browser.get(server["base"] + "/catalogue/iso-9001-2015/8.5")
    screenshot(browser, "requirement-ar")
    browser.get(server["base"] + "/lang/en")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("dir") == "ltr"
    browser.get(server["base"] + "/catalogue/iso-9001-2015/8.5")
    screenshot(browser, "requirement-en")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_quality_manager_raises_and_closes_a_nonconformity_with_no_decisions(server, browser, language):
    sign_in(browser, server, "amal")
    browser.get(server["base"] + f"/lang/{language}")
    browser.get(server["base"] + "/findings/new")
    title = f"Seal log not countersigned at one polling centre ({language}, browser test)"
    browser.find_element(By.ID, "title").send_keys(title)
    Select(browser.find_element(By.ID, "grade")).select_by_value("observation")
    browser.find_element(By.ID, "requirements-1").send_keys("iso-54001-2019:EP-04")
    submit_and_wait(browser)
    assert "/findings/NC-" in browser.current_url, browser.find_element(By.TAG_NAME, "main").text
    # Closing straight from "reported" is a step of its own, with an explicit yes or no for each decision.
    step = browser.find_element(By.CSS_SELECTOR, "section.step:has(input[name=to][value=closed])")
    step.find_element(By.CSS_SELECTOR, "input[name=update_risks][value=no]").click()
    step.find_element(By.CSS_SELECTOR, "input[name=change_qms][value=no]").click()
    step.find_element(By.TAG_NAME, "textarea").send_keys("An isolated slip; the seal itself was intact.")
    step.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda driver: driver.find_elements(By.CSS_SELECTOR, "ol.timeline li .state-closed"))
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "An isolated slip; the seal itself was intact." in main
    assert not browser.find_elements(By.CSS_SELECTOR, "section.step"), "nothing comes after closing"
    screenshot(browser, f"nonconformity-closed-{language}")
