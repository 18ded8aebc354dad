"""A signed-in, enrolled admin in the browser, for tests that act as staff."""
import re

from selenium.webdriver.common.by import By

from portal import click_and_wait, fill, submit, totp, unique_email, vpsctl

ADMIN_PASSWORD = "an admin password 123"


def enrolled_admin(browser, base_url, name="Story Admin"):
    """Creates an admin with vpsctl, signs in and enrols. Enrolment uses the previous time
    step's code, so the current and next step's codes stay free for two step-ups.
    Returns (email, secret)."""
    email = unique_email("admin")
    output = vpsctl("admin", "create", "--email", email, "--name", name, stdin=ADMIN_PASSWORD + "\n")
    secret = re.search(r"TOTP secret: ([A-Z2-7]+)", output).group(1)
    browser.get(base_url + "/login")
    fill(browser, email=email, password=ADMIN_PASSWORD)
    submit(browser)
    assert browser.current_url.endswith("/account/2fa"), browser.current_url
    fill(browser, code=totp(secret, step_offset=-1))
    submit(browser)
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "I have saved them — continue"))
    return email, secret
