"""Outgoing webhooks through nginx and the job runner: an admin subscribes a receiver on loopback
(private targets allowed for the test), a test ping and a new order arrive signed with the
subscription's secret (checked here), once each; with private targets not allowed nothing is
sent and the delivery log says why."""
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from test_idempotency import sql
from test_loadable_gateway import api, enrolled_admin
from test_openapi import fetch
from test_stripe_checkout import customer_with_invoice


class Receiver(BaseHTTPRequestHandler):
    received = []

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        Receiver.received.append((dict((k.lower(), v) for k, v in self.headers.items()), body))
        self.send_response(204)
        self.end_headers()


@pytest.fixture
def receiver():
    Receiver.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    sql("UPDATE webhook_settings SET allow_private_targets = false")


def genuine(headers, body, secret):
    parts = dict(p.split("=", 1) for p in headers["x-vps-signature"].split(","))
    wanted = hmac.new(secret.encode(), parts["t"].encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(wanted, parts["v1"]) and abs(time.time() - int(parts["t"])) < 300


def wait_until(predicate, seconds=20):
    deadline = time.monotonic() + seconds
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.2)
    return predicate()


def test_signed_ping_and_order_arrive_once_and_private_targets_are_refused(base_url, test_var, test_root, receiver):
    admin, _ = enrolled_admin(base_url, test_var, test_root)
    url = f"http://127.0.0.1:{receiver.server_address[1]}/hook"
    sql("UPDATE webhook_settings SET allow_private_targets = true")
    status, _, raw = api(base_url, "/api/v1/webhooks", admin, {"url": url, "events": ["order.created"]})
    assert status == 201, raw
    made = json.loads(raw)
    secret = made["secret"]
    status, _, raw = fetch(f"{base_url}/api/v1/webhooks/{made['id']}", headers={"Authorization": f"Bearer {admin}"})
    assert status == 200 and "secret" not in json.loads(raw), raw

    status, _, raw = api(base_url, f"/api/v1/webhooks/{made['id']}/ping", admin, {})
    assert status == 202, raw
    ping = json.loads(raw)["event_id"]
    assert wait_until(lambda: len(Receiver.received) == 1), Receiver.received
    headers, body = Receiver.received[0]
    assert headers["x-vps-event-id"] == ping and headers["x-vps-event"] == "webhook.ping" and genuine(headers, body, secret)

    _, order, _ = customer_with_invoice(base_url)
    assert wait_until(lambda: len(Receiver.received) == 2), Receiver.received
    headers, body = Receiver.received[1]
    event = json.loads(body)
    assert event["type"] == "order.created" and event["id"] == f"order.created:{order}" and event["data"]["order_id"] == int(order)
    assert genuine(headers, body, secret)
    time.sleep(1)
    assert len(Receiver.received) == 2, "each event once"

    status, _, raw = fetch(f"{base_url}/api/v1/webhooks/{made['id']}/deliveries", headers={"Authorization": f"Bearer {admin}"})
    log = json.loads(raw)["items"]
    assert [d["response_status"] for d in log] == [204, 204], log

    sql("UPDATE webhook_settings SET allow_private_targets = false")
    status, _, raw = api(base_url, f"/api/v1/webhooks/{made['id']}/ping", admin, {})
    assert status == 202, raw
    assert wait_until(lambda: sql(f"SELECT count(*) FROM webhook_deliveries WHERE subscription_id = {made['id']}") == "3")
    assert "not allowed" in sql(f"SELECT error FROM webhook_deliveries WHERE subscription_id = {made['id']} ORDER BY id DESC LIMIT 1")
    assert len(Receiver.received) == 2
    status, _, _ = fetch(f"{base_url}/api/v1/webhooks/{made['id']}", headers={"Authorization": f"Bearer {admin}"}, method="DELETE")
    assert status == 204
