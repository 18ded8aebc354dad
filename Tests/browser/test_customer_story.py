"""Issue 6's browser story: a customer registers, orders a server from the catalog, an admin
marks it paid (2FA), the customer sees it become active on "my servers", reveals its
credentials, requests a reboot and watches it finish. Screenshots of each page. (Upgrading the
server is in the billing story.)"""
import os
import re
import uuid

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from selenium.webdriver.support.ui import Select

from admin_session import enrolled_admin
from portal import click_and_wait, fill, refresh_until, register_and_confirm, sign_out, submit

PASSWORD = "a customer password 42"


def shot(browser, directory, name):
    browser.save_screenshot(os.path.join(directory, f"customer-{name}.png"))


def test_customer_orders_and_operates_a_server(browser, base_url, screenshot_dir, console_errors):
    email = f"shopper-{uuid.uuid4().hex[:8]}@example.test"
    register_and_confirm(browser, base_url, "Shopper", email, PASSWORD)
    assert browser.current_url.endswith("/my"), browser.current_url
    shot(browser, screenshot_dir, "1-overview")

    browser.get(base_url + "/catalog")
    card = browser.find_element(By.XPATH, "//article[h3[normalize-space()='VPS Starter']]")
    Select(card.find_element(By.NAME, "billing_cycle")).select_by_value("monthly")
    card.find_element(By.NAME, "hostname").send_keys("shop1.example.com")
    Select(card.find_element(By.NAME, "operating_system")).select_by_value("debian-12")
    shot(browser, screenshot_dir, "2-catalog")
    click_and_wait(browser, card.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    order_id = int(re.search(r"/my/orders/(\d+)", browser.current_url).group(1))
    assert "your order is placed" in browser.find_element(By.ID, "order-notice").text
    shot(browser, screenshot_dir, "3-order")
    browser.get(base_url + "/my/orders")
    assert f"#{order_id}" in browser.page_source
    sign_out(browser)

    _, codes = enrolled_admin(browser, base_url, name="Billing Admin")
    browser.get(f"{base_url}/admin/orders/{order_id}")
    browser.find_element(By.ID, "pay-code").send_keys(codes.next())
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#pay-form button[type=submit]"))
    assert "Payment recorded" in browser.page_source
    sign_out(browser)

    browser.get(base_url + "/login")
    fill(browser, email=email, password=PASSWORD)
    submit(browser)
    browser.get(base_url + "/my/servers")
    assert refresh_until(browser, lambda: "shop1.example.com" in browser.page_source and ">active<" in browser.page_source), "never active"
    shot(browser, screenshot_dir, "4-my-servers")

    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "shop1.example.com"))
    assert browser.find_element(By.ID, "server-status").text == "active"
    browser.find_element(By.ID, "confirm-password").send_keys(PASSWORD)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#reveal-form button[type=submit]"))
    assert len(browser.find_element(By.ID, "root-password").text) >= 16
    shot(browser, screenshot_dir, "5-credentials")

    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#reboot-form button[type=submit]"))
    assert "Reboot requested" in browser.page_source
    shot(browser, screenshot_dir, "6-reboot-queued")
    # The page refreshes itself while the job runs (no JavaScript needed); a lookup may land
    # in the middle of a reload, so the wait reads one loaded page for both facts at once.
    def reboot_shown(d):
        try:
            return (d.execute_script("return document.readyState") == "complete"
                    and "succeeded" in d.find_element(By.ID, "server-job").text
                    and "Rebooted" in d.find_element(By.ID, "server-history").text)
        except WebDriverException:  # missing, stale, or Chrome's mid-navigation node errors
            return False

    WebDriverWait(browser, 60, poll_frequency=0.5).until(
        reboot_shown, message="the server page never showed the reboot job as succeeded with 'Rebooted' in its history")
    shot(browser, screenshot_dir, "7-reboot-done")

    assert [e for e in console_errors(browser) if "favicon" not in e["message"]] == []
