"""An auditor on a phone (360 px), in Arabic: generates an audit's checklist, records a
nonconforming item without its grade and gets the form back with what was typed, then with the
grade raises the finding; the page never scrolls sideways."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot
from test_roles import sign_in, submit_and_wait


def overflow(browser):
    return browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")


def test_auditor_records_a_checklist_item_on_a_phone_in_arabic(server, browser):
    sign_in(browser, server, "auditor")
    browser.get(server["base"] + "/lang/ar")
    browser.set_window_size(360, 800)
    try:
        browser.get(server["base"] + "/audits/AUD-2026-01")
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl"
        if browser.find_elements(By.CSS_SELECTOR, "form[action='/audits/AUD-2026-01/checklist'] button"):
            submit_and_wait(browser, "form[action='/audits/AUD-2026-01/checklist'] button")
        items = browser.find_elements(By.CSS_SELECTOR, "li.checklist-item")
        assert items, "the checklist has no item"
        assert overflow(browser) <= 0, overflow(browser)
        action = "/audits/AUD-2026-01/checklist/0"
        form = f"form[action='{action}']"
        browser.find_element(By.CSS_SELECTOR, "#item-0 details summary").click()
        Select(browser.find_element(By.CSS_SELECTOR, f"{form} select[name=result]")).select_by_value("nonconforming")
        Select(browser.find_element(By.CSS_SELECTOR, f"{form} select[name=grade]")).select_by_value("")
        notes = browser.find_element(By.CSS_SELECTOR, f"{form} textarea[name=notes]")
        notes.clear()
        notes.send_keys("استمارات النتائج غير موقعة")
        submit_and_wait(browser, f"{form} button[type=submit]")
        assert browser.find_elements(By.ID, "form-error"), "no error summary"
        kept = browser.find_element(By.CSS_SELECTOR, f"{form} textarea[name=notes]")
        assert kept.get_attribute("value") == "استمارات النتائج غير موقعة"
        assert overflow(browser) <= 0, overflow(browser)
        browser.execute_script("document.getElementById('item-0').scrollIntoView()")
        screenshot(browser, "audit-checklist-refused-ar-360")

        if not browser.find_element(By.CSS_SELECTOR, f"{form} select[name=grade]").is_displayed():
            browser.find_element(By.CSS_SELECTOR, "#item-0 details summary").click()
        Select(browser.find_element(By.CSS_SELECTOR, f"{form} select[name=grade]")).select_by_value("minor")
        submit_and_wait(browser, f"{form} button[type=submit]")
        assert "done=check" in browser.current_url, browser.current_url
        assert browser.find_elements(By.CSS_SELECTOR, "#item-0 a[href^='/findings/NC-']"), "no finding linked"
        assert overflow(browser) <= 0, overflow(browser)
        browser.execute_script("document.getElementById('item-0').scrollIntoView()")
        screenshot(browser, "audit-checklist-recorded-ar-360")
    finally:
        browser.set_window_size(1366, 900)
        browser.get(server["base"] + "/lang/en")
