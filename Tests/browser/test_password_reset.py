"""Forgotten password, as a customer lives it: the link on /login, the form, the email (read from
the stack's mail directory), the link, the new password twice, and signing in with it."""
import os
import re

from selenium.webdriver.common.by import By

from portal import click_and_wait, fill, read_mail, submit, unique_email, vpsctl

OLD_PASSWORD = "the old passphrase 1"
NEW_PASSWORD = "a fresh passphrase 2"


def test_forgot_password_story(browser, base_url, screenshot_dir, console_errors):
    email = unique_email("forgot")
    vpsctl("customer", "create", "--email", email, "--name", "Forgetful Fay", stdin=OLD_PASSWORD + "\n")

    browser.delete_all_cookies()
    browser.get(f"{base_url}/login")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Forgot your password?"))
    assert browser.current_url.endswith("/password/forgot")
    fill(browser, email=email)
    submit(browser)
    notice = browser.find_element(By.ID, "reset-notice").text
    assert "If an account uses that address" in notice
    browser.save_screenshot(os.path.join(screenshot_dir, "password_forgot_sent.png"))

    # An unknown address reads exactly the same.
    fill(browser, email=unique_email("nobody"))
    submit(browser)
    assert browser.find_element(By.ID, "reset-notice").text == notice

    text = read_mail(email, "password.reset:")
    link = re.search(r"(\S+/password/reset\?token=[A-Za-z0-9_-]+)", text).group(1)
    path = link[link.index("/password/reset"):]
    browser.get(base_url + path)
    fill(browser, password=NEW_PASSWORD, password_confirmation="something else entirely")
    submit(browser)
    assert "does not match" in browser.find_element(By.ID, "confirmation-error").text
    fill(browser, password=NEW_PASSWORD, password_confirmation=NEW_PASSWORD)
    browser.save_screenshot(os.path.join(screenshot_dir, "password_reset_form.png"))
    submit(browser)
    assert "Your new password is set" in browser.find_element(By.ID, "reset-done").text
    browser.save_screenshot(os.path.join(screenshot_dir, "password_reset_done.png"))

    # The link works once.
    browser.get(base_url + path)
    fill(browser, password=NEW_PASSWORD, password_confirmation=NEW_PASSWORD)
    submit(browser)
    assert "already been used" in browser.find_element(By.ID, "token-error").text

    browser.get(f"{base_url}/login")
    fill(browser, email=email, password=NEW_PASSWORD)
    submit(browser)
    assert browser.current_url.rstrip("/").endswith("/my"), browser.current_url
