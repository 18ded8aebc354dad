"""Catalog pages in the browser: an enrolled admin creates a product and a customer
through the forms and finds both in their lists."""
import os
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from portal import click_and_wait, fill, submit, TotpCodes, unique_email, vpsctl

PASSWORD = "an admin password 123"


def sign_in_enrolled_admin(browser, base_url):
    """Creates an admin with vpsctl, signs in and enrols from the secret shown on /account/2fa."""
    email = unique_email("admin")
    vpsctl("admin", "create", "--email", email, "--name", "Catalog Admin", stdin=PASSWORD + "\n")
    browser.get(base_url + "/login")
    fill(browser, email=email, password=PASSWORD)
    submit(browser)
    assert browser.current_url.endswith("/account/2fa"), browser.current_url
    secret = browser.find_element(By.ID, "totp-secret").text.replace(" ", "")
    fill(browser, code=TotpCodes(secret).next())
    submit(browser)
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "I have saved them — continue"))
    assert browser.current_url.endswith("/admin"), browser.current_url


def test_admin_creates_a_product_and_a_customer(browser, base_url, screenshot_dir, console_errors):
    sign_in_enrolled_admin(browser, base_url)
    tag = unique_email("x").split("@")[0][2:]

    # A product through the form.
    browser.get(base_url + "/admin/products")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "New product"))
    assert browser.current_url.endswith("/admin/products/new")
    product_name = f"Browser VPS {tag}"
    fill(browser, name=product_name, cpu_cores="4", cpu_model="EPYC 7443", ram_gb="8", storage_gb="160",
         datacenter_location="Frankfurt", price_monthly="19.99", available_os="Debian 12\nUbuntu 24.04")
    Select(browser.find_element(By.NAME, "server_type")).select_by_value("vps")
    submit(browser, "#product-form")
    assert re.search(r"/admin/products/\d+$", browser.current_url), browser.current_url
    assert browser.find_element(By.NAME, "name").get_attribute("value") == product_name
    assert browser.find_element(By.NAME, "available_os").get_attribute("value") == "Debian 12\nUbuntu 24.04"

    browser.get(base_url + "/admin/products?sort=-id")
    row = browser.find_element(By.XPATH, f"//table[@id='products']//tr[td/a[text()='{product_name}']]")
    assert "19.99" in row.text and "unlimited" in row.text and "active" in row.text
    browser.save_screenshot(os.path.join(screenshot_dir, "admin-products.png"))

    # A customer through the form.
    browser.get(base_url + "/admin/customers")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "New customer"))
    customer_email = unique_email("customer")
    fill(browser, email=customer_email, name=f"Browser Customer {tag}", company="Acme GmbH", phone="+49 30 1234",
         password="a customer password 123")
    submit(browser, "#customer-form")
    assert re.search(r"/admin/customers/\d+$", browser.current_url), browser.current_url
    assert browser.find_element(By.TAG_NAME, "h1").text == f"Browser Customer {tag}"
    assert browser.find_element(By.LINK_TEXT, "Place an order").get_attribute("href").endswith(
        "/admin/orders/new?customer_id=" + browser.current_url.rsplit("/", 1)[1])
    detail_url = browser.current_url

    browser.get(base_url + "/admin/customers")
    fill(browser, search=tag)
    submit(browser, "#customer-search")
    rows = browser.find_elements(By.CSS_SELECTOR, "#customers tbody tr")
    assert len(rows) == 1 and customer_email in rows[0].text

    browser.get(detail_url)
    browser.save_screenshot(os.path.join(screenshot_dir, "admin-customer.png"))
    assert console_errors(browser) == []
