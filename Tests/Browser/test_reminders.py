"""E-mailed reminders on the web: a user's digest frequency and kinds, and the administrators'
outbox, at 360 px and in Arabic."""

import pytest
from selenium.webdriver.common.by import By

from conftest import screenshot
from test_layout import overflow
from test_roles import sign_in, submit_and_wait


@pytest.mark.parametrize("language", ["en", "ar"])
def test_reminder_pages_fit_a_phone(server, browser, language):
    sign_in(browser, server, "admin")
    browser.get(server["base"] + f"/lang/{language}")
    browser.set_window_size(360, 800)
    for path in ["/profile/reminders", "/outbox"]:
        browser.get(server["base"] + path)
        assert browser.find_element(By.TAG_NAME, "h1").text
        if language == "ar":
            assert browser.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl"
        extra = overflow(browser)
        if extra > 0:
            screenshot(browser, f"too-wide-{language}{path.replace('/', '-')}")
        assert extra <= 0, f"{path} is {extra} px too wide in {language}"
        screenshot(browser, f"reminders-{language}{path.replace('/', '-')}")


def test_a_user_chooses_a_weekly_digest_without_kpi_reminders(server, browser):
    sign_in(browser, server, "omar")
    browser.get(server["base"] + "/profile")
    browser.find_element(By.CSS_SELECTOR, "a[href='/profile/reminders']").click()
    browser.find_element(By.CSS_SELECTOR, "input[name=frequency][value=weekly]").click()
    kpi = browser.find_element(By.CSS_SELECTOR, "input[name=kinds][value=kpi-measurement]")
    assert kpi.is_selected()
    kpi.click()
    submit_and_wait(browser, "main form button[type=submit]")
    assert "saved=1" in browser.current_url
    assert browser.find_element(By.CSS_SELECTOR, "input[name=frequency][value=weekly]").is_selected()
    assert not browser.find_element(By.CSS_SELECTOR, "input[name=kinds][value=kpi-measurement]").is_selected()
    assert browser.find_element(By.CSS_SELECTOR, "input[name=kinds][value=audit]").is_selected()
