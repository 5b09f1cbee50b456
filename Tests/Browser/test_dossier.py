"""The audit dossier in a real browser.

A dossier is exported with the real `eqms` binary from a demo database (and downloaded from the
web page), opened from file:// in Debian's headless Chromium — the English and Arabic index and a
requirement page, screenshots kept as artefacts — every internal link is followed, the OSCAL is
validated with compliance-trestle, and a changed byte makes `eqms dossier verify` fail."""

import datetime
import html.parser
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

import pytest
from selenium.webdriver.common.by import By

from conftest import REPOSITORY, eqms_binary, free_port, screenshot

STANDARDS = ["iso-9001-2015", "iso-54001-2019"]


def eqms(*arguments, check=True):
    environment = dict(os.environ, EQMS_STANDARDS=str(REPOSITORY / "Standards"), EQMS_ACTOR="browser-tests")
    result = subprocess.run([eqms_binary(), *map(str, arguments)], capture_output=True, text=True, env=environment)
    if check and result.returncode != 0:
        raise AssertionError(f"eqms {' '.join(map(str, arguments))} exited {result.returncode}:\n{result.stderr}")
    return result


@pytest.fixture(scope="module")
def dossier_server():
    """`eqms serve --demo` with a dossier signing key, over its own database."""
    folder = pathlib.Path(tempfile.mkdtemp(prefix="eqms-dossier-browser-"))
    keys = folder / "keys"
    keys.mkdir()
    eqms("keys", "generate", "--out", keys)
    port = free_port()
    environment = dict(os.environ, EQMS_STANDARDS=str(REPOSITORY / "Standards"), EQMS_ACTOR="browser-tests",
                       EQMS_DOSSIER_KEY=str(keys / "dossier-signing.key"))
    log = open(folder / "serve.log", "w")
    process = subprocess.Popen(
        [eqms_binary(), "serve", "--demo", "--db", str(folder / "eqms.sqlite"), "--port", str(port)],
        cwd=folder, env=environment, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            with urllib.request.urlopen(base + "/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.time() > deadline:
            log.close()
            raise RuntimeError("eqms serve did not start:\n" + (folder / "serve.log").read_text())
        time.sleep(0.3)
    yield {"base": base, "folder": folder, "keys": keys}
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def dossier(dossier_server):
    folder = dossier_server["folder"]
    out = folder / "dossier"
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    arguments = ["dossier", "export", "--db", folder / "eqms.sqlite", "--as-of", today, "--out", out,
                 "--key", dossier_server["keys"] / "dossier-signing.key", "--pdf"]
    for standard in STANDARDS:
        arguments += ["--standard", standard]
    eqms(*arguments)
    return out


def file_url(path):
    return pathlib.Path(path).resolve().as_uri()


def test_english_and_arabic_pages_render_offline(dossier, browser):
    browser.get(file_url(dossier / "en" / "index.html"))
    assert "Independent Election Commission" in browser.find_element(By.TAG_NAME, "h1").text
    # The stylesheet loaded from the dossier itself (the page allows nothing else).
    background = browser.execute_script(
        "return getComputedStyle(document.querySelector('header.top')).backgroundColor")
    assert background == "rgb(243, 246, 249)", background
    assert browser.find_elements(By.CSS_SELECTOR, "figure.chart svg rect.satisfied, figure.chart svg rect.partial")
    assert browser.find_element(By.ID, "matrix")
    assert not browser.find_elements(By.TAG_NAME, "script")
    screenshot(browser, "dossier-en-index")

    browser.get(file_url(dossier / "ar" / "index.html"))
    assert browser.execute_script("return document.documentElement.dir") == "rtl"
    assert browser.execute_script("return getComputedStyle(document.body).direction") == "rtl"
    assert "الهيئة المستقلة للانتخاب" in browser.find_element(By.TAG_NAME, "h1").text
    screenshot(browser, "dossier-ar-index")

    browser.get(file_url(dossier / "en" / "requirements" / "iso-54001-2019" / "EP-04.html"))
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "EP-04" in main
    assert "Polling-day observation minutes" in main
    screenshot(browser, "dossier-en-requirement")

    browser.get(file_url(dossier / "index.html"))
    assert len(browser.find_elements(By.CSS_SELECTOR, "section.cover")) == 2
    screenshot(browser, "dossier-cover")


class Links(html.parser.HTMLParser):
    """Collects every href and src of a page, and the ids it defines."""

    def __init__(self):
        super().__init__()
        self.targets = []
        self.ids = set()

    def handle_starttag(self, tag, attributes):
        for name, value in attributes:
            if name in ("href", "src") and value:
                self.targets.append(value)
            if name == "id" and value:
                self.ids.add(value)


def test_every_internal_link_resolves(dossier):
    pages = sorted(dossier.rglob("*.html"))
    assert len(pages) > 200
    parsed = {}
    for page in pages:
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        parsed[page.resolve()] = parser
    checked = 0
    broken = []
    for page, parser in parsed.items():
        for target in parser.targets:
            split = urllib.parse.urlsplit(target)
            assert split.scheme in ("", "http", "https"), f"{page}: {target}"
            if split.scheme:  # an evidence link to the web, never a resource of the page
                continue
            resolved = (page.parent / urllib.parse.unquote(split.path)).resolve() if split.path else page
            if not str(resolved).startswith(str(dossier.resolve())) or not resolved.is_file():
                broken.append(f"{page.relative_to(dossier.resolve())}: {target}")
                continue
            if split.fragment and resolved.suffix == ".html":
                ids = parsed[resolved].ids
                if split.fragment not in ids:
                    broken.append(f"{page.relative_to(dossier.resolve())}: {target} (no such anchor)")
            checked += 1
    assert not broken, "\n".join(broken[:40])
    assert checked > 1000


def test_oscal_validates_with_trestle(dossier):
    result = subprocess.run(
        [sys.executable, str(REPOSITORY / "scripts" / "validate-oscal.py"),
         str(dossier / "oscal" / "assessment-results.json")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "findings" in result.stdout


def test_pdf_is_printed_beside_the_dossier(dossier):
    for language in ("en", "ar"):
        pdf = dossier.parent / f"dossier.{language}.pdf"
        assert pdf.read_bytes()[:5] == b"%PDF-"


def test_a_changed_byte_makes_verify_fail(dossier, dossier_server, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(dossier, copy)
    public = dossier_server["keys"] / "dossier-signing.pub"
    assert eqms("dossier", "verify", copy, "--key", public).returncode == 0
    for relative in ["ar/index.html", "dossier.xml", sorted((copy / "files").iterdir())[0].relative_to(copy)]:
        path = copy / relative
        original = path.read_bytes()
        changed = bytearray(original)
        changed[len(changed) // 2] ^= 1
        path.write_bytes(bytes(changed))
        result = eqms("dossier", "verify", copy, "--key", public, check=False)
        assert result.returncode == 1
        assert str(relative) in result.stdout, result.stdout
        path.write_bytes(original)


def test_auditor_downloads_a_signed_zip_from_the_web_page(dossier_server, browser, tmp_path):
    from test_roles import sign_in  # the demo accounts and their passwords

    sign_in(browser, dossier_server, "auditor")
    browser.get(dossier_server["base"] + "/dossier")
    assert browser.find_element(By.CSS_SELECTOR, "main h1").text
    screenshot(browser, "dossier-web-page")
    csrf = browser.find_element(By.NAME, "_csrf").get_attribute("value")
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    form = urllib.parse.urlencode(
        [("_csrf", csrf), ("standards[]", "iso-54001-2019"), ("lang", "both"),
         ("as_of", datetime.datetime.now(datetime.timezone.utc).date().isoformat())]).encode()
    request = urllib.request.Request(
        dossier_server["base"] + "/dossier", data=form,
        headers={"Cookie": cookies, "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=120) as response:
        assert response.headers["Content-Type"] == "application/zip"
        archive = tmp_path / "download.zip"
        archive.write_bytes(response.read())
    public = dossier_server["keys"] / "dossier-signing.pub"
    assert eqms("dossier", "verify", archive, "--key", public).returncode == 0
