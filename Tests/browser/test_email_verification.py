"""Issue 16: a new customer registers ("check your email", not signed in), may sign in and look
around but not order, opens the link from the emailed .eml, gets the welcome email, and orders.
Registering the same address again answers the same page and mails its owner instead."""
import os
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from portal import click_and_wait, fill, read_mail, submit, unique_email, verification_path

PASSWORD = "a verified customer password"


def order_starter(browser, base_url, hostname):
    browser.get(base_url + "/catalog")
    card = browser.find_element(By.XPATH, "//article[h3[normalize-space()='VPS Starter']]")
    Select(card.find_element(By.NAME, "billing_cycle")).select_by_value("monthly")
    card.find_element(By.NAME, "hostname").send_keys(hostname)
    click_and_wait(browser, card.find_element(By.CSS_SELECTOR, "button[type=submit]"))


def test_register_confirm_then_order(browser, base_url, screenshot_dir):
    email = unique_email("verify")
    browser.get(base_url + "/register")
    fill(browser, name="Vera Verified", email=email, password=PASSWORD)
    submit(browser)
    notice = browser.find_element(By.ID, "register-notice").text
    assert "Check your email" in notice
    browser.save_screenshot(os.path.join(screenshot_dir, "register_check_email.png"))
    assert not browser.get_cookie("vps_session"), "registering must not sign in"

    # The same address again: the same page, and its owner is told instead.
    browser.get(base_url + "/register")
    fill(browser, name="Someone Else", email=email.upper(), password="another long passphrase")
    submit(browser)
    assert browser.find_element(By.ID, "register-notice").text == notice
    assert "tried to create a new account" in read_mail(email, "account.register_attempt:")

    # Signed in but unconfirmed: the catalog says so, and ordering is refused.
    browser.get(base_url + "/login")
    fill(browser, email=email, password=PASSWORD)
    submit(browser)
    browser.get(base_url + "/catalog")
    assert browser.find_element(By.ID, "verify-banner").is_displayed()
    order_starter(browser, base_url, "early1.example.com")
    assert "Confirm your email address first" in browser.find_element(By.ID, "catalog-alert").text
    assert "/my/orders/" not in browser.current_url
    browser.save_screenshot(os.path.join(screenshot_dir, "order_refused_unverified.png"))

    # The link from the .eml confirms once; the welcome email follows.
    path = verification_path(email)
    browser.get(base_url + path)
    assert "confirmed" in browser.find_element(By.ID, "verify-done").text
    assert "account is ready" in read_mail(email, "account.welcome:")
    browser.get(base_url + path)
    assert "already been used" in browser.find_element(By.ID, "verify-error").text

    order_starter(browser, base_url, "verified1.example.com")
    assert re.search(r"/my/orders/(\d+)", browser.current_url), browser.current_url
    browser.get(base_url + "/account")
    assert not browser.find_elements(By.ID, "verify-banner")
