"""Issue 16's notification pages in the browser: staff edit a template (a hostile <script> in
the preview stays inert text), the saved wording is in the next email's .eml, reset brings the
shipped text back; a customer turns an optional message off and it is not sent (staff see the choice); the outbox
list, a message as sent and resend; the saved-cards page without cards and its "Add a card"."""
import email
import os
import re
import time
from email import policy

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from admin_session import enrolled_admin
from portal import alert_text, click_and_wait, fill, register_and_order, sign_out, submit, unique_email, vpsctl

PASSWORD = "a customer password 123"
HOSTILE = "<p>Hi {{name}}</p><script>document.title='pwned'</script><img src=\"x\" onerror=\"document.title='pwned'\">"
MARKER = "Custom thanks from the browser test"


def shot(browser, directory, name):
    browser.save_screenshot(os.path.join(directory, f"notifications-{name}.png"))


def mails(recipient, event_prefix):
    """Text parts of every .eml for recipient whose event key starts with event_prefix."""
    directory = os.environ.get("VPS_MAIL_DIR") or os.path.join(os.environ["VPS_TEST_VAR"], "mail")
    found = []
    for name in os.listdir(directory) if os.path.isdir(directory) else []:
        if name.startswith(event_prefix.replace(":", "_")) and name.endswith(".eml"):
            with open(os.path.join(directory, name), "rb") as handle:
                message = email.message_from_binary_file(handle, policy=policy.default)
            if recipient.lower() in str(message["To"]).lower():
                found.append(message.get_body(preferencelist=("plain",)).get_content())
    return found


def wait_for(check, timeout=45):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if check():
            return True
        time.sleep(0.3)
    return False


def sign_in(browser, base_url, address):
    browser.get(base_url + "/login")
    fill(browser, email=address, password=PASSWORD)
    submit(browser)


def test_staff_edit_preview_save_and_reset_a_template(browser, base_url, screenshot_dir, console_errors):
    enrolled_admin(browser, base_url, name="Template Admin")
    browser.get(base_url + "/admin/settings/notifications/templates")
    row = browser.find_element(By.ID, "template-order-placed-email")
    assert "shipped" in row.text
    assert browser.find_elements(By.ID, "template-payment-failed-sms"), "an SMS event lists its SMS template"
    assert not browser.find_elements(By.ID, "template-order-placed-sms"), "an email-only event lists no SMS template"
    shot(browser, screenshot_dir, "1-templates")
    click_and_wait(browser, row.find_element(By.LINK_TEXT, "Edit"))
    assert "{{order_id}}" in browser.find_element(By.ID, "template-variables").text
    title = browser.title

    # Preview: the hostile HTML is shown as text and in a sandboxed frame, never run here.
    fill(browser, html=HOSTILE, text=MARKER + ", {{name}}, for order {{order_id}}. {{nonsense}}")
    click_and_wait(browser, browser.find_element(By.ID, "template-preview"))
    assert "<script>document.title='pwned'</script>" in browser.find_element(By.ID, "preview-html-source").get_attribute("textContent")
    assert MARKER + ", Ada Lovelace, for order 17." in browser.find_element(By.ID, "preview-text").text
    assert "{{nonsense}} is not a variable" in browser.find_element(By.ID, "template-preview-card").text
    frame = browser.find_element(By.ID, "preview-frame")
    assert frame.get_attribute("sandbox") == ""
    time.sleep(0.5)
    assert browser.title == title and "pwned" not in browser.title
    browser.switch_to.frame(frame)
    assert "Hi Ada Lovelace" in browser.find_element(By.TAG_NAME, "body").text
    assert browser.execute_script("return document.title") != "pwned"
    browser.switch_to.default_content()
    assert browser.find_element(By.ID, "template-text").get_attribute("value").startswith(MARKER), "the typed text stays in the form"
    shot(browser, screenshot_dir, "2-preview")

    # A section is refused next to its field; nothing is saved.
    fill(browser, text="{{#items}}x{{/items}}")
    click_and_wait(browser, browser.find_element(By.ID, "template-save"))
    assert "is not allowed" in browser.find_element(By.ID, "text-error").text, alert_text(browser)
    shot(browser, screenshot_dir, "3-refused")
    browser.get(browser.current_url)
    assert browser.find_element(By.ID, "template-state").text == "shipped text"

    # Saved: the next order's email carries the new wording.
    fill(browser, text=MARKER + ", {{name}}, for order {{order_id}}.", html=HOSTILE)
    click_and_wait(browser, browser.find_element(By.ID, "template-save"))
    assert "Template saved." in browser.find_element(By.ID, "template-notice").text
    assert browser.find_element(By.ID, "template-state").text == "customised"
    edit_path = browser.current_url.split(base_url, 1)[1].split("?")[0]
    sign_out(browser)

    address = unique_email("templated")
    order_id = register_and_order(browser, base_url, "Templated Tom", address, PASSWORD, "templated.example.com")
    assert wait_for(lambda: mails(address, f"order.placed:{order_id}")), "no order.placed email"
    assert f"{MARKER}, Templated Tom, for order {order_id}." in mails(address, f"order.placed:{order_id}")[0]
    sign_out(browser)

    # Reset: the shipped wording again.
    enrolled_admin(browser, base_url, name="Reset Admin")
    browser.get(base_url + edit_path)
    click_and_wait(browser, browser.find_element(By.ID, "template-reset"))
    assert "reset to the shipped text" in browser.find_element(By.ID, "template-notice").text
    assert browser.find_element(By.ID, "template-state").text == "shipped text"
    assert MARKER not in browser.find_element(By.ID, "template-text").get_attribute("value")
    shot(browser, screenshot_dir, "4-reset")
    browser.get(base_url + "/admin/settings/notifications/templates")
    assert "shipped" in browser.find_element(By.ID, "template-order-placed-email").text
    assert not [e for e in console_errors(browser) if "pwned" in e.get("message", "")]


