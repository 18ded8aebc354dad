"""`vpsctl serve` with VPS_FASTCGI_LISTEN: FastCGI on TCP for an nginx on another host, answered by
workers of its own; a public address is refused at start."""
import os
import socket
import subprocess
import tempfile
import time

from conftest import require_env
from fastcgi_client import FastCGIConnection


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_env(directory, test_var, listen):
    return dict(os.environ, VPS_VAR=directory, VPS_DATABASE_URL=require_env("VPS_TEST_DATABASE_URL"),
                VPS_SOCKET=os.path.join(directory, "serve.sock"), VPS_SECRET_KEY_FILE=os.path.join(test_var, "secret.key"),
                VPS_WORKERS="1", VPS_THREADS="2", VPS_FASTCGI_LISTEN=listen, VPS_BILLING_INTERVAL="0", VPS_PDF_THREADS="0")


def test_fastcgi_on_tcp_and_public_addresses_refused(test_root, test_var):
    binary = os.path.join(test_root, ".build/release/vpsctl")
    with tempfile.TemporaryDirectory() as directory:
        refused = subprocess.run([binary, "serve"], env=serve_env(directory, test_var, "203.0.113.9:9000"),
                                 capture_output=True, text=True, timeout=30)
        assert refused.returncode != 0 and "not a private address" in refused.stderr

        port = free_port()
        log_path = os.path.join(directory, "serve.log")
        with open(log_path, "wb") as log:
            serve = subprocess.Popen([binary, "serve"], env=serve_env(directory, test_var, f"127.0.0.1:{port}"), stdout=log, stderr=log)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    connection = socket.create_connection(("127.0.0.1", port), timeout=10)
                    break
                except OSError:
                    assert time.monotonic() < deadline and serve.poll() is None, "nothing listens on the TCP address"
                    time.sleep(0.1)
            client = FastCGIConnection.__new__(FastCGIConnection)
            client.sock = connection
            client.begin({"REQUEST_METHOD": "GET", "REQUEST_URI": "/health", "REMOTE_ADDR": "10.0.0.1", "CONTENT_LENGTH": "0",
                          "REQUEST_ID": "tcp-health-1"})
            client.send_body(b"")
            assert client.read_response().startswith(b"Status: 200 OK\r\n")
            client.close()
        finally:
            serve.terminate()
            serve.wait(timeout=40)
        with open(log_path, encoding="utf-8") as log:
            text = log.read()
        assert f"serving FastCGI on tcp 127.0.0.1:{port}" in text
        answered = [line for line in text.splitlines() if "request_id=tcp-health-1 " in line]
        assert answered and "status=200" in answered[0]
