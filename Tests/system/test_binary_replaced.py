"""`vpsctl serve` keeps restarting workers after its binary was replaced (a deploy) or deleted.

A separate serve process runs from a copy of the binary on its own socket; the copy is
replaced (cp + mv, as a build or deploy does), a worker is killed, a request must still be
answered; then the file is deleted outright and the same must hold.
"""
import os
import shutil
import signal
import subprocess
import tempfile
import time

from conftest import require_env
from fastcgi_client import FastCGIConnection


def workers_of(pid):
    children = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                arguments = cmdline.read().split(b"\0")
        except OSError:
            continue
        if int(fields[1]) == pid and b"worker" in arguments:
            children.append(int(entry))
    return children


def health(socket_path):
    connection = FastCGIConnection(socket_path)
    connection.begin({"REQUEST_METHOD": "GET", "REQUEST_URI": "/health", "REMOTE_ADDR": "127.0.0.1"})
    connection.send_body(b"")
    response = connection.read_response().decode()
    connection.close()
    return response.split("\r\n", 1)[0]


def replace_worker_and_check(serve, socket_path):
    before = workers_of(serve.pid)
    assert before, "no workers"
    os.kill(before[0], signal.SIGKILL)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        now = workers_of(serve.pid)
        if len(now) == len(before) and before[0] not in now:
            break
        time.sleep(0.05)
    assert serve.poll() is None, "serve exited"
    time.sleep(0.3)
    assert health(socket_path) == "Status: 200 OK"


def test_workers_restart_after_the_binary_is_replaced_or_deleted(test_root):
    with tempfile.TemporaryDirectory() as directory:
        binary = os.path.join(directory, "vpsctl")
        shutil.copy2(os.path.join(test_root, ".build/release/vpsctl"), binary)
        socket_path = os.path.join(directory, "serve.sock")
        env = dict(os.environ, VPS_DATABASE_URL=require_env("VPS_TEST_DATABASE_URL"), VPS_SOCKET=socket_path,
                   VPS_WORKERS="2", VPS_THREADS="2", VPS_TEMPLATES_DIR=os.path.join(test_root, "templates"),
                   VPS_SECRET_KEY_FILE=os.path.join(require_env("VPS_TEST_VAR"), "secret.key"))
        serve = subprocess.Popen([binary, "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 10
            while not os.path.exists(socket_path) or len(workers_of(serve.pid)) < 2:
                assert serve.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.05)
            time.sleep(0.3)
            assert health(socket_path) == "Status: 200 OK"

            shutil.copy2(binary, binary + ".new")
            os.replace(binary + ".new", binary)
            replace_worker_and_check(serve, socket_path)

            os.remove(binary)
            replace_worker_and_check(serve, socket_path)
        finally:
            serve.send_signal(signal.SIGTERM)
            try:
                assert serve.wait(timeout=15) == 0
            finally:
                if serve.poll() is None:
                    serve.kill()
