"""A loadable payment gateway (modules/gateways/examplepay) through nginx and the job runner:
`vpsctl payments install` registers it disabled; an admin enables it over the API (2FA); a
checkout answers the program's URL; its signed notification, POSTed three times to
/webhooks/examplepay, pays the invoice once; a forged one is a 400 stored as refused; a refund
goes through the program and leaves a credit note."""
import hashlib
import hmac
import json
import re
import secrets
import uuid

from test_idempotency import post, sql
from test_openapi import PASSWORD, enrol_two_factor, fetch, totp, vpsctl
from test_stripe_checkout import customer_with_invoice, wait_for


def signed(body, secret):
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def enrolled_admin(base_url, test_var, test_root):
    email = f"gateway-admin-{uuid.uuid4().hex[:10]}@example.test"
    output = vpsctl(test_var, test_root, "admin", "create", "--email", email, "--name", "Gateway Admin", stdin=PASSWORD + "\n")
    secret = re.search(r"TOTP secret: ([A-Z2-7]+)", output).group(1)
    enrol_two_factor(base_url, email, secret)
    token = re.search(r"vps_[A-Za-z0-9_\-]+", vpsctl(test_var, test_root, "token", "create", "--email", email, "--name", "gw",
                                                          "--scope", "write")).group(0)
    return token, secret


def api(base_url, path, token, payload, code=None, method="POST"):
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())}
    if code:
        headers["X-2FA-Code"] = code
    return fetch(base_url + path, headers=headers, data=json.dumps(payload).encode(), method=method)


def test_installed_enabled_paid_once_forged_refused_refunded(base_url, test_var, test_root):
    installed = vpsctl(test_var, test_root, "payments", "install", "examplepay")
    assert "gateway examplepay" in installed, installed
    assert sql("SELECT enabled FROM payment_gateways WHERE name = 'examplepay'") in ("f", "t")
    webhook_secret = "whsec_" + secrets.token_hex(16)
    admin, admin_totp = enrolled_admin(base_url, test_var, test_root)
    settings = {"enabled": True, "webhook_secret": webhook_secret, "options": {"pay_url": "https://pay.example.test/c"}}
    status, _, raw = api(base_url, "/api/v1/settings/payments/examplepay", admin, settings, code=totp(admin_totp, 1), method="PATCH")
    assert status == 200, raw
    assert json.loads(raw)["enabled"] is True

    token, _, invoice = customer_with_invoice(base_url)
    status, _, raw = api(base_url, f"/api/v1/invoices/{invoice}/checkout", token, {"gateway": "examplepay"})
    assert status == 201, raw
    url = json.loads(raw)["url"]
    assert url.startswith("https://pay.example.test/c?session=ex_"), url
    session = url.split("session=", 1)[1]
    amount, currency = sql(f"SELECT amount || ' ' || currency FROM checkout_sessions WHERE gateway_session_id = '{session}'").split()
    body = json.dumps({"id": "evt_" + session, "type": "payment.succeeded", "session": session, "transaction": "tx_" + session,
                       "amount": amount, "currency": currency}).encode()
    for _ in range(3):
        status, _, raw = post(base_url + "/webhooks/examplepay", body,
                              {"Content-Type": "application/json", "X-Example-Signature": signed(body, webhook_secret)})
        assert status == 200, raw
    assert wait_for(f"SELECT status FROM invoices WHERE id = {invoice}", "paid") == "paid"
    assert sql(f"SELECT count(*) FROM payments WHERE invoice_id = {invoice}") == "1"

    forged = body.replace(b"tx_", b"tx_forged_")
    status, headers, raw = post(base_url + "/webhooks/examplepay", forged,
                                {"Content-Type": "application/json", "X-Example-Signature": signed(body, webhook_secret)})
    assert status == 400, raw
    assert sql("SELECT count(*) FROM payment_notifications WHERE gateway = 'examplepay' AND verification = 'bad_signature'") != "0"

    staff, staff_totp = enrolled_admin(base_url, test_var, test_root)
    transaction = sql(f"SELECT id FROM payment_transactions WHERE gateway = 'examplepay' AND invoice_id = {invoice}")
    status, _, raw = api(base_url, f"/api/v1/payments/{transaction}/refunds", staff, {"amount": "1.00", "reason": "goodwill"},
                         code=totp(staff_totp, 1))
    assert status == 201, raw
    refund = json.loads(raw)
    assert refund["status"] == "succeeded" and refund["gateway_refund_id"].startswith("exr_"), refund
    assert sql(f"SELECT count(*) FROM credit_notes WHERE invoice_id = {invoice} AND refund_to = 'gateway'") == "1"
