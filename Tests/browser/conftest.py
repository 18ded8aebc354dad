"""Browser fixtures: headless Debian Chromium driven by selenium through the system
chromedriver. Nothing is ever downloaded (SE_OFFLINE=true, explicit driver path).

Environment (set by scripts/test.sh); a missing variable fails the test, never skips it:
  VPS_TEST_BASE_URL, VPS_TEST_VAR
Screenshots go to $VPS_TEST_VAR/../screenshots/ (var/screenshots/ under make test).
"""
import os

import pytest

os.environ["SE_OFFLINE"] = "true"  # before selenium looks for a driver

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def require_env(name):
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"environment variable {name} is not set; run the suite with `make test`",
                    pytrace=False)
    return value


@pytest.fixture(scope="session")
def base_url():
    """Base URL of the running portal, without a trailing slash."""
    return require_env("VPS_TEST_BASE_URL").rstrip("/")


@pytest.fixture(scope="session")
def screenshot_dir():
    path = os.path.join(os.path.dirname(os.path.abspath(require_env("VPS_TEST_VAR"))), "screenshots")
    os.makedirs(path, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def _driver():
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            pytest.fail(f"{path} missing: run scripts/install-deps.sh --test", pytrace=False)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--disable-extensions", "--no-first-run",
                "--disable-background-networking", "--disable-component-update"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=CHROMEDRIVER)
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture
def browser(_driver):
    """A headless Chromium (one per session, shared by tests): cookies and the console log
    are cleared before each test."""
    _driver.delete_all_cookies()
    _driver.get_log("browser")  # drain messages left by earlier tests
    yield _driver
    _driver.delete_all_cookies()


@pytest.fixture
def console_errors():
    """console_errors(driver) -> SEVERE console messages since the last call (a missing
    favicon is not counted)."""
    def collect(driver, ignore=("favicon.ico",)):
        return [entry for entry in driver.get_log("browser")
                if entry.get("level") == "SEVERE"
                and not any(s in entry.get("message", "") for s in ignore)]
    return collect
