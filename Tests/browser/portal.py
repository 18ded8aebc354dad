"""Helpers for browser tests: run vpsctl against the test stack, compute TOTP codes,
fill forms."""
import base64
import hashlib
import hmac
import os
import re
import struct
import subprocess
import time
import uuid

from selenium.webdriver.common.by import By
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import Select, WebDriverWait


def vpsctl(*args, stdin=""):
    """Runs the release vpsctl with the test stack's settings; returns stdout."""
    root = os.environ["VPS_TEST_ROOT"]
    env = dict(os.environ, VPS_VAR=os.environ["VPS_TEST_VAR"])
    result = subprocess.run([os.path.join(root, ".build/release/vpsctl"), *args], input=stdin, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def unique_email(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.test"


def totp(secret_base32, step_offset=0, at=None):
    """RFC 6238 code (SHA-1, 6 digits, 30 s) for the current step plus step_offset."""
    key = base64.b32decode(secret_base32.replace(" ", "").upper() + "=" * (-len(secret_base32.replace(" ", "")) % 8))
    step = int((at or time.time()) // 30) + step_offset
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def seconds_left_in_step(at=None):
    return 30 - (at or time.time()) % 30


class TotpCodes:
    """Hands out one account's codes so that each is for a later time step than the last one
    handed out (the portal accepts each step once, and only steps after the last accepted one)
    and stays valid for at least `margin` seconds after it is handed out, whatever the speed of
    the machine. The portal accepts the previous, current and next step: a code for step s is
    valid until step s + 1 ends."""

    def __init__(self, secret, margin=10):
        self.secret = secret
        self.margin = margin
        self.last_step = None

    def next(self):
        while True:
            now = time.time()
            step = int(now // 30)
            for candidate in (step - 1, step, step + 1):
                if self.last_step is not None and candidate <= self.last_step:
                    continue
                valid_for = (candidate + 1 - step) * 30 + seconds_left_in_step(now)
                if valid_for >= self.margin:
                    self.last_step = candidate
                    return totp(self.secret, at=candidate * 30 + 1)
            # Every usable step is spent: wait for the next one rather than reuse a step.
            time.sleep(seconds_left_in_step(now) + 0.05)


def fill(driver, **fields):
    for name, value in fields.items():
        element = driver.find_element(By.NAME, name)
        element.clear()
        element.send_keys(value)


def click_and_wait(driver, element):
    """Clicks and waits until the browser has left the current page and loaded the next one.

    The old page is marked with a token; the wait ends when a completely loaded document
    without the token is in place. Chrome may answer a query that lands mid-navigation with
    an error other than "stale element" ("Node with given id does not belong to the
    document"), so any WebDriver error during the wait means "not there yet"."""
    token = uuid.uuid4().hex
    driver.execute_script("document.documentElement.dataset.leftPage = arguments[0]", token)
    element.click()

    def next_page_loaded(d):
        try:
            return d.execute_script(
                "return document.readyState === 'complete' && document.documentElement.dataset.leftPage !== arguments[0]",
                token)
        except WebDriverException:
            return False

    WebDriverWait(driver, 15).until(next_page_loaded)


def submit(driver, form_selector="main form"):
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, form_selector + " button[type=submit]"))


def sign_out(driver):
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/logout'] button"))


def alert_text(driver):
    """The page's error and notice banners, for failure messages."""
    return " | ".join(element.text for element in driver.find_elements(By.CSS_SELECTOR, ".alert, .alert-error"))


def refresh_until(driver, check, timeout=45):
    """Reloads the page every half second until check() is true; False when timeout passes first."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if check():
            return True
        time.sleep(0.5)
        driver.refresh()
    return False


def register_and_confirm(driver, base_url, name, email, password):
    """Registers a customer, opens the confirmation link of the emailed .eml and signs in (registering
    signs nobody in: a taken address must get the very same answer)."""
    driver.get(base_url + "/register")
    fill(driver, name=name, email=email, password=password)
    submit(driver)
    assert "Check your email" in driver.find_element(By.ID, "register-notice").text, alert_text(driver)
    driver.get(base_url + verification_path(email))
    assert "confirmed" in driver.find_element(By.ID, "verify-done").text
    driver.get(base_url + "/login")
    fill(driver, email=email, password=password)
    submit(driver)


def verification_path(email):
    """The path of the newest confirmation link emailed to email."""
    text = read_mail(email, "account.verify_email:")
    link = re.search(r"(\S+/verify-email\?token=[A-Za-z0-9_-]+)", text).group(1)
    return link[link.index("/verify-email"):]


def register_and_order(driver, base_url, name, email, password, hostname, product="VPS Starter", cycle="monthly"):
    """Registers a customer, confirms the address and orders one server from the catalog; returns the order's id."""
    register_and_confirm(driver, base_url, name, email, password)
    driver.get(base_url + "/catalog")
    card = driver.find_element(By.XPATH, f"//article[h3[normalize-space()='{product}']]")
    Select(card.find_element(By.NAME, "billing_cycle")).select_by_value(cycle)
    card.find_element(By.NAME, "hostname").send_keys(hostname)
    click_and_wait(driver, card.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    placed = re.search(r"/my/orders/(\d+)", driver.current_url)
    assert placed, driver.current_url
    return int(placed.group(1))


def read_mail(recipient, event_prefix, timeout=30):
    """Text of the newest .eml the test stack's job runner wrote for recipient whose event key
    starts with event_prefix (files are named after the event key, ':' as '_')."""
    import email
    from email import policy
    directory = os.environ.get("VPS_MAIL_DIR") or os.path.join(os.environ["VPS_TEST_VAR"], "mail")
    deadline = time.time() + timeout
    while time.time() < deadline:
        found = []
        if os.path.isdir(directory):
            for name in os.listdir(directory):
                if not name.startswith(event_prefix.replace(":", "_")) or not name.endswith(".eml"):
                    continue
                path = os.path.join(directory, name)
                with open(path, "rb") as handle:
                    message = email.message_from_binary_file(handle, policy=policy.default)
                if recipient.lower() in str(message["To"]).lower():
                    found.append((os.path.getmtime(path), message.get_body(preferencelist=("plain",)).get_content()))
        if found:
            return max(found)[1]
        time.sleep(0.3)
    raise AssertionError(f"no {event_prefix} mail for {recipient} in {directory} within {timeout} s")
