"""Hostile text in a real browser: a product name, a customer name and an order note carrying
a script tag, an `onerror` handler and a template expression are stored through the JSON API,
then every admin and customer page that shows them is opened in headless Chromium. No script
from the data may run (`window.__pwned` stays undefined), the text is shown literally, and the
template expression is not evaluated (`49` never appears in its place)."""
import json
import os
import urllib.request
import uuid

from admin_session import enrolled_admin
from portal import fill, sign_out, submit, vpsctl

SCRIPT = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
TEMPLATE = "{{7*7}}"
PASSWORD = "a hostile customer password"


def api(base_url, method, path, token, body):
    request = urllib.request.Request(base_url + path, method=method, data=json.dumps(body).encode(),
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=15) as response:
        return response.status, json.loads(response.read())


def check_page(browser, base_url, path, marker, screenshot_dir, name):
    """Opens `path` and checks that the hostile text tagged with `marker` shows literally and inert."""
    browser.get(base_url + path)
    browser.save_screenshot(os.path.join(screenshot_dir, f"hostile-{name}.png"))
    pwned = browser.execute_script("return typeof window.__pwned === 'undefined' ? null : String(window.__pwned)")
    assert pwned is None, f"{path}: a script from stored data ran (window.__pwned = {pwned})"
    # What a person sees: the page's text and the values of its form fields (edit pages show names there).
    text = browser.execute_script(
        "return document.body.innerText + '\\n' + Array.from(document.querySelectorAll('input, textarea'))"
        ".map(e => e.value).join('\\n')")
    assert f"{SCRIPT} {TEMPLATE} {marker}" in text, f"{path}: the hostile text is not shown literally:\n{text[:1500]}"
    assert f"49 {marker}" not in text, f"{path}: the template expression was evaluated"
    images = browser.execute_script("return document.querySelectorAll('img[src=\"x\"]').length")
    assert images == 0, f"{path}: the stored <img> became an element"


def test_hostile_text_is_shown_literally_and_never_runs(browser, base_url, screenshot_dir):
    marker = uuid.uuid4().hex[:8]
    hostile = f"{SCRIPT} {TEMPLATE} {marker}"

    admin_email, _ = enrolled_admin(browser, base_url, name="Hostile Admin")
    staff_token = vpsctl("token", "create", "--email", admin_email, "--name", "hostile", "--scope", "write").strip().splitlines()[-1]

    status, product = api(base_url, "POST", "/api/v1/dedicated-servers/products", staff_token, {
        "name": hostile, "description": hostile, "server_type": "vps", "cpu_cores": 1, "ram_gb": 1, "storage_gb": 10,
        "price_monthly": "3.00", "setup_fee": "0", "provisioning_module": "manual", "is_active": True,
    })
    assert status == 201, product
    customer_email = f"hostile-{marker}@example.test"
    status, customer = api(base_url, "POST", "/api/v1/customers", staff_token, {
        "email": customer_email, "name": hostile, "company": hostile, "password": PASSWORD,
    })
    assert status == 201, customer
    customer_token = vpsctl("token", "create", "--email", customer_email, "--name", "hostile", "--scope", "write").strip().splitlines()[-1]
    status, order = api(base_url, "POST", "/api/v1/orders", customer_token, {
        "items": [{"product_id": product["id"], "billing_cycle": "monthly", "quantity": 1}], "notes": hostile,
    })
    assert status == 201, order
    assert order["notes"] == hostile and customer["name"] == hostile and product["name"] == hostile

    # Staff pages: lists and details that show the product name, the customer name and the note.
    for path, name in [
        ("/admin/products", "admin-products"),
        (f"/admin/products/{product['id']}", "admin-product"),
        (f"/admin/customers?search=hostile-{marker}", "admin-customers"),
        (f"/admin/customers/{customer['id']}", "admin-customer"),
        (f"/admin/orders/{order['id']}", "admin-order"),
        ("/catalog", "admin-catalog"),
    ]:
        check_page(browser, base_url, path, marker, screenshot_dir, name)
    # The order list shows the customer's name in its row.
    check_page(browser, base_url, f"/admin/orders?customer_id={customer['id']}", marker, screenshot_dir, "admin-orders")

    # The customer's own pages.
    sign_out(browser)
    browser.get(base_url + "/login")
    fill(browser, email=customer_email, password=PASSWORD)
    submit(browser)
    for path, name in [
        ("/catalog", "customer-catalog"),
        ("/my/orders", "customer-orders"),
        (f"/my/orders/{order['id']}", "customer-order"),
        ("/my/account", "customer-account"),
    ]:
        check_page(browser, base_url, path, marker, screenshot_dir, name)
