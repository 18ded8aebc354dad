#!/usr/bin/env python3
"""A small Stripe-compatible HTTP server on loopback, for tests only.

    python3 Tests/support/stripe_fake.py --secret-key sk_test_x --webhook-secret whsec_x \
        --webhook-url http://127.0.0.1:8080/webhooks/stripe [--port 0]

Prints its port on the first line of stdout. Speaks the few calls the portal's `stripe` module
makes: POST /v1/checkout/sessions, POST /v1/refunds and POST /v1/payment_intents (form-encoded,
`Authorization: Bearer`; an `Idempotency-Key` replays the first answer, as Stripe does).
A session's `url` is the fake's own /pay/{id}: GET shows a page, POST "pays" — the fake then
POSTs a signed `checkout.session.completed` event to --webhook-url (Stripe-Signature: t=…,v1=…,
HMAC-SHA256 of "t.body" under the webhook secret). Test knobs, JSON in and out:
    POST /_fake/mode {"mode": "ok" | "fail" | "hang" | "lose"}   fail: /v1/* answer 500; hang: they never answer in time;
                                                         lose: the call is done but its answer is lost (500)
Like Stripe, a POST with an `Idempotency-Key` already seen on that path answers with the first
answer and does nothing again (`idempotent`).
    POST /_fake/resend/{event_id}                        the same event body again, freshly signed
    POST /_fake/intent-webhooks {"send": true}           also POST payment_intent.succeeded of off-session charges
Off-session charges: payment method `pm_card_chargeDeclined` is declined (402 card_error), any
other succeeds; `charges` in the state lists each new charge with its idempotency key.
    GET  /_fake/state                                    sessions, events, refunds, calls made
Saved cards: POST /v1/customers; POST /v1/checkout/sessions with mode=setup (its /pay/{id} "saves" a
test card — form field `card`: pm_card_visa (4242, the default), pm_card_mastercard (4444) or
pm_card_chargeDeclined (0341, which charges decline) — and sends `checkout.session.completed` with
mode=setup and its `setup_intent`); GET /v1/setup_intents/{id}; GET /v1/payment_methods/{id};
POST /v1/payment_methods/{id}/detach.
"""
import argparse, hashlib, hmac, json, secrets, signal, sys, threading, time, urllib.parse, urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STATE = {"mode": "ok", "sessions": {}, "events": {}, "refunds": [], "calls": [], "intents": {}, "charges": [], "replays": {},
         "intent_webhooks": False, "customers": {}, "setup_intents": {}, "payment_methods": {}, "detached": []}
IDEMPOTENT = {}  # Idempotency-Key → (status, answer)
ANSWERED = {}  # (path, Idempotency-Key) -> (status, payload) of the first answer (refunds)
TEST_CARDS = {"pm_card_visa": ("visa", "4242"), "pm_card_mastercard": ("mastercard", "4444"),
              "pm_card_chargeDeclined": ("visa", "0341")}
LOCK = threading.Lock()
ARGS = None


