"""The layout as a person meets it: no page scrolls sideways at 360 px, the navigation folds into a
menu that opens without JavaScript, landmarks and a skip link, and targets of at least 24 x 24 CSS
pixels (WCAG 2.2 2.5.8, measured here: the axe-core bundled with axe-selenium-python predates it).

`make test` checks a sample of pages in every language; EQMS_FULL_MATRIX=1 (`make bench`) checks
every main page in every language."""

import os

import pytest
from selenium.webdriver.common.by import By

from conftest import screenshot
from test_roles import sign_in

LANGUAGES = ["en", "ar", "fr", "es"]
MAIN_PAGES = ["/", "/catalogue", "/catalogue/iso-9001-2015/7.5.3", "/compliance", "/compliance/transition",
              "/evidence", "/evidence/new", "/findings", "/findings/new", "/audits", "/reviews",
              "/recommendations", "/plans", "/plans/hnec-2018", "/registers", "/registers/risks",
              "/registers/documents", "/registers/providers", "/registers/training", "/registers/kpis",
              "/registers/kpis/KPI-01", "/registers/parties", "/registers/processes", "/trail", "/dossier",
              "/users", "/organisation"]
FULL = os.environ.get("EQMS_FULL_MATRIX") == "1"


def pages_for(language):
    if FULL:
        return MAIN_PAGES
    # A sample that differs per language, so that four languages cover twelve pages.
    start = LANGUAGES.index(language) * 3
    return MAIN_PAGES[start:start + 3]


def overflow(browser):
    return browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")


SMALL_TARGETS = """
const small = [];
for (const element of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, label.nav-button, summary')) {
  const box = element.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) continue;
  // Off screen until focused (the skip link).
  if (box.right <= 0 || box.bottom <= 0 || box.left >= window.innerWidth) continue;
  const style = getComputedStyle(element);
  if (style.visibility === 'hidden' || style.opacity === '0') continue;
  // WCAG 2.5.8's inline exception: a link inside a sentence or a table cell's text.
  if (element.tagName === 'A' && style.display === 'inline' && element.closest('p, td, dd, li, span, small, h1, h2, h3, caption')) continue;
  // A radio button or checkbox counts with the label that wraps it.
  let target = box;
  const label = element.closest('label');
  if (label && (element.type === 'checkbox' || element.type === 'radio')) target = label.getBoundingClientRect();
  if (target.width < 24 || target.height < 24) small.push((element.id || element.name || element.textContent.trim().slice(0, 30) || element.tagName) + ' ' + Math.round(target.width) + 'x' + Math.round(target.height));
}
return small;
"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_scrolls_sideways_at_360_px(server, browser, language):
    sign_in(browser, server, "admin")
    browser.get(server["base"] + f"/lang/{language}")
    browser.set_window_size(360, 800)
    wide = {}
    for path in pages_for(language):
        browser.get(server["base"] + path)
        extra = overflow(browser)
        if extra > 0:
            wide[path] = extra
            screenshot(browser, f"too-wide-{language}{path.replace('/', '-')}")
    assert not wide, f"pages wider than 360 px in {language} (extra pixels): {wide}"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_targets_are_at_least_24_px(server, browser, language):
    sign_in(browser, server, "amal")
    browser.get(server["base"] + f"/lang/{language}")
    small = {}
    for width in [1366, 390]:
        browser.set_window_size(width, 900)
        for path in ["/", "/evidence/new", "/registers/risks", "/findings/new"]:
            browser.get(server["base"] + path)
            if width < 900:
                browser.find_element(By.CSS_SELECTOR, "label.nav-button").click()
            found = browser.execute_script(SMALL_TARGETS)
            if found:
                small[f"{width} {path}"] = found
    assert not small, small


def test_the_menu_folds_on_a_phone_and_opens_without_script(server, browser):
    sign_in(browser, server, "amal")
    browser.get(server["base"] + "/lang/ar")
    browser.set_window_size(390, 800)
    browser.get(server["base"] + "/registers")
    navigation = browser.find_element(By.CSS_SELECTOR, "nav.sidenav")
    assert not navigation.is_displayed(), "the side navigation is folded on a phone"
    header = browser.find_element(By.CSS_SELECTOR, "header.topbar").rect
    assert header["height"] < 80, f"the header takes {header['height']} px of the phone's screen"
    browser.find_element(By.CSS_SELECTOR, "label.nav-button").click()
    assert navigation.is_displayed(), "the menu opens"
    screenshot(browser, "menu-open-ar-390")
    navigation.find_element(By.CSS_SELECTOR, "a[href='/registers/risks']").click()
    assert browser.current_url.endswith("/registers/risks")
    # Landmarks and the skip link.
    assert browser.find_elements(By.CSS_SELECTOR, "main#main") and browser.find_elements(By.TAG_NAME, "header")
    skip = browser.find_element(By.CSS_SELECTOR, "a.skip")
    assert skip.get_attribute("href").endswith("#main")
    browser.set_window_size(1366, 900)
    browser.get(server["base"] + "/registers/risks")
    current = browser.find_element(By.CSS_SELECTOR, "nav.sidenav a[aria-current='page']")
    assert current.get_attribute("href").endswith("/registers/risks")
