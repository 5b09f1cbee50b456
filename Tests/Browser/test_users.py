"""An administrator keeps the users through the pages of a real browser: adds a user, changes their
role and deactivates them; the deactivated user's open session ends and the sign-in page refuses
them, in the page's language."""

import uuid

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import screenshot
from test_roles import sign_in, submit_and_wait

# What the person reads, in each language of the journey.
WORDS = {
    "en": {
        "viewer": "viewer", "auditor": "auditor", "active": "Active", "inactive": "Deactivated",
        "role_changed": "The role is changed.",
        "deactivated": "The user is deactivated: their sessions have ended and their API tokens are revoked.",
        "refused": "the username or the password is wrong", "sign_in": "Sign in", "role": "Role",
    },
    "ar": {
        "viewer": "مطّلع", "auditor": "مدقق", "active": "نشط", "inactive": "معطَّل",
        "role_changed": "تم تغيير الدور.",
        "deactivated": "تم تعطيل المستخدم: أُنهيت جلساته وأُلغيت رموز الواجهة البرمجية الخاصة به.",
        "refused": "اسم المستخدم أو كلمة المرور غير صحيح", "sign_in": "تسجيل الدخول", "role": "الدور",
    },
}


def click_and_wait(driver, element):
    """Clicks a link or a form's button and waits until the next page has loaded."""
    old = driver.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(driver, 30).until(lambda d: old.id != d.find_element(By.TAG_NAME, "html").id)


def sign_in_as(driver, server, username, password):
    """Types a username and password into the sign-in page, as its owner would."""
    driver.get(server["base"] + "/login")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password)
    submit_and_wait(driver, "main form button[type=submit]")


def main_text(driver):
    return driver.find_element(By.TAG_NAME, "main").text


def field(driver, label):
    """The value a `dl.fields` shows after the term `label`."""
    return driver.find_element(
        By.XPATH, f"//dl[contains(@class,'fields')]/dt[normalize-space()='{label}']/following-sibling::dd[1]").text


@pytest.mark.parametrize("language", ["en", "ar"])
def test_administrator_changes_a_role_and_deactivates_a_user(server, browser, second_browser, language):
    words = WORDS[language]
    # A user of this test's own, so that no other test sharing the server loses one.
    username = f"clerk-{language}-{uuid.uuid4().hex[:6]}"
    password = f"ballot-{uuid.uuid4().hex[:12]}"
    name = {"en": "Polling clerk (browser test)", "ar": "كاتب مركز الاقتراع (اختبار المتصفح)"}[language]

    sign_in(browser, server, "admin")
    browser.get(server["base"] + f"/lang/{language}")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "nav.sidenav a[href='/users']"))
    assert browser.current_url.endswith("/users")
    browser.find_element(By.ID, "username").send_keys(username)
    browser.find_element(By.ID, "display_name").send_keys(name)
    Select(browser.find_element(By.ID, "role")).select_by_visible_text(words["viewer"])
    browser.find_element(By.ID, "password").send_keys(password)
    submit_and_wait(browser)
    row = browser.find_element(By.XPATH, f"//tbody/tr[td/a[normalize-space()='{username}']]")
    assert name in row.text and words["viewer"] in row.text and words["active"] in row.text, row.text

    # The new user signs in on their own machine, in the same language.
    second_browser.get(server["base"] + f"/lang/{language}")
    sign_in_as(second_browser, server, username, password)
    assert "/login" not in second_browser.current_url, main_text(second_browser)
    assert name in second_browser.find_element(By.CSS_SELECTOR, "header .who").text

    # The administrator opens the user from the list and gives them another role.
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, username))
    assert browser.current_url.endswith(f"/users/{username}")
    assert field(browser, words["role"]) == words["viewer"]
    role_form = browser.find_element(By.CSS_SELECTOR, f"form[action='/users/{username}/role']")
    Select(role_form.find_element(By.ID, "role")).select_by_visible_text(words["auditor"])
    click_and_wait(browser, role_form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert browser.current_url.endswith(f"/users/{username}?done=role")
    assert browser.find_element(By.CSS_SELECTOR, "main .notice[role=status]").text == words["role_changed"]
    assert field(browser, words["role"]) == words["auditor"]
    selected = Select(browser.find_element(By.CSS_SELECTOR, f"form[action='/users/{username}/role'] select"))
    assert selected.first_selected_option.text == words["auditor"]

    # Then deactivates them with the button at the foot of the page.
    deactivate = browser.find_element(By.CSS_SELECTOR, f"form[action='/users/{username}/deactivate'] button")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", deactivate)
    click_and_wait(browser, deactivate)
    assert browser.current_url.endswith(f"/users/{username}?done=deactivate")
    assert browser.find_element(By.CSS_SELECTOR, "main .notice[role=status]").text == words["deactivated"]
    assert browser.find_element(By.CSS_SELECTOR, "dl.fields dd span[class^=state-]").text == words["inactive"]
    assert field(browser, words["role"]) == words["auditor"], "deactivating keeps the role"
    assert browser.find_elements(By.CSS_SELECTOR, f"form[action='/users/{username}/reactivate'] button")
    assert not browser.find_elements(By.CSS_SELECTOR, f"form[action='/users/{username}/deactivate']")
    screenshot(browser, f"admin-user-deactivated-{language}")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "nav.sidenav a[href='/users']"))
    row = browser.find_element(By.XPATH, f"//tbody/tr[td/a[normalize-space()='{username}']]")
    assert words["auditor"] in row.text and words["inactive"] in row.text, row.text

    # The session the user had open has ended: their next page is the sign-in page.
    second_browser.get(server["base"] + "/")
    WebDriverWait(second_browser, 10).until(expected_conditions.url_contains("/login"))

    # The administrator signs out; the user tries again on this machine and is refused.
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/logout'] button"))
    assert "/login" in browser.current_url
    sign_in_as(browser, server, username, password)
    assert "/login" in browser.current_url
    html = browser.find_element(By.TAG_NAME, "html")
    assert html.get_attribute("lang") == language
    assert browser.find_element(By.TAG_NAME, "h1").text == words["sign_in"]
    refusal = browser.find_element(By.CSS_SELECTOR, "main .error[role=alert]").text
    assert words["refused"] in refusal, refusal
    assert not browser.find_elements(By.CSS_SELECTOR, "nav.sidenav"), "a refused person sees no navigation"
    screenshot(browser, f"deactivated-user-refused-{language}")
