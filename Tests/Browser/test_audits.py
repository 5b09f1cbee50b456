"""A quality manager plans an audit through the form of a real browser (its criteria through the
requirement picker), records its report, raises a nonconformity at it, and follows the
nonconformity's link back to the audit; in English and Arabic."""

import datetime
import uuid

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot
from test_roles import sign_in, submit_and_wait
from test_users import click_and_wait, field, main_text

WORDS = {
    "en": {
        "planned": "The audit is in the programme.", "reported": "The audit is recorded as held, with its report.",
        "raised": "The finding is raised as a nonconformity linked to this audit.",
        "internal": "internal", "status_planned": "planned", "status_reported": "reported", "minor": "minor",
        "kind": "Kind", "status": "Status", "dates": "Dates", "lead": "Lead auditor", "auditors": "Auditors",
        "auditees": "Auditees", "criteria": "Criteria (requirements)", "processes": "Processes (EP-01 …)", "sites": "Sites",
        "source": "Source", "source_internal": "internal audit", "raised_at": "Raised at the audit",
    },
    "ar": {
        "planned": "أُدرج التدقيق في البرنامج.", "reported": "سُجِّل أن التدقيق قد أُجري، مع تقريره.",
        "raised": "سُجِّلت الملاحظة بوصفها حالة عدم مطابقة مرتبطة بهذا التدقيق.",
        "internal": "داخلي", "status_planned": "مخطط له", "status_reported": "صدر تقريره", "minor": "بسيطة",
        "source_internal": "التدقيق الداخلي", "raised_at": "سُجِّلت خلال التدقيق",
    },
}

# Eastern Arabic digits, which an Arabic page may show, read as the digits of an ISO date.
LATIN = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def type_date(element, day):
    """Types a day into a date field the way a person does: day, month and year in the order their
    browser's language shows them (headless Chromium may keep en-US whatever --lang says)."""
    order = element.parent.execute_script(
        "return new Intl.DateTimeFormat(navigator.language).formatToParts(new Date())"
        ".map(part => part.type).filter(type => ['day', 'month', 'year'].includes(type))")
    parts = {"day": day.strftime("%d"), "month": day.strftime("%m"), "year": day.strftime("%Y")}
    element.click()
    element.send_keys("".join(parts[part] for part in order))
    assert element.get_attribute("value") == day.isoformat(), (order, element.get_attribute("value"))


