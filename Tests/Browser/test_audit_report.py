"""The audit report's whole cycle in a real browser: a quality manager plans an audit, records it
held with its opening and closing meetings and conclusion (a wrong time comes back with every value
kept, the field named, on a 360 px screen in Arabic), opens the report in the reader's language,
downloads its PDF and the signed ZIP, and `eqms audit report verify` checks the ZIP offline."""

import datetime
import io
import urllib.request
import uuid
import zipfile

from selenium.webdriver.common.by import By

from conftest import screenshot
from test_audits import type_date
from test_dossier import dossier_server, eqms  # noqa: F401  (the server with a signing key)
from test_roles import sign_in
from test_users import click_and_wait, main_text


def download(browser, url):
    """Fetches `url` with the browser's session, as its download link would."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": cookies}), timeout=120) as response:
        return response.headers, response.read()


def test_audit_report_cycle_in_arabic_at_360_px(dossier_server, browser):  # noqa: F811
    server = dossier_server
    today = datetime.date.today()
    start, end = today - datetime.timedelta(days=3), today - datetime.timedelta(days=1)
    title = f"Internal audit of voter registration {uuid.uuid4().hex[:6]} (browser test)"
    sign_in(browser, server, "amal")
    browser.get(server["base"] + "/lang/ar")
    browser.set_window_size(360, 800)
    try:
        browser.get(server["base"] + "/audits")
        form = browser.find_element(By.CSS_SELECTOR, "form[action='/audits']")
        form.find_element(By.ID, "title").send_keys(title)
        type_date(form.find_element(By.ID, "start"), start)
        type_date(form.find_element(By.ID, "end"), end)
        form.find_element(By.ID, "auditor").send_keys("Karim Nasser")
        form.find_element(By.ID, "requirements-1").send_keys("iso-9001-2015:9.2")
        click_and_wait(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        audit_path = browser.current_url.split(server["base"], 1)[1].split("?", 1)[0]
        audit_id = audit_path.rsplit("/", 1)[1]
        assert audit_id.startswith("AUD-"), main_text(browser)

        report = browser.find_element(By.CSS_SELECTOR, f"form[action='{audit_path}/report']")
        report.find_element(By.ID, "summary").send_keys("التسجيل يتبع الإجراء، مع ملاحظة بسيطة واحدة.")
        type_date(report.find_element(By.ID, "opening_date"), start)
        report.find_element(By.ID, "opening_time").send_keys("9h")
        report.find_element(By.ID, "opening_attendees").send_keys("Karim Nasser\nAmal Haddad")
        type_date(report.find_element(By.ID, "closing_date"), end)
        report.find_element(By.ID, "closing_attendees").send_keys("Amal Haddad")
        report.find_element(By.ID, "conclusion").send_keys("النظام مطابق وفعّال.")
        click_and_wait(browser, report.find_element(By.CSS_SELECTOR, "button[type=submit]"))

        # Refused: the field is named, the values are kept, the page stays right to left and fits.
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl"
        time_field = browser.find_element(By.ID, "opening_time")
        assert time_field.get_attribute("aria-invalid") == "true"
        assert time_field.get_attribute("value") == "9h"
        assert browser.find_element(By.ID, "conclusion").get_attribute("value") == "النظام مطابق وفعّال."
        assert "--opening" not in main_text(browser)
        width = browser.execute_script("return document.documentElement.scrollWidth")
        assert width <= 360, width
        screenshot(browser, "audit-report-refused-ar-360")

        time_field.clear()
        time_field.send_keys("09:00")
        report = browser.find_element(By.CSS_SELECTOR, f"form[action='{audit_path}/report']")
        click_and_wait(browser, report.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        assert browser.current_url.endswith(f"{audit_path}?done=report"), main_text(browser)
        assert "الاجتماع الافتتاحي" in main_text(browser) and "Karim Nasser, Amal Haddad" in main_text(browser)
        screenshot(browser, "audit-report-recorded-ar-360")

        links = browser.find_elements(By.CSS_SELECTOR, "#audit-report-downloads a")
        hrefs = [link.get_attribute("href") for link in links]
        assert [href.rsplit("=", 1)[1] for href in hrefs] == ["html", "pdf", "zip"], hrefs
        click_and_wait(browser, links[0])
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl"
        assert browser.find_element(By.TAG_NAME, "h1").text.startswith("تقرير التدقيق")
        assert "النظام مطابق وفعّال." in browser.find_element(By.TAG_NAME, "body").text
        screenshot(browser, "audit-report-document-ar-360")

        headers, pdf = download(browser, hrefs[1])
        assert headers["Content-Type"] == "application/pdf" and pdf.startswith(b"%PDF")
        headers, package = download(browser, hrefs[2])
        assert headers["Content-Type"] == "application/zip"
        names = zipfile.ZipFile(io.BytesIO(package)).namelist()
        assert f"ar/{audit_id}-report.html" in names and "manifest.sig" in names, names
        path = server["folder"] / f"{audit_id}-report.zip"
        path.write_bytes(package)
        eqms("audit", "report", "verify", path, "--key", server["keys"] / "dossier-signing.pub")
    finally:
        browser.set_window_size(1366, 900)
