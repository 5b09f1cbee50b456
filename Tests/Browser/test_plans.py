"""A Technical Committee member reviews the annual work plan in a real browser: reads the
activities by output with their quarters and budget, comments on an activity, approves the plan
with minutes, and finds the approval among the evidence."""

import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot
from test_roles import sign_in, submit_and_wait


def test_tc_member_comments_and_approves_the_awp(server, browser):
    sign_in(browser, server, "salma")
    browser.get(server["base"] + "/plans")
    browser.find_element(By.CSS_SELECTOR, "a[href='/plans/hnec-2018']").click()
    main = browser.find_element(By.TAG_NAME, "main").text
    # The demo's Technical Committee has already remarked on it: the plan is under review.
    assert "under review" in main, main[:400]
    assert "USD 480,000.00" in main  # the 20 vehicles of the seeds
    assert browser.find_element(By.ID, "activity-1.1").is_displayed()
    screenshot(browser, "tc-awp-review")

    Select(browser.find_element(By.ID, "comment-activity")).select_by_value("3.1")
    browser.find_element(By.ID, "comment-text").send_keys("Report the 87 participants by sex, as agreed.")
    submit_and_wait(browser, "form[action='/plans/hnec-2018/comments'] button[type=submit]")
    row = browser.find_element(By.CSS_SELECTOR, "#activity-3\\.1 + tr, #activity-3\\.1 ~ tr.comments")
    assert "Report the 87 participants by sex, as agreed." in browser.find_element(By.TAG_NAME, "main").text
    assert row is not None
    assert "under review" in browser.find_element(By.TAG_NAME, "main").text

    browser.find_element(By.CSS_SELECTOR, "input[name=decision][value=approve]").click()
    browser.find_element(By.ID, "minutes").send_keys("Technical Committee meeting 36: the 2018 AWP and budget are approved.")
    submit_and_wait(browser, "form[action='/plans/hnec-2018/decision'] button[type=submit]")
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "approved" in main
    assert "Technical Committee meeting 36" in main
    assert not browser.find_elements(By.ID, "minutes"), "the decision form is gone once the plan is approved"
    link = browser.find_element(By.CSS_SELECTOR, "main a[href^='/evidence/EV-']")
    identifier = link.text
    assert re.fullmatch(r"EV-\d{4}-\d{4}", identifier), identifier
    screenshot(browser, "tc-awp-approved")
    link.click()
    record = browser.find_element(By.TAG_NAME, "main").text
    assert identifier in record
    assert "iso-9001-2015:8.1" in record


def test_auditor_reads_the_awp_but_cannot_decide(server, browser):
    sign_in(browser, server, "auditor")
    browser.get(server["base"] + "/plans/iec-jordan-2019")
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "approved" in main
    assert not browser.find_elements(By.ID, "minutes")
    assert not browser.find_elements(By.ID, "comment-text")
