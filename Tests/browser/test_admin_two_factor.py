"""Issue 3's browser story: an admin made with `vpsctl admin create` signs in, is sent to
enrolment, reads the secret (no scanning), confirms a code, signs out, signs in with a
TOTP code, then with a recovery code — which then no longer works."""
import os
import re

from selenium.webdriver.common.by import By

from portal import click_and_wait, fill, sign_out, submit, TotpCodes, unique_email, vpsctl

PASSWORD = "an admin password 123"


def sign_in(browser, base_url, email):
    browser.get(base_url + "/login")
    fill(browser, email=email, password=PASSWORD)
    submit(browser)


def test_admin_enrols_and_signs_in_with_totp_and_recovery_code(browser, base_url, screenshot_dir, console_errors):
    email = unique_email("admin")
    output = vpsctl("admin", "create", "--email", email, "--name", "Browser Admin", stdin=PASSWORD + "\n")
    cli_secret = re.search(r"TOTP secret: ([A-Z2-7]+)", output).group(1)
    assert "otpauth://totp/" in output

    sign_in(browser, base_url, email)
    assert browser.current_url.endswith("/account/2fa"), browser.current_url
    assert "must use two-factor" in browser.page_source
    assert browser.find_element(By.CSS_SELECTOR, ".qr-wrap svg").is_displayed()
    page_secret = browser.find_element(By.ID, "totp-secret").text.replace(" ", "")
    assert page_secret == cli_secret
    totp_codes = TotpCodes(page_secret)
    browser.save_screenshot(os.path.join(screenshot_dir, "enrol-2fa.png"))

    # Staff cannot go anywhere else before enrolling.
    browser.get(base_url + "/admin/audit")
    assert browser.current_url.endswith("/account/2fa")

    fill(browser, code=totp_codes.next())
    submit(browser)
    codes = [element.text for element in browser.find_elements(By.CSS_SELECTOR, "#recovery-codes code")]
    assert len(codes) == 10
    browser.save_screenshot(os.path.join(screenshot_dir, "recovery-codes.png"))
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "I have saved them — continue"))
    assert browser.current_url.endswith("/admin")
    sign_out(browser)
    assert browser.current_url.endswith("/login")

    # TOTP: a code for a later step than the enrolment's is new and within the window.
    sign_in(browser, base_url, email)
    assert browser.current_url.endswith("/login/2fa")
    fill(browser, code=totp_codes.next())
    submit(browser)
    assert browser.current_url.endswith("/admin"), browser.current_url
    assert "Welcome, Browser Admin" in browser.page_source
    sign_out(browser)

    # A recovery code signs in once.
    sign_in(browser, base_url, email)
    fill(browser, code=codes[0])
    submit(browser)
    assert browser.current_url.endswith("/admin"), browser.current_url
    sign_out(browser)
    assert console_errors(browser) == []

    # The same recovery code again: refused (a 403 page, so the console logs that one response).
    sign_in(browser, base_url, email)
    fill(browser, code=codes[0])
    submit(browser)
    assert browser.current_url.endswith("/login/2fa")
    assert "not right" in browser.find_element(By.CSS_SELECTOR, ".alert-error").text
    browser.save_screenshot(os.path.join(screenshot_dir, "recovery-code-reused.png"))
    assert all("/login/2fa" in entry["message"] and "403" in entry["message"] for entry in console_errors(browser))
