"""A project board's quarterly progress report: a viewer opens it from the plan page, reads it in
English and Arabic with its styles and charts applied, and downloads the PDF, whose sections each
fit on one page for the HNEC sample."""

import re
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot
from test_roles import sign_in, submit_and_wait

SECTIONS = 8  # cover, results, activities, delivery, expenditure, risks, committee, next quarter


def download(browser, url):
    """Fetches `url` with the browser's session, as its download link would."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    request = urllib.request.Request(url, headers={"Cookie": cookies})
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.headers, response.read()


def pages(pdf):
    """The pages of a PDF: its page objects, not the page tree (`/Type /Pages`)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_viewer_opens_the_quarterly_report_and_downloads_its_pdf(server, browser):
    sign_in(browser, server, "viewer")
    for language, title, quarter in [
        ("en", "Quarterly progress report", "Q4 2018"),
        ("ar", "تقرير التقدم الفصلي", "الربع ٤ من عام ٢٠١٨"),
    ]:
        browser.get(server["base"] + f"/lang/{language}")
        browser.get(server["base"] + "/plans/hnec-2018")
        select = Select(browser.find_element(By.CSS_SELECTOR, "form[action='/plans/hnec-2018/quarterly'] select"))
        assert select.first_selected_option.text == quarter
        submit_and_wait(browser, "form[action='/plans/hnec-2018/quarterly'] button[value=html]")
        heading = browser.find_element(By.TAG_NAME, "h1")
        assert heading.text == title
        # The report's own styles apply under its policy: the heading takes the accent colour.
        assert heading.value_of_css_property("color") in ("rgba(31, 78, 121, 1)", "rgb(31, 78, 121)")
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        assert len(browser.find_elements(By.CSS_SELECTOR, "section")) == SECTIONS
        assert browser.find_elements(By.CSS_SELECTOR, "figure.chart svg rect")
        screenshot(browser, f"quarterly-{language}")
        browser.set_window_size(390, 844)
        screenshot(browser, f"quarterly-{language}-390")
        width = browser.execute_script("return document.documentElement.scrollWidth")
        assert width <= 390, f"the report is {width} px wide at 390"
        browser.set_window_size(1366, 900)

        headers, pdf = download(browser, server["base"] + "/plans/hnec-2018/quarterly?quarter=Q4&format=pdf")
        assert headers["Content-Type"] == "application/pdf"
        assert f"hnec-2018-2018-Q4-quarterly-{language}.pdf" in headers["Content-Disposition"]
        assert pdf[:5] == b"%PDF-"
        # Each section starts a page (print styles), so more pages than sections means one overflowed.
        count = pages(pdf)
        assert count == SECTIONS, f"{language}: {count} pages for {SECTIONS} sections"
    browser.get(server["base"] + "/lang/en")
