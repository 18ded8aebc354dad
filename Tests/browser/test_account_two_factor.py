"""Issue 13's browser story on the account page: a customer turns two-factor sign-in on, gets
new recovery codes with a current code (the old ones stop working), and turns it off again
with a recovery code, as someone who lost their phone would."""
import os

from selenium.webdriver.common.by import By

from portal import TotpCodes, alert_text, click_and_wait, fill, submit, unique_email, vpsctl

PASSWORD = "a customer password 77"


def shown_codes(browser):
    return [element.text for element in browser.find_elements(By.CSS_SELECTOR, "#recovery-codes code")]


def test_customer_replaces_recovery_codes_and_turns_two_factor_off(browser, base_url, screenshot_dir, console_errors):
    email = unique_email("customer-2fa")
    vpsctl("customer", "create", "--email", email, "--name", "Two Factor", stdin=PASSWORD + "\n")
    browser.get(base_url + "/login")
    fill(browser, email=email, password=PASSWORD)
    submit(browser)
    assert browser.current_url.endswith("/my"), browser.current_url

    # Turn it on from the account page.
    browser.get(base_url + "/my/account")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Set up two-factor sign-in"))
    codes = TotpCodes(browser.find_element(By.ID, "totp-secret").text.replace(" ", ""))
    fill(browser, code=codes.next())
    submit(browser)
    first = shown_codes(browser)
    assert len(first) == 10, alert_text(browser)

    # New recovery codes need a current code; the page shows them once and says the old ones are gone.
    browser.get(base_url + "/my/account")
    assert "10 recovery codes left" in browser.page_source
    browser.find_element(By.ID, "recovery-codes-code").send_keys(codes.next())
    submit(browser, "#recovery-codes-form")
    second = shown_codes(browser)
    assert len(second) == 10 and not set(second) & set(first), alert_text(browser)
    assert "no longer work" in browser.page_source
    browser.save_screenshot(os.path.join(screenshot_dir, "account-new-recovery-codes.png"))

    # An old code no longer turns it off (the card says why); a new one does.
    browser.get(base_url + "/my/account")
    browser.find_element(By.ID, "disable-two-factor-code").send_keys(first[0])
    submit(browser, "#disable-two-factor-form")
    assert "not right" in browser.find_element(By.ID, "two-factor-error").text
    browser.find_element(By.ID, "disable-two-factor-code").send_keys(second[0])
    submit(browser, "#disable-two-factor-form")
    assert browser.current_url.endswith("/my/account?saved=two-factor-off"), browser.current_url
    assert "Two-factor sign-in is off" in alert_text(browser)
    assert browser.find_element(By.LINK_TEXT, "Set up two-factor sign-in").is_displayed()
    browser.save_screenshot(os.path.join(screenshot_dir, "account-two-factor-off.png"))
    # The one refused attempt is the only console error (its 403 answer).
    assert all("/account/2fa/disable" in entry["message"] and "403" in entry["message"] for entry in console_errors(browser))