def test_customer_turns_a_message_off_and_staff_see_it_and_the_outbox(browser, base_url, screenshot_dir, console_errors):
    address = unique_email("quiet")
    first = register_and_order(browser, base_url, "Quiet Quinn", address, PASSWORD, "quiet1.example.com")
    assert wait_for(lambda: mails(address, f"order.placed:{first}")), "the first order is announced"

    browser.get(base_url + "/my/account")
    click_and_wait(browser, browser.find_element(By.ID, "notifications-link"))
    assert browser.current_url.endswith("/my/account/notifications")
    assert browser.find_element(By.ID, "notify-order-placed-on").is_selected()
    assert "Invoice issued — always on" in browser.find_element(By.ID, "required-messages").text
    assert browser.find_element(By.ID, "no-phone")
    browser.find_element(By.ID, "notify-order-placed-off").click()
    submit(browser, "#notification-choices")
    assert "Your choices are saved." in browser.find_element(By.ID, "notifications-notice").text
    assert browser.find_element(By.ID, "notify-order-placed-off").is_selected()
    # A number that is not one is refused next to its field.
    fill(browser, phone="12345")
    submit(browser, "#phone-form")
    assert "international number" in browser.find_element(By.ID, "phone-error").text
    shot(browser, screenshot_dir, "5-customer-choices")

    # The second order: its invoice email goes out, its order.placed does not.
    browser.get(base_url + "/catalog")
    card = browser.find_element(By.XPATH, "//article[h3[normalize-space()='VPS Starter']]")
    Select(card.find_element(By.NAME, "billing_cycle")).select_by_value("monthly")
    card.find_element(By.NAME, "hostname").send_keys("quiet2.example.com")
    click_and_wait(browser, card.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    second = int(re.search(r"/my/orders/(\d+)", browser.current_url).group(1))
    assert wait_for(lambda: len(mails(address, "invoice.issued:")) >= 2), "the second invoice email"
    assert not mails(address, f"order.placed:{second}"), "a message the customer turned off was sent"
    sign_out(browser)

    # Staff see the choice on the customer's page, and the outbox shows what was sent.
    _, codes = enrolled_admin(browser, base_url, name="Outbox Admin")
    browser.get(f"{base_url}/admin/customers?search={address}")
    click_and_wait(browser, browser.find_element(By.XPATH, f"//tr[td[normalize-space()='{address}']]//a"))
    choices = browser.find_element(By.ID, "customer-notifications").text
    assert "Order placed off" in choices, choices
    assert "Server active on" in choices, choices
    shot(browser, screenshot_dir, "7-staff-customer-choices")

    browser.get(base_url + "/admin/outbox?status=sent")
    row = browser.find_element(By.XPATH, f"//table[@id='outbox']//tr[td[normalize-space()='order.placed:{first}']]")
    assert address in row.text
    shot(browser, screenshot_dir, "8-outbox")
    click_and_wait(browser, row.find_element(By.CSS_SELECTOR, "a[href^='/admin/outbox/']"))
    assert "Quiet Quinn" in browser.find_element(By.ID, "text-part").text
    assert address in browser.find_element(By.ID, "headers").text
    path = os.path.join(os.environ.get("VPS_MAIL_DIR") or os.path.join(os.environ["VPS_TEST_VAR"], "mail"), f"order.placed_{first}.eml")
    before = os.path.getmtime(path)
    time.sleep(1.1)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#resend-form button"))
    assert "Queued again" in browser.find_element(By.ID, "outbox-notice").text, alert_text(browser)
    shot(browser, screenshot_dir, "9-resent")
    assert wait_for(lambda: os.path.getmtime(path) > before), "the resent message was not written again"
    assert "Quiet Quinn" in mails(address, f"order.placed:{first}")[0]


def test_saved_cards_page_add_button_goes_to_the_gateway(browser, base_url, screenshot_dir, console_errors):
    """With stripe enabled (pointed at the loopback fake), "Add a card" on the empty saved-cards
    page takes the customer to the gateway's hosted page, through the hand-off page (Chromium
    blocks a form POST's 303 to another origin under the portal's CSP `form-action 'self'`);
    stripe is disabled again afterwards."""
    import json
    import subprocess
    import sys
    import urllib.error
    import urllib.parse
    import urllib.request

    fake = subprocess.Popen([sys.executable, os.path.join(os.environ["VPS_TEST_ROOT"], "Tests/support/stripe_fake.py"),
                             "--webhook-url", base_url + "/webhooks/stripe"], stdout=subprocess.PIPE, text=True)
    admin_email, codes = enrolled_admin(browser, base_url, name="Cards Admin")
    token = vpsctl("token", "create", "--email", admin_email, "--name", "cards", "--scope", "write").strip().splitlines()[-1]

    def stripe_settings(body):
        request = urllib.request.Request(base_url + "/api/v1/settings/payments/stripe", method="PATCH", data=json.dumps(body).encode(),
                                         headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                                                  "X-2FA-Code": codes.next()})
        with urllib.request.urlopen(request, timeout=15) as response:
            assert response.status == 200

    try:
        port = int(fake.stdout.readline())
        vpsctl("payments", "configure-stripe", "--api-base", f"http://127.0.0.1:{port}", stdin="sk_test_fake\nwhsec_fake\n")
        sign_out(browser)
        register_and_order(browser, base_url, "Card Carla", unique_email("cards"), PASSWORD, "cards.example.com")
        browser.get(base_url + "/my/account/payment-methods")
        assert browser.find_element(By.ID, "no-cards").text == "No saved cards."
        shot(browser, screenshot_dir, "6-no-cards")
        # Clicked as a customer would: the form's answer is the hand-off page (a 303 to another origin
        # would be blocked by the CSP's form-action 'self'), which moves on to the gateway's page.
        form = browser.find_element(By.ID, "add-card-form")
        assert form.get_attribute("action") == base_url + "/my/account/payment-methods/setup"
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        assert wait_for(lambda: browser.current_url.startswith(f"http://127.0.0.1:{port}/pay/"), timeout=15), browser.current_url
        shot(browser, screenshot_dir, "7-gateway-page")
    finally:
        browser.get(base_url + "/login")
        stripe_settings({"enabled": False})
        fake.kill()
        fake.wait()
