"""A quality manager on a phone (360 px), in Arabic: registers a certification body, records a
certificate with a bad day and gets the form back with what was typed, then records it and reads
its schedule; suspends it; the pages never scroll sideways."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot
from test_roles import sign_in, submit_and_wait


def overflow(browser):
    return browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")


def fill(browser, form, name, value):
    field = browser.find_element(By.CSS_SELECTOR, f"{form} [name={name}]")
    field.clear()
    field.send_keys(value)


def test_manager_records_a_certificate_on_a_phone_in_arabic(server, browser):
    sign_in(browser, server, "amal")
    browser.get(server["base"] + "/lang/ar")
    browser.set_window_size(360, 800)
    try:
        browser.get(server["base"] + "/certification-bodies")
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl"
        form = "form[action='/certification-bodies']"
        fill(browser, form, "name", "هيئة الاعتماد والشهادات")
        fill(browser, form, "accredited_by", "جهة الاعتماد الوطنية")
        submit_and_wait(browser, f"{form} button[type=submit]")
        assert "هيئة الاعتماد والشهادات" in browser.page_source
        assert overflow(browser) <= 0, overflow(browser)

        browser.get(server["base"] + "/certificates")
        form = "form[action='/certificates']"
        fill(browser, form, "number", "EMB-QMS-0360")
        Select(browser.find_element(By.CSS_SELECTOR, f"{form} select[name=body]")).select_by_visible_text(
            "هيئة الاعتماد والشهادات")
        # A day the browser's date field would refuse is typed through the DOM, as a phone without
        # a date picker would send it.
        browser.execute_script(
            "document.querySelector(\"form[action='/certificates'] [name=issued]\").type = 'text';"
            "document.querySelector(\"form[action='/certificates'] [name=issued]\").value = '2026-02-30';")
        fill(browser, form, "standards", "iso-9001-2015")
        fill(browser, form, "sites", "المقر الرئيسي")
        submit_and_wait(browser, f"{form} button[type=submit]")
        assert browser.find_elements(By.ID, "form-error"), "no error summary"
        assert browser.find_element(By.CSS_SELECTOR, f"{form} [name=number]").get_attribute("value") == "EMB-QMS-0360"
        assert browser.find_element(By.CSS_SELECTOR, f"{form} [name=sites]").get_attribute("value") == "المقر الرئيسي"
        assert overflow(browser) <= 0, overflow(browser)
        screenshot(browser, "certificate-refused-ar-360")

        browser.execute_script(
            "const f = document.querySelector(\"form[action='/certificates'] [name=issued]\");"
            "f.type = 'text'; f.value = '2026-01-15';")
        submit_and_wait(browser, f"{form} button[type=submit]")
        assert "/certificates/EMB-QMS-0360" in browser.current_url, browser.current_url
        assert "2027-01-15" in browser.page_source or "٢٠٢٧" in browser.page_source
        assert browser.find_elements(By.CSS_SELECTOR, "#certificate-schedule")
        assert overflow(browser) <= 0, overflow(browser)
        screenshot(browser, "certificate-schedule-ar-360")

        form = "form[action='/certificates/EMB-QMS-0360/status']"
        Select(browser.find_element(By.CSS_SELECTOR, f"{form} select[name=status]")).select_by_value("suspended")
        fill(browser, form, "reason", "عدم مطابقة جسيمة مفتوحة")
        submit_and_wait(browser, f"{form} button[type=submit]")
        assert "done=status" in browser.current_url, browser.current_url
        assert "عدم مطابقة جسيمة مفتوحة" in browser.page_source
        assert overflow(browser) <= 0, overflow(browser)
    finally:
        browser.set_window_size(1366, 900)
        browser.get(server["base"] + "/lang/en")
