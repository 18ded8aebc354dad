"""Issue 5's staff story in the browser: an admin sells a server on the manual module, finds it
in the server list, builds it from the manual task queue, reveals its credentials once and
suspends it; the server page follows the job until the server is suspended."""
import os
import re
import time
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from admin_session import enrolled_admin
from portal import click_and_wait, fill


def submit_form(browser, form_id):
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, f"#{form_id} button[type=submit]"))


def sell_manual_server(browser, base_url, codes, location, hostname):
    """Product on the manual module, customer, order for one server, paid with 2FA.
    Returns the customer's id."""
    product_name = f"Manual VPS {uuid.uuid4().hex[:6]}"
    browser.get(base_url + "/admin/products/new")
    fill(browser, name=product_name, cpu_cores="2", ram_gb="4", storage_gb="80", price_monthly="19.99",
         datacenter_location=location, provisioning_module="manual")
    Select(browser.find_element(By.NAME, "server_type")).select_by_value("vps")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert product_name in browser.page_source, browser.current_url

    browser.get(base_url + "/admin/customers/new")
    fill(browser, email=f"servers-{uuid.uuid4().hex[:8]}@example.test", name="Server Customer", password="customer password 1")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    customer_id = re.search(r"/admin/customers/(\d+)", browser.current_url).group(1)
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Place an order"))

    products = Select(browser.find_element(By.NAME, "product_id_0"))
    products.select_by_visible_text(next(option.text for option in products.options if product_name in option.text))
    Select(browser.find_element(By.NAME, "billing_cycle_0")).select_by_value("monthly")
    fill(browser, quantity_0="1", hostname_0=hostname)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert "/admin/orders/" in browser.current_url

    browser.find_element(By.ID, "pay-code").send_keys(codes.next())
    submit_form(browser, "pay-form")
    assert "Payment recorded" in browser.page_source
    return customer_id


def wait_for(browser, url, condition, seconds=15):
    """Loads url until condition(browser) holds, for at most `seconds`."""
    deadline = time.time() + seconds
    while True:
        browser.get(url)
        if condition(browser):
            return
        assert time.time() < deadline, f"gave up waiting on {url}"
        time.sleep(0.5)


def status_of(browser):
    return browser.find_element(By.ID, "server-status").text


def test_admin_builds_and_operates_a_manual_server(browser, base_url, screenshot_dir, console_errors):
    _, codes = enrolled_admin(browser, base_url, name="Server Admin")
    location = f"rack-{uuid.uuid4().hex[:6]}"
    hostname = f"built-{uuid.uuid4().hex[:6]}.example.com"
    customer_id = sell_manual_server(browser, base_url, codes, location, hostname)

    # The server list shows the new server, filtered by the customer and the location.
    browser.get(f"{base_url}/admin/servers?customer_id={customer_id}&location={location}")
    rows = browser.find_elements(By.CSS_SELECTOR, "#servers tbody tr")
    assert len(rows) == 1, browser.page_source
    assert hostname in rows[0].text
    server_link = rows[0].find_element(By.CSS_SELECTOR, "a[href^='/admin/servers/']")
    server_path = server_link.get_attribute("href").replace(base_url, "")
    server_id = server_path.rsplit("/", 1)[-1]
    browser.save_screenshot(os.path.join(screenshot_dir, "admin-servers.png"))

    # The manual module put the build into the task queue (the job runner does that).
    task_selector = f"div.task a[href='/admin/servers/{server_id}']"
    wait_for(browser, base_url + "/admin/tasks", lambda b: b.find_elements(By.CSS_SELECTOR, task_selector))
    card = browser.find_element(By.CSS_SELECTOR, task_selector).find_element(By.XPATH, "ancestor::div[contains(@class, 'task')]")
    task_id = card.get_attribute("id").split("-", 1)[1]
    assert card.find_element(By.NAME, "hostname").get_attribute("value") == hostname
    password = "browser-root-" + uuid.uuid4().hex[:8]
    for name, value in (("ip_address", "198.51.100.23"), ("root_password", password), ("operating_system", "debian-12")):
        card.find_element(By.NAME, name).send_keys(value)
    browser.save_screenshot(os.path.join(screenshot_dir, "admin-tasks.png"))
    click_and_wait(browser, card.find_element(By.CSS_SELECTOR, f"#complete-{task_id} button[type=submit]"))
    assert f"Task #{task_id} is done." in browser.find_element(By.ID, "task-notice").text

    # The server is active with its address; its credentials are shown once on request.
    browser.get(base_url + server_path)
    assert status_of(browser) == "active"
    assert "198.51.100.23" in browser.find_element(By.ID, "server-facts").text
    assert password not in browser.page_source
    submit_form(browser, "reveal-form")
    assert browser.find_element(By.ID, "root-password").text == password
    browser.get(base_url + server_path)
    assert password not in browser.page_source
    assert "server.credentials_viewed" in browser.find_element(By.ID, "server-history").text

    # Suspend runs as a job; the page follows it until the server is suspended.
    submit_form(browser, "action-suspend")
    assert "queued" in browser.find_element(By.ID, "server-notice").text
    wait_for(browser, base_url + server_path, lambda b: status_of(b) == "suspended")
    assert browser.find_elements(By.ID, "action-unsuspend")
    assert not browser.find_elements(By.ID, "action-suspend")
    jobs = browser.find_element(By.ID, "server-jobs").text
    assert "suspend" in jobs and "succeeded" in jobs
    browser.save_screenshot(os.path.join(screenshot_dir, "admin-server.png"))
    assert console_errors(browser) == []
