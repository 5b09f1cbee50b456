"""The engagement pages as a person meets them on a phone: the organisation's list and form, and an
engagement's page with its access log, at 360 px in English and in Arabic (right to left), with
targets of at least 24 x 24 CSS pixels."""

import pytest
from selenium.webdriver.common.by import By

from selenium.webdriver.support.ui import Select

from conftest import screenshot
from test_layout import SMALL_TARGETS, overflow
from test_roles import sign_in, submit_and_wait


@pytest.mark.parametrize("language", ["en", "ar"])
def test_engagement_pages_fit_a_phone(server, browser, language):
    # The external auditor: a local account of the auditor role of its own (the demo's auditor
    # stays an internal auditor for the other tests on this server).
    sign_in(browser, server, "admin")
    username = f"ext.{language}"
    browser.get(server["base"] + "/users")
    browser.find_element(By.ID, "username").send_keys(username)
    Select(browser.find_element(By.ID, "role")).select_by_value("auditor")
    browser.find_element(By.ID, "password").send_keys("saffron glacier trumpet")
    submit_and_wait(browser, "form[action='/users'] button[type=submit]")
    browser.get(server["base"] + "/engagements")
    browser.find_element(By.ID, "certification-body").send_keys("Bureau Veritas")
    browser.find_element(By.ID, "auditors").send_keys(username)
    browser.execute_script("document.getElementById('opens').value = '2026-01-05';"
                           "document.getElementById('closes').value = '2099-01-09';")
    browser.find_element(By.ID, "processes").send_keys("EP-01, EP-04")
    submit_and_wait(browser, "form[action='/engagements'] button[type=submit]")
    assert "/engagements/ENG-" in browser.current_url, browser.page_source[:800]
    engagement = browser.current_url.split("?")[0]
    browser.get(server["base"] + f"/lang/{language}")
    browser.set_window_size(360, 800)
    for page in [server["base"] + "/engagements", engagement]:
        browser.get(page)
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        extra = overflow(browser)
        if extra > 0:
            screenshot(browser, f"too-wide-engagements-{language}")
        assert extra <= 0, f"{page} is {extra} px wider than 360 px in {language}"
        small = browser.execute_script(SMALL_TARGETS)
        assert not small, f"targets smaller than 24 px on {page} in {language}: {small}"
    browser.set_window_size(1280, 900)
    browser.get(server["base"] + "/lang/en")
