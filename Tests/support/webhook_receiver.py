#!/usr/bin/env python3
"""A webhook receiver on loopback, for tests only: python3 Tests/support/webhook_receiver.py

Prints its port on the first line of stdout. Every POST to any path other than /_recv/* is a
delivery: recorded with its headers and body, its X-VPS-Signature verified (HMAC-SHA256 of
"t.body" under the secret set by the test, t within 300 s), and answered by the mode. Knobs:
    POST /_recv/mode {"mode": "ok" | "fail"}    fail: deliveries answer 500 (with a 3 KB body)
    POST /_recv/secret {"secret": "whsec_…"}    the secret signatures are checked against
    GET  /_recv/state                           {"deliveries": [{"path","headers","body","verified"}…]}
"""
import hashlib, hmac, json, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STATE = {"mode": "ok", "secret": "", "deliveries": []}
LOCK = threading.Lock()


def verified(header: str, body: bytes, secret: str) -> bool:
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    t, v1 = parts.get("t", ""), parts.get("v1", "")
    if not t.isdigit() or abs(time.time() - int(t)) > 300 or not secret:
        return False
    wanted = hmac.new(secret.encode(), t.encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(wanted, v1)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status: int, body: bytes, kind: str = "application/json"):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        with LOCK:
            self.answer(200, json.dumps({"deliveries": STATE["deliveries"], "mode": STATE["mode"]}).encode())

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.startswith("/_recv/"):
            knob = json.loads(body or b"{}")
            with LOCK:
                STATE.update({k: v for k, v in knob.items() if k in ("mode", "secret")})
            return self.answer(200, b"{}")
        with LOCK:
            STATE["deliveries"].append({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
                                        "body": body.decode(), "verified": verified(self.headers.get("X-VPS-Signature", ""), body, STATE["secret"])})
            mode = STATE["mode"]
        if mode == "fail":
            return self.answer(500, b"x" * 3000, "text/plain")
        self.answer(200, b'{"ok": true}')


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    sys.stdout.close()
    server.serve_forever()