@pytest.mark.parametrize("language", ["en", "ar"])
def test_quality_manager_plans_an_audit_and_raises_a_finding_at_it(server, browser, language):
    words = WORDS[language]
    today = datetime.date.today()
    start, end = today - datetime.timedelta(days=3), today - datetime.timedelta(days=1)
    title = f"Internal audit of the tally centre, {language} {uuid.uuid4().hex[:6]} (browser test)"
    criteria = ["iso-9001-2015:9.2", "iso-54001-2019:EP-06"]

    sign_in(browser, server, "amal")
    browser.get(server["base"] + f"/lang/{language}")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "nav.sidenav a[href='/audits']"))
    assert browser.current_url.endswith("/audits")
    browser.find_element(By.CSS_SELECTOR, ".page-actions a[href='#plan']").click()
    assert browser.current_url.endswith("/audits#plan")
    form = browser.find_element(By.CSS_SELECTOR, "form[action='/audits']")
    Select(form.find_element(By.ID, "kind")).select_by_visible_text(words["internal"])
    form.find_element(By.ID, "title").send_keys(title)
    type_date(form.find_element(By.ID, "start"), start)
    type_date(form.find_element(By.ID, "end"), end)
    form.find_element(By.ID, "lead_auditor").send_keys("Amal Haddad")
    # One name per line, as the hint below the form says.
    form.find_element(By.ID, "auditor").send_keys("Karim Nasser\nLina Saleh")
    # The criteria through the requirement picker, one per field.
    for index, key in enumerate(criteria, start=1):
        form.find_element(By.ID, f"requirements-{index}").send_keys(key)
    form.find_element(By.ID, "process").send_keys("EP-06")
    form.find_element(By.ID, "site").send_keys("Zarqa tally centre")
    form.find_element(By.ID, "auditee").send_keys("Tally centre manager\nData entry supervisor")
    screenshot(browser, f"audit-plan-form-{language}")
    click_and_wait(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))

    assert "/audits/AUD-" in browser.current_url and browser.current_url.endswith("?done=planned"), main_text(browser)
    audit_path = browser.current_url.split(server["base"], 1)[1].split("?", 1)[0]
    audit_id = audit_path.rsplit("/", 1)[1]
    assert browser.find_element(By.TAG_NAME, "h1").text == f"{audit_id} {title}"
    assert browser.find_element(By.CSS_SELECTOR, "main .notice[role=status]").text == words["planned"]
    shown = dict(zip([dt.text for dt in browser.find_elements(By.CSS_SELECTOR, "dl.fields dt")],
                     [dd.text for dd in browser.find_elements(By.CSS_SELECTOR, "dl.fields dd")]))
    values = list(shown.values())
    assert words["internal"] in values and words["status_planned"] in values, shown
    assert f"{start.isoformat()} – {end.isoformat()}" in [value.translate(LATIN) for value in values], shown
    assert "Amal Haddad" in values, shown
    assert "Karim Nasser, Lina Saleh" in values, shown
    assert "Tally centre manager, Data entry supervisor" in values, shown
    assert "EP-06" in values and "Zarqa tally centre" in values, shown
    links = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "dl.fields dd a[href^='/catalogue/']")]
    assert links == criteria, links
    if language == "en":
        for term, value in [("kind", "internal"), ("status", "planned"), ("lead", "Amal Haddad"),
                            ("auditors", "Karim Nasser, Lina Saleh"),
                            ("auditees", "Tally centre manager, Data entry supervisor"),
                            ("criteria", " ".join(criteria)), ("processes", "EP-06"), ("sites", "Zarqa tally centre")]:
            assert field(browser, words[term]) == value, (term, shown)
    screenshot(browser, f"audit-planned-{language}")

    # The audit was held: its report, dated today by the form's default.
    summary = "Counting followed the procedure; tally sheets at two stations were not countersigned."
    report = browser.find_element(By.CSS_SELECTOR, f"form[action='{audit_path}/report']")
    assert report.find_element(By.ID, "date").get_attribute("value") == today.isoformat()
    report.find_element(By.ID, "summary").send_keys(summary)
    click_and_wait(browser, report.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert browser.current_url.endswith(f"{audit_path}?done=report")
    assert browser.find_element(By.CSS_SELECTOR, "main .notice[role=status]").text == words["reported"]
    assert summary in main_text(browser)
    assert words["status_reported"] in browser.find_element(By.CSS_SELECTOR, "dl.fields dd span[class^=state-]").text
    assert not browser.find_elements(By.CSS_SELECTOR, f"form[action='{audit_path}/report']"), "reported once"

    # The gap it found, raised as a nonconformity at this audit.
    finding = "Tally sheets not countersigned at two stations (browser test)"
    raise_form = browser.find_element(By.CSS_SELECTOR, f"form[action='{audit_path}/findings']")
    raise_form.find_element(By.ID, "finding-title").send_keys(finding)
    Select(raise_form.find_element(By.ID, "grade")).select_by_visible_text(words["minor"])
    raise_form.find_element(By.ID, "requirements-1").send_keys(criteria[1])
    raise_form.find_element(By.ID, "process").send_keys("EP-06")
    raise_form.find_element(By.ID, "description").send_keys("Two of the twelve stations visited.")
    click_and_wait(browser, raise_form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert browser.current_url.endswith(f"{audit_path}?done=finding")
    assert browser.find_element(By.CSS_SELECTOR, "main .notice[role=status]").text == words["raised"]
    row = browser.find_element(By.XPATH, f"//tbody/tr[td/a[normalize-space()='{finding}']]")
    assert words["minor"] in row.text and criteria[1] in row.text, row.text
    nc_id = row.find_element(By.CSS_SELECTOR, "td.mono a").text
    assert nc_id.startswith("NC-"), nc_id
    screenshot(browser, f"audit-reported-with-finding-{language}")

    # The nonconformity's page says where it came from and links back to the audit.
    click_and_wait(browser, row.find_element(By.CSS_SELECTOR, "td.mono a"))
    assert browser.current_url.endswith(f"/findings/{nc_id}")
    assert finding in browser.find_element(By.TAG_NAME, "h1").text
    assert words["source_internal"] in [dd.text for dd in browser.find_elements(By.CSS_SELECTOR, "dl.fields dd")]
    back = browser.find_element(By.CSS_SELECTOR, f"dl.fields dd a[href='{audit_path}']")
    assert audit_id in back.text and title in back.text, back.text
    assert field(browser, words["raised_at"]) == back.text
    screenshot(browser, f"audit-finding-{language}")
    click_and_wait(browser, back)
    assert browser.current_url.endswith(audit_path)
