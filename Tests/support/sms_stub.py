#!/usr/bin/env python3
"""A Twilio-shaped SMS provider on a loopback port for one test: prints its port, records each
POST .../Messages.json (path, Authorization, form fields) and answers 201 {"sid": "SM<n>"};
GET /_stub/messages returns what it received."""
import json
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

received = []


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.answer(200, received) if self.path == "/_stub/messages" else self.answer(404, {})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        form = urllib.parse.parse_qs(self.rfile.read(length).decode(), keep_blank_values=True)
        received.append({"path": self.path, "authorization": self.headers.get("Authorization", ""),
                         "content_type": self.headers.get("Content-Type", ""), "form": {k: v[0] for k, v in form.items()}})
        self.answer(201, {"sid": f"SM{len(received)}", "status": "queued"})


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