def sign(body: bytes) -> str:
    t = str(int(time.time()))
    mac = hmac.new(ARGS.webhook_secret.encode(), t.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def deliver(event_id: str) -> int:
    body = STATE["events"][event_id]
    request = urllib.request.Request(ARGS.webhook_url, data=body, method="POST",
                                     headers={"Content-Type": "application/json", "Stripe-Signature": sign(body)})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:  # nothing listening, too slow: the portal never heard of it
        return 0


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, payload, content_type="application/json", headers=()):
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def stripe_error(self, status, message, kind="invalid_request_error"):
        self.answer(status, {"error": {"type": kind, "message": message}})

    def api(self, form):
        """Common to /v1/*: the mode knobs and the key; True when the call may go on."""
        with LOCK:
            STATE["calls"].append({"path": self.path, "form": form, "authorization": self.headers.get("Authorization", ""),
                                   "idempotency_key": self.headers.get("Idempotency-Key")})
            mode = STATE["mode"]
        if mode == "hang":
            time.sleep(ARGS.hang_seconds)
        if mode in ("fail", "hang"):
            self.stripe_error(500, "fake: failing on purpose", "api_error")
            return False
        if self.headers.get("Authorization") != f"Bearer {ARGS.secret_key}":
            self.stripe_error(401, "Invalid API Key provided", "authentication_error")
            return False
        return True

    def idempotent(self, make):
        """Answers a POST as Stripe does with `Idempotency-Key`: the first answer on (path, key) is
        kept and given again without doing the call twice. `make` does the call, returning (status, payload)."""
        key = self.headers.get("Idempotency-Key")
        with LOCK:
            known = ANSWERED.get((self.path, key)) if key else None
            if known is None:
                known = make()
                if key and known[0] < 500:
                    ANSWERED[(self.path, key)] = known
            elif STATE["mode"] != "lose":
                return self.answer(*known, headers=[("Idempotent-Replayed", "true")])
        if STATE["mode"] == "lose":
            return self.stripe_error(500, "fake: the answer was lost on purpose", "api_error")
        self.answer(*known)

    def do_GET(self):
        if self.path.startswith("/v1/"):
            return self.card_get() if self.api({}) else None
        if self.path == "/_fake/state":
            with LOCK:
                state = {k: v for k, v in STATE.items() if k != "events"}
                state["events"] = {k: json.loads(v) for k, v in STATE["events"].items()}
            return self.answer(200, state)
        if self.path.startswith("/pay/") and self.path[5:] in STATE["sessions"]:
            session = STATE["sessions"][self.path[5:]]
            if session["mode"] == "setup":
                return self.answer(200, setup_page(session), "text/html; charset=utf-8")
            page = (f"<!doctype html><title>Fake Stripe</title><p>Pay {session['amount_total']} {session['currency']}</p>"
                    f"<form method=post><button>Pay</button></form>")
            return self.answer(200, page.encode(), "text/html; charset=utf-8")
        self.stripe_error(404, "Unrecognized request URL")

    def do_POST(self):
        raw = self.body()
        form = {k: v[0] for k, v in urllib.parse.parse_qs(raw.decode(), keep_blank_values=True).items()}
        if self.path == "/_fake/mode":
            STATE["mode"] = json.loads(raw)["mode"]
            return self.answer(200, {"mode": STATE["mode"]})
        if self.path.startswith("/_fake/resend/"):
            event_id = self.path[len("/_fake/resend/"):]
            return self.answer(200, {"event": event_id, "webhook_status": deliver(event_id)})
        if self.path == "/v1/checkout/sessions" and form.get("mode") == "setup":
            return self.create_setup_session(form) if self.api(form) else None
        if self.path == "/v1/checkout/sessions":
            return self.create_session(form) if self.api(form) else None
        if self.path == "/v1/customers" or self.path.startswith("/v1/payment_methods/"):
            return self.card_post(form) if self.api(form) else None
        if self.path == "/v1/refunds":
            return self.idempotent(lambda: self.refund(form)) if self.api(form) else None
        if self.path == "/v1/payment_intents":
            return self.payment_intent(form) if self.api(form) else None
        if self.path == "/_fake/intent-webhooks":
            STATE["intent_webhooks"] = bool(json.loads(raw)["send"])
            return self.answer(200, {"send": STATE["intent_webhooks"]})
        if self.path.startswith("/pay/") and STATE["sessions"].get(self.path[5:], {}).get("mode") == "setup":
            return self.save_card(STATE["sessions"][self.path[5:]], form.get("card") or "pm_card_visa")
        if self.path.startswith("/pay/") and self.path[5:] in STATE["sessions"]:
            return self.pay(STATE["sessions"][self.path[5:]])
        self.stripe_error(404, "Unrecognized request URL")

    def create_session(self, form):
        needed = ["mode", "line_items[0][price_data][currency]", "line_items[0][price_data][unit_amount]",
                  "line_items[0][price_data][product_data][name]", "line_items[0][quantity]", "success_url", "cancel_url"]
        missing = [name for name in needed if not form.get(name)]
        if missing or form["mode"] != "payment" or not form["line_items[0][price_data][unit_amount]"].isdigit():
            return self.stripe_error(400, f"Missing or invalid parameters: {missing or 'mode/unit_amount'}")
        session_id = "cs_test_" + secrets.token_hex(12)
        host = self.headers.get("Host")
        session = {"id": session_id, "object": "checkout.session", "url": f"http://{host}/pay/{session_id}", "status": "open",
                   "payment_status": "unpaid", "mode": "payment",
                   "amount_total": int(form["line_items[0][price_data][unit_amount]"]) * int(form["line_items[0][quantity]"]),
                   "currency": form["line_items[0][price_data][currency]"], "client_reference_id": form.get("client_reference_id"),
                   "success_url": form["success_url"], "cancel_url": form["cancel_url"],
                   "metadata": {k[9:-1]: v for k, v in form.items() if k.startswith("metadata[")}}
        with LOCK:
            STATE["sessions"][session_id] = session
        self.answer(200, session)

    def pay(self, session):
        with LOCK:
            session.update(status="complete", payment_status="paid", payment_intent=session.get("payment_intent") or "pi_" + secrets.token_hex(12))
            event_id = "evt_" + secrets.token_hex(12)
            STATE["events"][event_id] = json.dumps({"id": event_id, "object": "event", "type": "checkout.session.completed",
                                                    "data": {"object": session}}).encode()
        status = deliver(event_id)
        if "json" in self.headers.get("Accept", ""):
            return self.answer(200, {"event": event_id, "webhook_status": status, "payment_intent": session["payment_intent"]})
        self.answer(303, b"", "text/plain", [("Location", session["success_url"])])

    def refund(self, form):
        intent = form.get("payment_intent", "")
        paid = [s for s in STATE["sessions"].values() if s.get("payment_intent") == intent]
        if not paid:
            return 400, {"error": {"type": "invalid_request_error", "message": f"No such payment_intent: '{intent}'"}}
        amount = int(form.get("amount") or paid[0]["amount_total"])
        already = sum(r["amount"] for r in STATE["refunds"] if r["payment_intent"] == intent)
        if amount <= 0 or already + amount > paid[0]["amount_total"]:
            return 400, {"error": {"type": "invalid_request_error", "message": "Refund amount is greater than the unrefunded amount"}}
        refund = {"id": "re_" + secrets.token_hex(12), "object": "refund", "amount": amount, "payment_intent": intent,
                  "currency": paid[0]["currency"], "status": "succeeded"}
        STATE["refunds"].append(refund)  # under LOCK (idempotent)
        return 200, refund

    def payment_intent(self, form):
        """An off-session charge of a saved card, once per Idempotency-Key."""
        key = self.headers.get("Idempotency-Key")
        with LOCK:
            if key and key in IDEMPOTENT:
                STATE["replays"][key] = STATE["replays"].get(key, 0) + 1
                status, answer = IDEMPOTENT[key]
                return self.answer(status, answer, headers=[("Idempotent-Replayed", "true")])
            status, answer, event_id = self.charge(form, key)
            if key:
                IDEMPOTENT[key] = (status, answer)
        if event_id and STATE["intent_webhooks"]:
            deliver(event_id)
        self.answer(status, answer)

    def charge(self, form, key):
        """(status, answer, event id to deliver or None); the caller holds LOCK."""
        needed = ["amount", "currency", "customer", "payment_method"]
        missing = [name for name in needed if not form.get(name)]
        if missing or not form["amount"].isdigit() or form.get("off_session") != "true" or form.get("confirm") != "true":
            return 400, {"error": {"type": "invalid_request_error", "message": f"Missing or invalid parameters: {missing or 'amount/off_session/confirm'}"}}, None
        intent_id = "pi_" + secrets.token_hex(12)
        metadata = {k[9:-1]: v for k, v in form.items() if k.startswith("metadata[")}
        saved = STATE["payment_methods"].get(form["payment_method"], {})  # a card saved through a setup session
        declined = "pm_card_chargeDeclined" in (form["payment_method"], saved.get("test_card"))
        STATE["charges"].append({"idempotency_key": key, "payment_intent": intent_id, "amount": int(form["amount"]),
                                 "status": "declined" if declined else "succeeded", "metadata": metadata})
        if declined:
            return 402, {"error": {"type": "card_error", "code": "card_declined", "decline_code": "generic_decline",
                                   "message": "Your card was declined.", "payment_intent": {"id": intent_id, "status": "requires_payment_method"}}}, None
        intent = {"id": intent_id, "object": "payment_intent", "amount": int(form["amount"]), "amount_received": int(form["amount"]),
                  "currency": form["currency"], "customer": form["customer"], "payment_method": form["payment_method"],
                  "status": "succeeded", "metadata": metadata}
        STATE["intents"][intent_id] = intent
        event_id = "evt_" + secrets.token_hex(12)
        STATE["events"][event_id] = json.dumps({"id": event_id, "object": "event", "type": "payment_intent.succeeded",
                                                "data": {"object": intent}}).encode()
        return 200, intent, event_id

    # Saved cards: customers, setup sessions, setup intents and payment methods.

    def create_setup_session(self, form):
        customer = form.get("customer", "")
        if customer not in STATE["customers"] or not form.get("success_url") or not form.get("cancel_url"):
            return self.stripe_error(400, "Missing or invalid parameters: customer/success_url/cancel_url")
        session_id = "cs_test_" + secrets.token_hex(12)
        session = {"id": session_id, "object": "checkout.session", "url": f"http://{self.headers.get('Host')}/pay/{session_id}",
                   "status": "open", "mode": "setup", "payment_status": "no_payment_required", "customer": customer,
                   "setup_intent": None, "client_reference_id": form.get("client_reference_id"), "success_url": form["success_url"],
                   "cancel_url": form["cancel_url"], "metadata": {k[9:-1]: v for k, v in form.items() if k.startswith("metadata[")}}
        with LOCK:
            STATE["sessions"][session_id] = session
        self.answer(200, session)

    def save_card(self, session, card):
        if card not in TEST_CARDS:
            return self.stripe_error(400, f"No such test card: {card}")
        brand, last4 = TEST_CARDS[card]
        with LOCK:
            if session["setup_intent"] is None:
                method = {"id": "pm_" + secrets.token_hex(12), "object": "payment_method", "type": "card", "test_card": card,
                          "customer": session["customer"], "card": {"brand": brand, "last4": last4, "exp_month": 12, "exp_year": 2034}}
                intent = {"id": "seti_" + secrets.token_hex(12), "object": "setup_intent", "status": "succeeded",
                          "customer": session["customer"], "payment_method": method["id"]}
                STATE["payment_methods"][method["id"]] = method
                STATE["setup_intents"][intent["id"]] = intent
                session.update(status="complete", setup_intent=intent["id"])
            event_id = "evt_" + secrets.token_hex(12)
            STATE["events"][event_id] = json.dumps({"id": event_id, "object": "event", "type": "checkout.session.completed",
                                                    "data": {"object": session}}).encode()
        status = deliver(event_id)
        if "json" in self.headers.get("Accept", ""):
            intent = STATE["setup_intents"][session["setup_intent"]]
            return self.answer(200, {"event": event_id, "webhook_status": status, "setup_intent": intent["id"],
                                     "payment_method": intent["payment_method"]})
        self.answer(303, b"", "text/plain", [("Location", session["success_url"])])

    def card_get(self):
        kind, _, object_id = self.path[4:].partition("/")
        found = STATE.get({"setup_intents": "setup_intents", "payment_methods": "payment_methods"}.get(kind, ""), {}).get(object_id)
        if found is None:
            return self.answer(404, {"error": {"type": "invalid_request_error", "code": "resource_missing",
                                               "message": f"No such {kind[:-1]}: '{object_id}'"}})
        self.answer(200, found)

    def card_post(self, form):
        if self.path == "/v1/customers":
            customer = {"id": "cus_" + secrets.token_hex(12), "object": "customer", "email": form.get("email"),
                        "metadata": {k[9:-1]: v for k, v in form.items() if k.startswith("metadata[")}}
            with LOCK:
                STATE["customers"][customer["id"]] = customer
            return self.answer(200, customer)
        method_id, _, action = self.path[len("/v1/payment_methods/"):].partition("/")
        method = STATE["payment_methods"].get(method_id)
        if action != "detach" or method is None:
            return self.stripe_error(404, f"No such payment_method: '{method_id}'")
        if method["customer"] is None:
            return self.stripe_error(400, "The payment method you provided is not attached to a customer so detachment is impossible.")
        with LOCK:
            method["customer"] = None
            STATE["detached"].append(method_id)
        self.answer(200, method)


def setup_page(session):
    options = "".join(f"<option value={card}>{brand} •••• {last4}</option>" for card, (brand, last4) in TEST_CARDS.items())
    return (f"<!doctype html><title>Fake Stripe</title><p>Save a card</p>"
            f"<form method=post><select name=card>{options}</select><button>Save card</button></form>").encode()


def main():
    global ARGS
    signal.pthread_sigmask(signal.SIG_SETMASK, set())  # a test's thread may have spawned us with SIGTERM blocked
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--secret-key", default="sk_test_fake")
    parser.add_argument("--webhook-secret", default="whsec_fake")
    parser.add_argument("--webhook-url", default="http://127.0.0.1:8080/webhooks/stripe")
    parser.add_argument("--hang-seconds", type=float, default=30)
    ARGS = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", ARGS.port), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
