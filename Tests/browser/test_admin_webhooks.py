"""/admin/webhooks in the browser: an admin allows private targets in the settings form (2FA),
subscribes the loopback receiver (Tests/support/webhook_receiver.py), sends a test ping, sees it
in the delivery log (HTTP 200, signature verified by the receiver), unsubscribes, and turns
private targets off again."""
import json
import os
import subprocess
import sys
import urllib.request

import pytest
from selenium.webdriver.common.by import By

from admin_session import enrolled_admin
from portal import alert_text, click_and_wait, fill, refresh_until, submit


@pytest.fixture
def receiver():
    script = os.path.join(os.environ["VPS_TEST_ROOT"], "Tests/support/webhook_receiver.py")
    child = subprocess.Popen([sys.executable, script], stdout=subprocess.PIPE, text=True)
    try:
        port = int(child.stdout.readline().strip())
        yield f"http://127.0.0.1:{port}"
    finally:
        child.kill()
        child.wait()


def receiver_call(base, path, payload=None):
    data = None if payload is None else json.dumps(payload).encode()
    with urllib.request.urlopen(urllib.request.Request(base + path, data=data), timeout=10) as response:
        return json.loads(response.read() or b"{}")


def save_settings(browser, codes, allow_private, max_failures):
    box = browser.find_element(By.ID, "webhook-allow-private")
    if box.is_selected() != allow_private:
        box.click()
    fill(browser, max_consecutive_failures=str(max_failures), code=codes.next())
    submit(browser, "#webhook-settings-form")
    assert "Webhook settings saved." in browser.page_source, alert_text(browser)
    assert browser.find_element(By.ID, "webhook-allow-private").is_selected() == allow_private
    assert browser.find_element(By.ID, "webhook-max-failures").get_attribute("value") == str(max_failures)


def test_admin_subscribes_pings_sees_the_log_and_unsubscribes(browser, base_url, screenshot_dir, console_errors, receiver):
    _, codes = enrolled_admin(browser, base_url, name="Webhook Admin")
    browser.get(base_url + "/admin/webhooks")

    # A refused change names the field and saves nothing.
    fill(browser, max_consecutive_failures="0", code=codes.next())
    submit(browser, "#webhook-settings-form")
    assert "max_consecutive_failures" in alert_text(browser)
    console_errors(browser)  # the refusal's 422 is logged as a failed load; not a page error
    browser.get(base_url + "/admin/webhooks")
    save_settings(browser, codes, allow_private=True, max_failures=7)
    browser.save_screenshot(os.path.join(screenshot_dir, "admin_webhooks_settings.png"))

    fill(browser, url=receiver + "/hook", events="order.created, invoice.paid")
    submit(browser, "#webhook-form")
    secret = browser.find_element(By.ID, "webhook-secret").text
    assert secret, alert_text(browser)
    receiver_call(receiver, "/_recv/secret", {"secret": secret})
    row = browser.find_element(By.CSS_SELECTOR, "#webhooks tbody tr")
    subscription = row.get_attribute("id").removeprefix("webhook-")
    click_and_wait(browser, row.find_element(By.XPATH, ".//button[text()='Test ping']"))
    assert "A test ping is queued." in browser.page_source

    def delivered():
        return any("HTTP 200" in cell.text for cell in browser.find_elements(By.CSS_SELECTOR, "#deliveries td"))
    assert refresh_until(browser, delivered), "the ping never showed as delivered"
    browser.find_element(By.CSS_SELECTOR, "#deliveries details summary").click()
    assert "X-VPS-Signature: t=" in browser.find_element(By.CSS_SELECTOR, "#deliveries details pre").text
    browser.save_screenshot(os.path.join(screenshot_dir, "admin_webhooks_deliveries.png"))
    deliveries = receiver_call(receiver, "/_recv/state")["deliveries"]
    assert len(deliveries) == 1 and deliveries[0]["verified"], deliveries

    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, f"#webhook-{subscription} button.button-danger"))
    assert "The subscription is deleted." in browser.page_source
    assert not browser.find_elements(By.ID, f"webhook-{subscription}")
    save_settings(browser, codes, allow_private=False, max_failures=10)
    browser.save_screenshot(os.path.join(screenshot_dir, "admin_webhooks_unsubscribed.png"))
    assert console_errors(browser) == []
