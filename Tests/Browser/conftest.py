"""Fixtures of the browser tests: a real `eqms serve --demo` on a free port over a fresh database,
and Debian's Chromium driven through chromium-driver."""

import os
import pathlib
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

REPOSITORY = pathlib.Path(__file__).resolve().parents[2]
ARTEFACTS = pathlib.Path(os.environ.get("EQMS_ARTEFACTS", REPOSITORY / "artefacts" / "browser"))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def eqms_binary():
    for candidate in [os.environ.get("EQMS_BINARY"), REPOSITORY / ".build" / "debug" / "eqms"]:
        if candidate and pathlib.Path(candidate).exists():
            return str(candidate)
    raise RuntimeError("build eqms first (swift build --product eqms)")


@pytest.fixture(scope="session")
def server():
    folder = pathlib.Path(tempfile.mkdtemp(prefix="eqms-browser-"))
    port = free_port()
    environment = dict(os.environ, EQMS_STANDARDS=str(REPOSITORY / "Standards"), EQMS_ACTOR="browser-tests")
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
    yield {"base": base, "folder": folder}
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()
    shutil.rmtree(folder, ignore_errors=True)


def chrome():
    """A headless Chromium with its own download folder (`driver.downloads`)."""
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1000", "--lang=en-GB"]:
        options.add_argument(argument)
    downloads = tempfile.mkdtemp(prefix="eqms-downloads-")
    options.add_experimental_option("prefs", {"download.default_directory": downloads,
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    driver.downloads = downloads
    return driver


def close(driver):
    driver.quit()
    shutil.rmtree(driver.downloads, ignore_errors=True)


@pytest.fixture
def browser():
    driver = chrome()
    yield driver
    close(driver)


@pytest.fixture
def second_browser():
    """Another person's browser, on another machine: its own cookies and session."""
    driver = chrome()
    yield driver
    close(driver)


def screenshot(driver, name):
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTEFACTS / f"{name}.png"))
