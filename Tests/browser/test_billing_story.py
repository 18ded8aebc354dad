"""Issue 14's browser story: a customer orders a server and sees its invoice; staff record the
payment with a 2FA code and the server is built; the billing run issues the renewal, which the
customer sees and downloads as a PDF; staff see it all on the customer's billing tab; the customer
upgrades the server and sees the prorated invoice. Screenshots of each page."""
import datetime
import os
import re
import subprocess
import tempfile
import urllib.request
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from admin_session import enrolled_admin
from portal import click_and_wait, fill, refresh_until, register_and_order, sign_out, submit, vpsctl

PASSWORD = "a billing customer password 7"


def shot(browser, directory, name):
    browser.save_screenshot(os.path.join(directory, f"billing-{name}.png"))


def download(browser, url):
    """GETs url with the browser's session cookie; returns (content type, disposition, body)."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": cookies}), timeout=60) as response:
        return response.headers["Content-Type"], response.headers["Content-Disposition"], response.read()


def pdf_text(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        return subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True, text=True, check=True).stdout


def sign_in(browser, base_url, email):
    browser.get(base_url + "/login")
    fill(browser, email=email, password=PASSWORD)
    submit(browser)


def test_order_invoice_payment_renewal(browser, base_url, screenshot_dir, console_errors):
    email = f"billing-{uuid.uuid4().hex[:8]}@example.test"
    register_and_order(browser, base_url, "Billing Customer", email, PASSWORD, "bill1.example.com")

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
    renewal_number = re.search(r"Invoice (\S+)", document).group(1)
    shot(browser, screenshot_dir, "4-renewal")

    # The renewal as a PDF: rendered once, the same bytes on every download.
    pdf_url = base_url + browser.find_element(By.ID, "invoice-pdf").get_attribute("href").split(base_url, 1)[-1]
    content_type, disposition, pdf = download(browser, pdf_url)
    assert content_type == "application/pdf" and f'filename="{renewal_number}.pdf"' in disposition, disposition
    assert pdf.startswith(b"%PDF-")
    assert renewal_number in pdf_text(pdf) and "9.99" in pdf_text(pdf)
    assert download(browser, pdf_url)[2] == pdf
    with open(os.path.join(screenshot_dir, "billing-renewal.pdf"), "wb") as f:
        f.write(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-singlefile", f.name, os.path.join(screenshot_dir, "billing-4b-renewal-pdf")],
                   check=True)

    # Billing on the server page, then an upgrade to VPS Pro: the prorated invoice is shown at once.
    browser.get(base_url + "/my/servers")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "bill1.example.com"))
    facts = browser.find_element(By.ID, "billing-facts").text
    assert "Monthly" in facts and "9.99 EUR per month" in facts and f"{period_end}" in facts, facts
    assert browser.find_elements(By.ID, "cancel-form")
    choice = Select(browser.find_element(By.ID, "change-product"))
    pro = next(o for o in choice.options if o.text.startswith("VPS Pro — 29.99 EUR a month"))
    assert "to pay now" in pro.text, pro.text
    choice.select_by_visible_text(pro.text)
    shot(browser, screenshot_dir, "5-change-product")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#change-product-form button[type=submit]"))
    assert re.search(r"/my/invoices/\d+$", browser.current_url), browser.current_url
    upgrade = browser.find_element(By.ID, "invoice-document").text
    assert "Upgrade: bill1.example.com from VPS Starter to VPS Pro" in upgrade, upgrade
    shot(browser, screenshot_dir, "6-upgrade-invoice")
    sign_out(browser)

    # Staff see the customer's services, invoices and what is owed on the billing tab.
    _, codes = enrolled_admin(browser, base_url, name="Billing Tab Admin")
    browser.get(f"{base_url}/admin/invoices?number={renewal_number}")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, renewal_number))
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Customer #"))
    click_and_wait(browser, browser.find_element(By.ID, "billing-link"))
    tab = browser.find_element(By.TAG_NAME, "main").text
    assert "bill1.example.com" in tab and renewal_number in tab and number in tab, tab
    assert "2" == browser.find_element(By.ID, "billing-summary").find_elements(By.TAG_NAME, "dd")[0].text, "renewal and upgrade unpaid"
    shot(browser, screenshot_dir, "7-staff-billing-tab")
    assert [e for e in console_errors(browser) if "favicon" not in e["message"]] == []
