"""A plan's revision from the browser: the quality manager uploads a plan file, sees what the
import made and submits it; a Technical Committee member working in Arabic picks an activity by
its code and title, comments and approves, each step confirmed by a notice in Arabic."""

import pathlib

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot
from test_roles import sign_in, submit_and_wait

PLAN = pathlib.Path(__file__).resolve().parents[2] / "Plans" / "hnec-libya-2019.xml"


def test_manager_uploads_a_revision_and_the_committee_approves_it_in_arabic(server, browser):
    sign_in(browser, server, "amal")
    browser.get(server["base"] + "/plans/hnec-2019")
    browser.find_element(By.CSS_SELECTOR, "a[href='/plans/import?plan=hnec-2019']").click()
    browser.find_element(By.ID, "file").send_keys(str(PLAN))
    submit_and_wait(browser)
    notice = browser.find_element(By.CSS_SELECTOR, "p.notice[role=status]").text
    assert "imported from" in notice and "hnec-libya-2019.xml" in notice, notice
    assert "version=2" in browser.current_url or "version=" in browser.current_url, browser.current_url
    screenshot(browser, "plan-upload-imported")
    submit_and_wait(browser, "form[action='/plans/hnec-2019/submit'] button[type=submit]")

    browser.delete_all_cookies()
    sign_in(browser, server, "salma")
    browser.get(server["base"] + "/lang/ar")
    browser.get(server["base"] + "/plans/hnec-2019")
    picker = Select(browser.find_element(By.ID, "comment-activity"))
    labels = [option.text for option in picker.options]
    assert all(" — " in label for label in labels), labels
    picker.select_by_index(0)
    code = picker.first_selected_option.get_attribute("value")
    browser.find_element(By.ID, "comment-text").send_keys("يرجى تفصيل المشاركين حسب الجنس.")
    submit_and_wait(browser, "form[action='/plans/hnec-2019/comments'] button[type=submit]")
    notice = browser.find_element(By.CSS_SELECTOR, "p.notice[role=status]").text
    assert "سُجّل تعليقك على النشاط" in notice and code in notice, notice

    browser.find_element(By.CSS_SELECTOR, "input[name=decision][value=approve]").click()
    browser.find_element(By.ID, "minutes").send_keys("اجتماع اللجنة الفنية ٤٠: اعتماد النسخة المعدلة.")
    submit_and_wait(browser, "form[action='/plans/hnec-2019/decision'] button[type=submit]")
    notice = browser.find_element(By.CSS_SELECTOR, "p.notice[role=status]").text
    assert "اعتمدت اللجنة الفنية النسخة" in notice and "EV-" in notice, notice
    screenshot(browser, "plan-upload-approved-ar")
    browser.find_element(By.CSS_SELECTOR, "main a[href^='/evidence/EV-']").click()
    record = browser.find_element(By.TAG_NAME, "main").text
    assert "اعتمدتها اللجنة الفنية بقرار من" in record, record[:400]
    assert "(salma)" in record
