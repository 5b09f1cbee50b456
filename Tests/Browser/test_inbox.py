"""The in-app inbox at 360 px in Arabic: the header's unread count, marking one reminder read."""

from selenium.webdriver.common.by import By

from conftest import screenshot
from test_layout import overflow
from test_roles import sign_in, submit_and_wait


def unread(browser):
    return int(browser.find_element(By.CSS_SELECTOR, "#inbox-link .unread").get_attribute("data-count"))


def test_inbox_on_a_phone_in_arabic_marks_one_read(server, browser):
    sign_in(browser, server, "amal")
    browser.get(server["base"] + "/lang/ar")
    browser.set_window_size(360, 800)
    browser.get(server["base"] + "/")
    link = browser.find_element(By.ID, "inbox-link")
    assert link.is_displayed(), "the inbox stays in the header on a phone"
    before = unread(browser)
    assert before > 0, "the demo gives the quality manager reminders"
    link.click()
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl"
    assert browser.find_element(By.TAG_NAME, "h1").text == "صندوق الوارد"
    entries = browser.find_elements(By.CSS_SELECTOR, "li.inbox-entry.unread")
    assert len(entries) == before
    # Each entry links to its record.
    assert all(e.find_element(By.CSS_SELECTOR, ".inbox-record a").get_attribute("href") for e in entries)
    extra = overflow(browser)
    screenshot(browser, "inbox-ar-360")
    assert extra <= 0, f"/inbox is {extra} px too wide in Arabic"

    submit_and_wait(browser, "li.inbox-entry.unread .inbox-mark button")
    assert unread(browser) == before - 1
    assert len(browser.find_elements(By.CSS_SELECTOR, "li.inbox-entry.unread")) == before - 1
    assert browser.find_element(By.CSS_SELECTOR, "p.notice[role=status]").text
    # The count falls on every page, the dashboard included.
    browser.get(server["base"] + "/")
    assert unread(browser) == before - 1
    screenshot(browser, "inbox-ar-360-after")
