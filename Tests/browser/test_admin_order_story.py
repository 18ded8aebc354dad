"""Issue 4's browser story: an admin creates a product, creates a customer, places an order
for them, tries to edit it without a code (refused), with a code (accepted), marks it paid
with a code; the order's history shows all of it."""
import os
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from admin_session import enrolled_admin
from portal import click_and_wait, fill


def submit_form(browser, form_id):
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, f"#{form_id} button[type=submit]"))


def test_admin_sells_a_server(browser, base_url, screenshot_dir, console_errors):
    _, codes = enrolled_admin(browser, base_url)
    assert browser.current_url.endswith("/admin")
    assert "Revenue this month" in browser.page_source

    product_name = f"Story VPS {uuid.uuid4().hex[:6]}"
    browser.get(base_url + "/admin/products/new")
    fill(browser, name=product_name, cpu_cores="2", ram_gb="4", storage_gb="80", price_monthly="19.99", setup_fee="5.00")
    Select(browser.find_element(By.NAME, "server_type")).select_by_value("vps")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert product_name in browser.page_source, browser.current_url

    customer_email = f"story-{uuid.uuid4().hex[:8]}@example.test"
    browser.get(base_url + "/admin/customers/new")
    fill(browser, email=customer_email, name="Story Customer", company="Story Ltd", password="customer password 1")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    customer_url = browser.current_url
    assert "/admin/customers/" in customer_url
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Place an order"))

    Select(browser.find_element(By.NAME, "product_id_0")).select_by_visible_text(
        next(option.text for option in Select(browser.find_element(By.NAME, "product_id_0")).options if product_name in option.text))
    Select(browser.find_element(By.NAME, "billing_cycle_0")).select_by_value("monthly")
    fill(browser, quantity_0="2", hostname_0="story1.example.com", notes="first order")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert "/admin/orders/" in browser.current_url
    assert "49.98 EUR" in browser.find_element(By.ID, "order-total").text

    # Without a code: refused, nothing changes.
    fill(browser, notes="rack 7")
    submit_form(browser, "edit-form")
    assert "needs a current code" in browser.find_element(By.ID, "order-alert").text
    browser.save_screenshot(os.path.join(screenshot_dir, "order-edit-refused.png"))

    # With a code: accepted.
    fill(browser, notes="rack 7")
    browser.find_element(By.ID, "edit-code").send_keys(codes.next())
    submit_form(browser, "edit-form")
    assert "Order updated." in browser.page_source
    assert "rack 7" in browser.page_source

    # Mark paid with the next code.
    browser.find_element(By.ID, "pay-code").send_keys(codes.next())
    submit_form(browser, "pay-form")
    assert "Payment recorded" in browser.page_source
    assert "status-paid" in browser.page_source
    history = browser.find_element(By.ID, "order-history").text
    for action in ("order.created", "order.updated", "order.paid"):
        assert action in history
    assert "notes: first order → rack 7" in history
    browser.save_screenshot(os.path.join(screenshot_dir, "order-paid.png"))

    # The audit log page shows the product, customer and order changes too.
    browser.get(base_url + "/admin/audit")
    audit = browser.page_source
    for action in ("product.created", "user.created", "order.created", "order.updated", "order.paid"):
        assert action in audit
    assert [entry for entry in console_errors(browser) if "401" not in entry["message"]] == []
