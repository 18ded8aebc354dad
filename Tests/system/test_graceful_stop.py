"""`vpsctl serve` on SIGTERM lets an in-flight request finish, then exits 0.

A separate serve process on its own socket (not the shared test stack): the test
opens a FastCGI request, sends the headers but holds back the body, so a worker
thread is busy with it; then SIGTERM; then the body. The response must arrive
complete and serve must exit 0 and remove its socket.
"""
import os
import signal
import subprocess
import tempfile
import time

from conftest import require_env
from fastcgi_client import FastCGIConnection


def start_serve(root, socket_path):
    env = dict(os.environ)
    env.update({
        "VPS_DATABASE_URL": require_env("VPS_TEST_DATABASE_URL"),
        "VPS_SOCKET": socket_path,
        "VPS_WORKERS": "1",
        "VPS_THREADS": "2",
        "VPS_TEMPLATES_DIR": os.path.join(root, "templates"),
    })
    process = subprocess.Popen([os.path.join(root, ".build/release/vpsctl"), "serve"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 10
    while not os.path.exists(socket_path):
        assert process.poll() is None, process.stdout.read().decode()
        assert time.monotonic() < deadline, "serve did not create its socket"
        time.sleep(0.05)
    return process


def pending_connections(socket_path):
    """Connections waiting in the listening socket's accept queue (ss's Recv-Q), or None."""
    listing = subprocess.run(["ss", "-xlnH"], capture_output=True, text=True, check=True).stdout
    for line in listing.splitlines():
        fields = line.split()
        if socket_path in fields:
            return int(fields[2])
    return None


def wait_until_accepted(socket_path, seconds=15):
    """Waits until a worker has taken every connection off the socket's queue."""
    deadline = time.monotonic() + seconds
    while pending_connections(socket_path) != 0:
        assert time.monotonic() < deadline, "no worker accepted the connection"
        time.sleep(0.05)


def test_sigterm_lets_in_flight_request_finish(test_root):
    with tempfile.TemporaryDirectory() as directory:
        socket_path = os.path.join(directory, "serve.sock")
        serve = start_serve(test_root, socket_path)
        try:
            connection = FastCGIConnection(socket_path)
            connection.begin({
                "REQUEST_METHOD": "POST", "REQUEST_URI": "/health", "CONTENT_LENGTH": "5",
                "CONTENT_TYPE": "text/plain", "REMOTE_ADDR": "127.0.0.1", "REQUEST_ID": "graceful-1",
            })
            wait_until_accepted(socket_path)  # a worker thread now holds the request, waiting for its body
            serve.send_signal(signal.SIGTERM)
            time.sleep(0.5)
            assert serve.poll() is None, "serve exited while a request was in flight"
            connection.send_body(b"hello")
            response = connection.read_response().decode()
            connection.close()
            assert response.startswith("Status: 405 Method Not Allowed\r\n"), response[:200]
            assert "X-Request-ID: graceful-1" in response
            assert serve.wait(timeout=10) == 0
            assert not os.path.exists(socket_path), "serve left its socket behind"
        finally:
            if serve.poll() is None:
                serve.kill()
                serve.wait()
