"""The audit cycle of issue 24 in real browsers: the organisation opens an engagement for a
certification body; its external auditor enrols a second factor and asks for evidence of a sample;
the process owner answers from the list of requests to answer, logging new evidence with its file;
the auditor accepts; the audit team's checklist records a nonconforming item, which becomes a
nonconformity; and the audit's report, which now lists that finding, is downloaded as a signed
package and verified offline with `eqms audit report verify`."""

import datetime
import time
import uuid
import zipfile

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot
from test_audit_report import download
from test_dossier import dossier_server, eqms  # noqa: F401  (the server with a signing key)
from test_factors import totp
from test_layout import overflow
from test_roles import sign_in, submit_and_wait
from test_users import sign_in_as

PASSWORD = "saffron glacier trumpet"
SAMPLE = "3 of the 12 polling centres of Irbid, ballot reconciliation forms"


def sign_out(driver):
    submit_and_wait(driver, "form[action='/logout'] button[type=submit]")


def test_engagement_request_answer_accept_checklist_finding_then_signed_report(
        dossier_server, browser, second_browser, tmp_path):  # noqa: F811
    server = dossier_server
    username = f"ext.{uuid.uuid4().hex[:6]}"
    # The administrator: the external auditor's account and the engagement, open from today.
    sign_in(browser, server, "admin")
    browser.get(server["base"] + "/users")
    browser.find_element(By.ID, "username").send_keys(username)
    Select(browser.find_element(By.ID, "role")).select_by_value("auditor")
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    submit_and_wait(browser, "form[action='/users'] button[type=submit]")
    browser.get(server["base"] + "/engagements")
    browser.find_element(By.ID, "certification-body").send_keys("Bureau Veritas")
    browser.find_element(By.ID, "auditors").send_keys(username)
    browser.execute_script("document.getElementById('opens').value = '2026-01-05';"
                           "document.getElementById('closes').value = '2099-01-09';")
    submit_and_wait(browser, "form[action='/engagements'] button[type=submit]")
    assert "/engagements/ENG-" in browser.current_url, browser.page_source[:800]
    engagement = browser.current_url.split("?")[0]
    sign_out(browser)

    # The external auditor: the second factor first, then the request on the engagement's page.
    sign_in_as(second_browser, server, username, PASSWORD)
    second_browser.get(server["base"] + "/lang/en")
    second_browser.get(server["base"] + "/profile")
    submit_and_wait(second_browser, "form[action='/profile/second-factor'] button[type=submit]")
    secret = second_browser.find_element(By.ID, "factor-secret").text
    second_browser.find_element(By.ID, "code").send_keys(totp(secret, time.time()))
    submit_and_wait(second_browser)
    second_browser.get(engagement)
    second_browser.find_element(By.ID, "requirement").send_keys("iso-9001-2015:8.5.1")
    second_browser.find_element(By.ID, "sample").send_keys(SAMPLE)
    second_browser.find_element(By.ID, "owner").send_keys("omar")
    due = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    second_browser.execute_script(f"document.getElementById('due').value = '{due}';")
    submit_and_wait(second_browser, "form[action$='/requests'] button[type=submit]")
    assert "/requests/ER-" in second_browser.current_url, second_browser.page_source[:800]
    request = second_browser.current_url.split("?")[0]
    number = request.rsplit("/", 1)[1]
    assert SAMPLE in second_browser.find_element(By.TAG_NAME, "main").text

    # The process owner answers from the list of requests to answer, logging the forms as new evidence.
    sign_in(browser, server, "omar")
    browser.get(server["base"] + "/requests")
    browser.find_element(By.CSS_SELECTOR, f"a[href^='/requests/{number}']").click()
    scan = tmp_path / "reconciliation-irbid.pdf"
    scan.write_bytes(b"%PDF-1.4\n% reconciliation forms of Irbid 1, 4 and 9\n" + bytes(range(256)) * 8)
    browser.find_element(By.ID, "title").send_keys("Ballot reconciliation forms, Irbid 1, 4 and 9")
    browser.find_element(By.ID, "process").send_keys("EP-04")
    browser.find_element(By.ID, "files").send_keys(str(scan))
    browser.find_element(By.ID, "note").send_keys("Signed by the centre heads")
    submit_and_wait(browser, f"form[action='/requests/{number}/answer'] button[type=submit]")
    assert "done=answered" in browser.current_url, browser.find_element(By.TAG_NAME, "main").text
    evidence = browser.find_element(By.CSS_SELECTOR, ".timeline a[href^='/evidence/EV-']").text
    # The request's page and the list of requests to answer on a phone, in Arabic.
    browser.get(server["base"] + "/lang/ar")
    browser.set_window_size(360, 800)
    try:
        for page in [request, server["base"] + "/requests"]:
            browser.get(page)
            assert browser.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl"
            assert overflow(browser) <= 0, f"{page} is wider than 360 px in Arabic"
        screenshot(browser, "evidence-request-ar-360")
    finally:
        browser.set_window_size(1280, 900)
        browser.get(server["base"] + "/lang/en")
    sign_out(browser)

    # The auditor opens the evidence given, then accepts.
    second_browser.get(request)
    second_browser.find_element(By.CSS_SELECTOR, f".timeline a[href='/evidence/{evidence}']").click()
    assert "reconciliation-irbid.pdf" in second_browser.find_element(By.TAG_NAME, "main").text
    second_browser.get(request)
    submit_and_wait(second_browser, f"form[action='/requests/{number}/accept'] button[type=submit]")
    assert "done=accepted" in second_browser.current_url
    history = second_browser.find_element(By.CSS_SELECTOR, ".timeline").text
    for step in ["asked", "answered", "accepted"]:
        assert step in history, history

    # The audit team's checklist: a nonconforming item becomes a nonconformity.
    sign_in(browser, server, "auditor")
    browser.get(server["base"] + "/audits/AUD-2026-01")
    if browser.find_elements(By.CSS_SELECTOR, "form[action='/audits/AUD-2026-01/checklist'] button"):
        submit_and_wait(browser, "form[action='/audits/AUD-2026-01/checklist'] button")
    items = browser.find_elements(By.CSS_SELECTOR, "li.checklist-item")
    assert len(items) > 1, "the checklist has too few items"
    form = "form[action='/audits/AUD-2026-01/checklist/1']"
    browser.find_element(By.CSS_SELECTOR, "#item-1 details summary").click()
    Select(browser.find_element(By.CSS_SELECTOR, f"{form} select[name=result]")).select_by_value("nonconforming")
    Select(browser.find_element(By.CSS_SELECTOR, f"{form} select[name=grade]")).select_by_value("minor")
    notes = browser.find_element(By.CSS_SELECTOR, f"{form} textarea[name=notes]")
    notes.clear()
    notes.send_keys("Irbid 9's reconciliation form was signed after the count")
    submit_and_wait(browser, f"{form} button[type=submit]")
    assert "done=check" in browser.current_url, browser.current_url
    finding = browser.find_element(By.CSS_SELECTOR, "#item-1 a[href^='/findings/NC-']")
    finding.click()
    assert "/findings/NC-" in browser.current_url
    nonconformity = browser.current_url.split("?")[0].rsplit("/", 1)[1]
    sign_out(browser)

    # The quality manager downloads the audit's report as a signed package; it lists the finding
    # and verifies offline against the organisation's public key.
    sign_in(browser, server, "amal")
    browser.get(server["base"] + "/audits/AUD-2026-01")
    links = {link.get_attribute("href").rsplit("=", 1)[1]: link.get_attribute("href")
             for link in browser.find_elements(By.CSS_SELECTOR, "#audit-report-downloads a")}
    assert set(links) == {"html", "pdf", "zip"}, links
    browser.get(links["html"])
    assert nonconformity in browser.find_element(By.TAG_NAME, "body").text
    headers, package = download(browser, links["zip"])
    assert headers["Content-Type"] == "application/zip"
    path = tmp_path / "AUD-2026-01-report.zip"
    path.write_bytes(package)
    eqms("audit", "report", "verify", path, "--key", server["keys"] / "dossier-signing.pub")
    # A changed byte in the signed report is caught.
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(tampered, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith("-report.html"):
                data = data.replace(nonconformity.encode(), b"NC-1999-999")
            target.writestr(item, data)
    refused = eqms("audit", "report", "verify", tampered, "--key", server["keys"] / "dossier-signing.pub",
                   check=False)
    assert refused.returncode != 0, "a tampered report passed verification"
    browser.get(server["base"] + "/")
    sign_out(browser)
