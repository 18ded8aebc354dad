"""Issue 14's browser story: a customer orders a server and sees its invoice; staff record the
payment with a 2FA code and the server is built; the billing run issues the renewal, which the
customer sees. Screenshots of each page."""
import datetime
import os
import re
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from admin_session import enrolled_admin
from portal import click_and_wait, fill, refresh_until, sign_out, submit, vpsctl

PASSWORD = "a billing customer password 7"


def shot(browser, directory, name):
    browser.save_screenshot(os.path.join(directory, f"billing-{name}.png"))


def sign_in(browser, base_url, email):
    browser.get(base_url + "/login")
    fill(browser, email=email, password=PASSWORD)
    submit(browser)


def test_order_invoice_payment_renewal(browser, base_url, screenshot_dir, console_errors):
    email = f"billing-{uuid.uuid4().hex[:8]}@example.test"
    browser.get(base_url + "/register")
    fill(browser, name="Billing Customer", email=email, password=PASSWORD)
    submit(browser)

    browser.get(base_url + "/catalog")
    card = browser.find_element(By.XPATH, "//article[h3[normalize-space()='VPS Starter']]")
    Select(card.find_element(By.NAME, "billing_cycle")).select_by_value("monthly")
    card.find_element(By.NAME, "hostname").send_keys("bill1.example.com")
    click_and_wait(browser, card.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert re.search(r"/my/orders/\d+", browser.current_url), browser.current_url

    # The order issued its invoice: the banner on /my, the list, the document.
    browser.get(base_url + "/my")
    assert "You have 1 unpaid invoice, 9.99 EUR due." in browser.find_element(By.ID, "amount-due").text
    browser.get(base_url + "/my/invoices")
    link = browser.find_element(By.CSS_SELECTOR, "#invoices a[href^='/my/invoices/']")
    number = link.text
    assert number.startswith("INV-"), number
    click_and_wait(browser, link)
    invoice_path = browser.current_url.split(base_url, 1)[1]
    invoice_id = int(invoice_path.rsplit("/", 1)[1])
    assert "9.99 EUR" in browser.find_element(By.ID, "invoice-document").text
    shot(browser, screenshot_dir, "1-customer-invoice")
    sign_out(browser)

    # Staff record the bank transfer with a code; paying the invoice pays the order.
    _, codes = enrolled_admin(browser, base_url, name="Invoice Admin")
    browser.get(f"{base_url}/admin/invoices?number={number}")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, number))
    amount = browser.find_element(By.ID, "payment-amount")
    assert amount.get_attribute("value") == "9.99"
    browser.find_element(By.ID, "payment-reference").send_keys("transfer 2026-12-01")
    browser.find_element(By.ID, "payment-code").send_keys(codes.next())
    shot(browser, screenshot_dir, "2-staff-payment")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#payment-form button[type=submit]"))
    assert "Payment recorded." in browser.page_source
    assert "status-paid" in browser.page_source
    sign_out(browser)

    # The server is built; its page shows the paid-through date.
    sign_in(browser, base_url, email)
    browser.get(base_url + "/my/servers")
    assert refresh_until(browser, lambda: "bill1.example.com" in browser.page_source and ">active<" in browser.page_source), "never active"
    shot(browser, screenshot_dir, "3-server-active")

    # A week before the period ends, the billing run issues the renewal (run here at that moment).
    browser.get(f"{base_url}/my/invoices/{invoice_id}")
    period_end = re.search(r"\d{4}-\d{2}-\d{2} – (\d{4}-\d{2}-\d{2})", browser.find_element(By.ID, "invoice-document").text).group(1)
    moment = datetime.datetime.fromisoformat(period_end).replace(hour=6) - datetime.timedelta(days=7)
    out = vpsctl("billing", "run", "--now", moment.strftime("%Y-%m-%dT%H:%M:%SZ"))
    assert "invoices issued" in out, out
    browser.get(base_url + "/my/invoices")
    renewal = browser.find_element(By.CSS_SELECTOR, "#invoices tbody tr:first-child")
    assert number not in renewal.text and "unpaid" in renewal.text, renewal.text
    click_and_wait(browser, renewal.find_element(By.TAG_NAME, "a"))
    document = browser.find_element(By.ID, "invoice-document").text
    assert f"{period_end} –" in document, document
    shot(browser, screenshot_dir, "4-renewal")
    assert [e for e in console_errors(browser) if "favicon" not in e["message"]] == []
