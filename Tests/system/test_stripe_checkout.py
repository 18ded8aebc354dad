"""The `stripe` gateway end to end, through nginx and the job runner, against the Stripe fake
(Tests/support/stripe_fake.py): checkout → pay at the fake → its signed webhook → the invoice
paid once and the server handed to provisioning once, however often the webhook is re-sent;
a failing Stripe → a clear 5xx problem and nothing recorded."""
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest

from conftest import require_env
from test_idempotency import post, sql, vpsctl

FAKE = os.path.join(os.path.dirname(__file__), "..", "support", "stripe_fake.py")


@pytest.fixture
def stripe_fake(base_url):
    secret_key, webhook_secret = "sk_test_" + secrets.token_hex(8), "whsec_" + secrets.token_hex(16)
    process = subprocess.Popen([sys.executable, FAKE, "--secret-key", secret_key, "--webhook-secret", webhook_secret,
                                "--webhook-url", base_url + "/webhooks/stripe", "--hang-seconds", "3"],
                               stdout=subprocess.PIPE, text=True)
    fake_url = f"http://127.0.0.1:{process.stdout.readline().strip()}"
    vpsctl("payments", "configure-stripe", "--api-base", fake_url, stdin=f"{secret_key}\n{webhook_secret}\n")
    try:
        yield fake_url
    finally:
        sql("UPDATE payment_gateways SET enabled = false WHERE name = 'stripe'")
        process.terminate()
        process.wait(timeout=10)


def fake_call(fake_url, path, body=b""):
    status, _, raw = post(fake_url + path, body, {"Accept": "application/json"})
    assert status == 200, raw
    return json.loads(raw)


def customer_with_invoice(base_url, token=None, email=None):
    if token is None:
        email = f"stripe-{uuid.uuid4().hex[:10]}@example.com"
        vpsctl("customer", "create", "--email", email, "--name", "Stripe Customer", stdin="stripe-customer-pass-1\n")
        token = vpsctl("token", "create", "--email", email, "--name", "stripe", "--scope", "write").strip().splitlines()[-1]
    product = sql("INSERT INTO products (name, server_type, cpu_cores, ram_gb, storage_gb, price_monthly) "
                  "VALUES ('Stripe VPS', 'vps', 1, 1, 10, 7.50) RETURNING id").splitlines()[0]
    status, _, raw = post(base_url + "/api/v1/orders",
                          json.dumps({"items": [{"product_id": int(product), "billing_cycle": "monthly"}]}).encode(),
                          {"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())})
    assert status == 201, raw
    order = json.loads(raw)["id"]
    invoice = sql(f"SELECT id FROM invoices WHERE order_id = {order}")
    assert invoice, f"order {order} has no invoice"
    return token, order, int(invoice)


def checkout(base_url, token, invoice):
    return post(base_url + f"/api/v1/invoices/{invoice}/checkout", json.dumps({"gateway": "stripe"}).encode(),
                {"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())})


def wait_for(query, expected, seconds=20):
    deadline = time.monotonic() + seconds
    while (value := sql(query)) != expected and time.monotonic() < deadline:
        time.sleep(0.2)
    return value


def test_paid_at_the_fake_once_however_often_the_webhook_comes(base_url, stripe_fake):
    token, order, invoice = customer_with_invoice(base_url)
    status, _, raw = checkout(base_url, token, invoice)
    assert status == 201, raw
    started = json.loads(raw)
    assert started["url"].startswith(stripe_fake + "/pay/cs_test_")
    session_id = started["url"].rsplit("/", 1)[1]

    paid = fake_call(stripe_fake, f"/pay/{session_id}")
    assert paid["webhook_status"] == 200
    assert wait_for(f"SELECT status FROM invoices WHERE id = {invoice}", "paid") == "paid"
    for _ in range(3):
        assert fake_call(stripe_fake, f"/_fake/resend/{paid['event']}")["webhook_status"] == 200
    assert wait_for("SELECT count(*) FROM payment_notifications WHERE gateway = 'stripe' AND status = 'queued'", "0") == "0"
    assert sql(f"SELECT count(*) FROM payments WHERE invoice_id = {invoice}") == "1"
    assert sql(f"SELECT count(*) FROM payment_transactions WHERE gateway = 'stripe' AND invoice_id = {invoice} AND NOT flagged") == "1"
    assert sql(f"SELECT count(*) FROM payment_notifications WHERE gateway = 'stripe' AND event_id = '{paid['event']}'") == "1"
    assert sql(f"SELECT count(DISTINCT order_item_id) = count(*) FROM provisioning_requests WHERE order_id = {order}") == "t"
    assert int(sql(f"SELECT count(*) FROM provisioning_requests WHERE order_id = {order}")) == 1


def test_a_failing_stripe_answers_a_clear_5xx_and_records_nothing(base_url, stripe_fake):
    token, _, invoice = customer_with_invoice(base_url)
    for mode, expected in (("fail", 503), ("hang", 503)):
        fake_call(stripe_fake, "/_fake/mode", json.dumps({"mode": mode}).encode())
        status, headers, raw = checkout(base_url, token, invoice)
        assert status == expected, raw
        assert headers["Content-Type"].startswith("application/problem+json")
        assert "nothing was charged" in json.loads(raw)["detail"]
    assert sql(f"SELECT count(*) FROM checkout_sessions WHERE invoice_id = {invoice}") == "0"
    assert sql(f"SELECT count(*) FROM payments WHERE invoice_id = {invoice}") == "0"
    assert sql(f"SELECT status FROM invoices WHERE id = {invoice}") != "paid"
