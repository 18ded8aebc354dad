"""Issue 15's browser story: a customer orders a server and pays its invoice with the demo gateway —
"Pay now", the gateway's page, "Pay" — comes back to "Processing" or "Payment received", and watches
the server become active. No staff step anywhere."""
import os
import uuid

from selenium.webdriver.common.by import By

from portal import click_and_wait, refresh_until, register_and_order

PASSWORD = "a paying customer password 15"


def test_customer_pays_with_the_demo_gateway(browser, base_url, screenshot_dir, console_errors):
    email = f"payer-{uuid.uuid4().hex[:8]}@example.test"
    register_and_order(browser, base_url, "Paying Customer", email, PASSWORD, "paid1.example.com")

    browser.get(base_url + "/my/invoices")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#invoices a[href^='/my/invoices/']"))
    invoice_path = browser.current_url.split(base_url, 1)[1]
    click_and_wait(browser, browser.find_element(By.ID, "pay-demo"))
    assert "/pay/demo/cs_demo_" in browser.current_url, browser.current_url
    assert "9.99 EUR" in browser.find_element(By.ID, "demo-amount").text
    browser.save_screenshot(os.path.join(screenshot_dir, "payment-1-demo-page.png"))
    click_and_wait(browser, browser.find_element(By.ID, "demo-pay-button"))

    assert browser.current_url.split(base_url, 1)[1].startswith(invoice_path + "?checkout="), browser.current_url
    status = browser.find_element(By.ID, "checkout-status").text
    assert status.startswith("Processing") or status.startswith("Payment received"), status
    assert refresh_until(browser, lambda: "Payment received" in browser.page_source), "the payment was never confirmed"
    assert not browser.find_elements(By.ID, "pay-form"), "a paid invoice offers no payment"
    browser.save_screenshot(os.path.join(screenshot_dir, "payment-2-received.png"))

    browser.get(base_url + "/my/servers")
    assert refresh_until(browser, lambda: "paid1.example.com" in browser.page_source and ">active<" in browser.page_source), "never active"
    browser.save_screenshot(os.path.join(screenshot_dir, "payment-3-server-active.png"))
