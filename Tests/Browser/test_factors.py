"""Two-factor sign-in in a real browser: an administrator makes the factor required for a role on
the policy page (at 360 px in Arabic); a user of that role sees the days left on every page, then,
the grace period over, reaches only enrolment; they enrol by reading the key from the page (the
code computed here, as an authenticator would), sign out, sign in with a code, once with a
recovery code, and are refused a code already used."""

import base64
import hashlib
import hmac
import struct
import time
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot
from test_layout import overflow
from test_roles import sign_in, submit_and_wait
from test_users import sign_in_as


def totp(secret_text, at=None):
    """RFC 6238 with SHA-1, six digits and 30-second steps, from the key as the page shows it."""
    key = base64.b32decode(secret_text.replace(" ", "").upper())
    step = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def set_policy(browser, server, roles, grace_days):
    """The administrator's policy page: tick exactly `roles`, set the grace period, save."""
    browser.get(server["base"] + "/organisation/second-factor")
    for box in browser.find_elements(By.CSS_SELECTOR, "input[name=required]"):
        if box.is_selected() != (box.get_attribute("value") in roles):
            box.click()
    days = browser.find_element(By.ID, "grace_days")
    days.clear()
    days.send_keys(str(grace_days))
    submit_and_wait(browser, "form[action='/organisation/second-factor'] button[type=submit]")
    assert "saved=1" in browser.current_url, browser.page_source[:800]


def test_policy_grace_enrolment_and_codes(server, browser, second_browser):
    username = f"tc.{uuid.uuid4().hex[:6]}"
    password = "saffron glacier trumpet"
    sign_in(browser, server, "admin")
    browser.get(server["base"] + "/users")
    browser.find_element(By.ID, "username").send_keys(username)
    Select(browser.find_element(By.ID, "role")).select_by_value("tc-member")
    browser.find_element(By.ID, "password").send_keys(password)
    submit_and_wait(browser, "form[action='/users'] button[type=submit]")
    try:
        # The administrator sets the policy on a phone, in Arabic.
        browser.get(server["base"] + "/lang/ar")
        browser.set_window_size(360, 800)
        set_policy(browser, server, {"tc-member"}, 14)
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl"
        assert "حُفظت سياسة تسجيل الدخول بعاملين." in browser.find_element(By.TAG_NAME, "main").text
        screenshot(browser, "factor-policy-ar-360")
        assert overflow(browser) <= 0, "the policy page is wider than 360 px in Arabic"
        # A wrong grace period: the field is named, in Arabic, and the form keeps what was typed.
        days = browser.find_element(By.ID, "grace_days")
        browser.execute_script("arguments[0].removeAttribute('max')", days)
        days.clear()
        days.send_keys("400")
        submit_and_wait(browser, "form[action='/organisation/second-factor'] button[type=submit]")
        assert "المهلة (بالأيام)" in browser.find_element(By.TAG_NAME, "main").text
        assert browser.find_element(By.ID, "grace_days").get_attribute("value") == "400"

        # The user works during the grace period, told on every page how long is left.
        second_browser.set_window_size(360, 800)
        sign_in_as(second_browser, server, username, password)
        second_browser.get(server["base"] + "/lang/ar")
        second_browser.get(server["base"] + "/registers")
        banner = second_browser.find_element(By.CSS_SELECTOR, "main > p.notice").text
        assert "بقي ١٤ يومًا لإعداده" in banner, banner
        screenshot(second_browser, "factor-grace-ar-360")
        assert overflow(second_browser) <= 0

        # The grace period set to none: only enrolment opens now.
        set_policy(browser, server, {"tc-member"}, 0)
        second_browser.get(server["base"] + "/registers")
        assert "/profile" in second_browser.current_url
        main = second_browser.find_element(By.TAG_NAME, "main").text
        assert "انقضت المهلة الممنوحة لإعداده" in main, main
        assert not second_browser.find_elements(By.CSS_SELECTOR, "form[action='/profile/sessions/end']")
        screenshot(second_browser, "factor-pending-ar-360")
        assert overflow(second_browser) <= 0

        # Enrolment: the key read from the page, the first code computed as the telephone would.
        submit_and_wait(second_browser, "form[action='/profile/second-factor'] button[type=submit]")
        secret = second_browser.find_element(By.ID, "factor-secret").text
        screenshot(second_browser, "factor-enrol-ar-360")
        assert overflow(second_browser) <= 0
        enrolled_at = time.time()
        second_browser.find_element(By.ID, "code").send_keys(totp(secret, enrolled_at))
        submit_and_wait(second_browser)
        codes = [item.text for item in second_browser.find_elements(By.CSS_SELECTOR, "#recovery-codes li")]
        assert len(codes) == 10
        second_browser.get(server["base"] + "/registers")
        assert second_browser.current_url.endswith("/registers")
        assert not second_browser.find_elements(By.CSS_SELECTOR, "main > p.notice"), "no banner once enrolled"

        # Signs out, and in again with the next step's code (the one used to enrol is spent).
        second_browser.get(server["base"] + "/lang/en")
        second_browser.set_window_size(1280, 900)
        submit_and_wait(second_browser, "form[action='/logout'] button[type=submit]")
        sign_in_as(second_browser, server, username, password)
        assert "/login/code" in second_browser.current_url
        used = totp(secret, enrolled_at + 30)
        second_browser.find_element(By.ID, "code").send_keys(used)
        submit_and_wait(second_browser, "form[action='/login/code'] button[type=submit]")
        assert "/login" not in second_browser.current_url, second_browser.page_source[:800]

        # Once with a recovery code.
        submit_and_wait(second_browser, "form[action='/logout'] button[type=submit]")
        sign_in_as(second_browser, server, username, password)
        second_browser.find_element(By.ID, "recovery_code").send_keys(codes[0])
        submit_and_wait(second_browser, "form:has(#recovery_code) button[type=submit]")
        assert "/login" not in second_browser.current_url, second_browser.page_source[:800]

        # A code already used is refused, in the page's language.
        submit_and_wait(second_browser, "form[action='/logout'] button[type=submit]")
        sign_in_as(second_browser, server, username, password)
        second_browser.find_element(By.ID, "code").send_keys(used)
        submit_and_wait(second_browser, "form[action='/login/code'] button[type=submit]")
        assert "/login/code" in second_browser.current_url
        assert "the code is wrong, has expired, or has already been used" in \
            second_browser.find_element(By.TAG_NAME, "main").text
    finally:
        browser.set_window_size(1280, 900)
        set_policy(browser, server, set(), 14)
        browser.get(server["base"] + "/lang/en")


def test_directory_page_fits_a_phone_in_arabic(server, browser):
    sign_in(browser, server, "admin")
    browser.get(server["base"] + "/lang/ar")
    browser.set_window_size(360, 800)
    try:
        browser.get(server["base"] + "/organisation/directory")
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl"
        assert browser.find_element(By.TAG_NAME, "h1").text == "الدليل (LDAP)"
        screenshot(browser, "directory-ar-360")
        assert overflow(browser) <= 0, "the directory page is wider than 360 px in Arabic"
    finally:
        browser.set_window_size(1280, 900)
        browser.get(server["base"] + "/lang/en")
