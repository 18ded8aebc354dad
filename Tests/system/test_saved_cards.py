"""Saved cards end to end, through nginx and the job runner, against the Stripe fake: add a card
over JSON → the fake's hosted setup page → its signed webhook → one card (auto-pay), however often
the webhook is re-sent; choose another card for automatic payment; remove one (detached at the
fake once); Stripe down → 503 and nothing changed; another customer's card → 404."""
import json
import urllib.parse
import urllib.request
import uuid

from test_idempotency import sql, vpsctl
from test_stripe_checkout import fake_call, stripe_fake, wait_for  # noqa: F401 (the fixture)


def customer_token():
    email = f"cards-{uuid.uuid4().hex[:10]}@example.com"
    vpsctl("customer", "create", "--email", email, "--name", "Card Customer", stdin="card-customer-pass-1\n")
    token = vpsctl("token", "create", "--email", email, "--name", "cards", "--scope", "write").strip().splitlines()[-1]
    return token, sql(f"SELECT id FROM users WHERE email = '{email}'")


def api(base_url, token, method, path, payload=None):
    request = urllib.request.Request(base_url + path, method=method, data=None if payload is None else json.dumps(payload).encode(),
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def add_card(base_url, fake_url, token, card):
    status, started = api(base_url, token, "POST", "/api/v1/payment-methods/setup", {"gateway": "stripe"})
    assert status == 201, started
    assert started["url"].startswith(fake_url + "/pay/cs_test_")
    saved = fake_call(fake_url, "/pay/" + started["url"].rsplit("/", 1)[1], urllib.parse.urlencode({"card": card}).encode())
    assert saved["webhook_status"] == 200
    return started["setup"], saved


def test_add_choose_and_remove_cards(base_url, stripe_fake):
    token, customer = customer_token()
    setup, saved = add_card(base_url, stripe_fake, token, "pm_card_visa")
    assert wait_for(f"SELECT status FROM card_setup_sessions WHERE id = '{setup}'", "saved") == "saved"
    for _ in range(3):
        assert fake_call(stripe_fake, f"/_fake/resend/{saved['event']}")["webhook_status"] == 200
    assert wait_for("SELECT count(*) FROM payment_notifications WHERE gateway = 'stripe' AND status = 'queued'", "0") == "0"
    status, cards = api(base_url, token, "GET", "/api/v1/payment-methods")
    assert status == 200 and [(c["brand"], c["last4"], c["auto_pay"]) for c in cards["items"]] == [("visa", "4242", True)]

    setup, _ = add_card(base_url, stripe_fake, token, "pm_card_chargeDeclined")
    assert wait_for(f"SELECT status FROM card_setup_sessions WHERE id = '{setup}'", "saved") == "saved"
    visa, declining = api(base_url, token, "GET", "/api/v1/payment-methods")[1]["items"]
    assert declining["last4"] == "0341" and not declining["auto_pay"]
    assert sql(f"SELECT count(*) FROM gateway_customers WHERE customer_id = {customer}") == "1"

    status, chosen = api(base_url, token, "PATCH", f"/api/v1/payment-methods/{declining['id']}", {"auto_pay": True})
    assert status == 200 and chosen["auto_pay"]
    assert sql(f"SELECT id FROM saved_payment_methods WHERE customer_id = {customer} AND auto_pay") == str(declining["id"])
    status, problem = api(base_url, token, "PATCH", f"/api/v1/payment-methods/{visa['id']}", {"auto_pay": "maybe"})
    assert status == 422 and [e["field"] for e in problem["errors"]] == ["auto_pay"]

    other, _ = customer_token()
    assert api(base_url, other, "DELETE", f"/api/v1/payment-methods/{visa['id']}")[0] == 404
    assert api(base_url, other, "GET", "/api/v1/payment-methods")[1]["items"] == []

    fake_call(stripe_fake, "/_fake/mode", json.dumps({"mode": "fail"}).encode())
    status, problem = api(base_url, token, "DELETE", f"/api/v1/payment-methods/{declining['id']}")
    assert status == 503, problem
    assert sql(f"SELECT status || auto_pay::text FROM saved_payment_methods WHERE id = {declining['id']}") == "activetrue"
    fake_call(stripe_fake, "/_fake/mode", json.dumps({"mode": "ok"}).encode())
    status, removed = api(base_url, token, "DELETE", f"/api/v1/payment-methods/{declining['id']}")
    assert status == 200 and removed["status"] == "removed" and not removed["auto_pay"]
    assert api(base_url, token, "DELETE", f"/api/v1/payment-methods/{declining['id']}")[0] == 404
    state = json.loads(urllib.request.urlopen(stripe_fake + "/_fake/state").read())
    assert state["detached"].count(sql(f"SELECT gateway_method_id FROM saved_payment_methods WHERE id = {declining['id']}")) == 1
    assert [c["id"] for c in api(base_url, token, "GET", "/api/v1/payment-methods")[1]["items"]] == [visa["id"]]
