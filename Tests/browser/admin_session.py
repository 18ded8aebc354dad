"""A signed-in, enrolled admin in the browser, for tests that act as staff."""
import re

from selenium.webdriver.common.by import By

from portal import TotpCodes, alert_text, click_and_wait, fill, submit, unique_email, vpsctl

ADMIN_PASSWORD = "an admin password 123"


def enrolled_admin(browser, base_url, name="Story Admin"):
    """Creates an admin with vpsctl, signs in and enrols; the enrolment takes the first code of
    the admin's TotpCodes, so later codes from it are never refused as replays.
    Returns (email, codes)."""
    email = unique_email("admin")
    output = vpsctl("admin", "create", "--email", email, "--name", name, stdin=ADMIN_PASSWORD + "\n")
    codes = TotpCodes(re.search(r"TOTP secret: ([A-Z2-7]+)", output).group(1))
    browser.get(base_url + "/login")
    fill(browser, email=email, password=ADMIN_PASSWORD)
    submit(browser)
    assert browser.current_url.endswith("/account/2fa"), browser.current_url
    fill(browser, code=codes.next())
    submit(browser)
    saved = browser.find_elements(By.LINK_TEXT, "I have saved them — continue")
    assert saved, f"enrolment did not show the recovery codes: {browser.current_url} {alert_text(browser)}"
    click_and_wait(browser, saved[0])
    return email, codes
