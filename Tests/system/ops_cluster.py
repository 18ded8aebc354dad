"""PostgreSQL clusters and a `vpsctl serve` of their own, for the operations tests (failover, restore).

Clusters are made by scripts/pg.sh and scripts/ops/*.sh exactly as an operator would, in a
temporary directory, on unix sockets only (no TCP port to collide with anything); the portal
talks FastCGI on its own socket, without nginx."""
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time

from conftest import require_env
from fastcgi_client import FastCGIConnection

PASSWORD = "a long operations test password"


def root():
    return require_env("VPS_TEST_ROOT")


def script(path, var, port, *args, timeout=120):
    """Runs one of the repository's scripts on the cluster in `var`; its stdout."""
    env = dict(os.environ, VPS_VAR=var, VPS_PG_PORT=str(port), VPS_PG_LISTEN="", VPS_PG_FAST="0")
    result = subprocess.run([os.path.join(root(), path), *args], env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{path} {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


class Cluster:
    """One cluster laid out by scripts/pg.sh under `var`."""

    def __init__(self, base, name, port):
        self.var, self.port = os.path.join(base, name), port

    @property
    def conninfo(self):
        return f"host={self.var}/run/pg port={self.port}"

    def pg(self, action):
        return script("scripts/pg.sh", self.var, self.port, action)

    def ops(self, tool, *args, timeout=120):
        return script(f"scripts/ops/{tool}", self.var, self.port, *args, timeout=timeout)

    def sql(self, query):
        result = subprocess.run(["psql", "-X", "-q", "-tA", "-d", f"{self.conninfo} dbname=vps_portal user=vps", "-c", query],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    def stop_quietly(self):
        try:
            self.pg("stop")
        except AssertionError:
            pass


def workspace():
    """A temporary directory the postgres user can reach (scripts run PostgreSQL as postgres under root)."""
    base = tempfile.mkdtemp(prefix="vps-ops-")
    os.chmod(base, 0o755)
    return base


class Portal:
    """`vpsctl serve` with its own settings on `database_url`; requests go straight to its FastCGI socket."""

    def __init__(self, base, database_url, test_var):
        self.var = os.path.join(base, "app")
        os.makedirs(os.path.join(self.var, "run"), exist_ok=True)
        self.socket = os.path.join(self.var, "run", "vpsctl.sock")
        self.log = os.path.join(self.var, "serve.log")
        self.env = dict(os.environ, VPS_VAR=self.var, VPS_DATABASE_URL=database_url, VPS_SOCKET=self.socket,
                        VPS_SECRET_KEY_FILE=os.path.join(test_var, "secret.key"), VPS_WORKERS="2", VPS_THREADS="4",
                        VPS_JOB_THREADS="2", VPS_PDF_THREADS="0", VPS_BILLING_INTERVAL="0", VPS_SMTP_CA_FILE="")
        self.env.pop("VPS_ENV_FILE", None)
        self.env.pop("VPS_BASE_URL", None)
        self.process = None

    def vpsctl(self, *args, stdin=""):
        binary = os.path.join(root(), ".build/release/vpsctl")
        result = subprocess.run([binary, *args], input=stdin, env=self.env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, f"vpsctl {' '.join(args)}: {result.stderr}"
        return result.stdout

    def start(self):
        binary = os.path.join(root(), ".build/release/vpsctl")
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen([binary, "serve"], env=self.env, stdout=log, stderr=log, start_new_session=True)
        deadline = time.monotonic() + 30
        while not os.path.exists(self.socket):
            assert self.process.poll() is None and time.monotonic() < deadline, "vpsctl serve did not start"
            time.sleep(0.1)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    def request(self, method, path, body=None, headers=None, timeout=5.0):
        """(status, decoded JSON or None) of one request."""
        data = json.dumps(body).encode() if body is not None else b""
        params = {"REQUEST_METHOD": method, "REQUEST_URI": path, "REMOTE_ADDR": "127.0.0.1",
                  "CONTENT_LENGTH": str(len(data)), "HTTP_ACCEPT": "application/json"}
        if data:
            params["CONTENT_TYPE"] = "application/json"
        for name, value in (headers or {}).items():
            params["HTTP_" + name.upper().replace("-", "_")] = value
        connection = FastCGIConnection(self.socket, timeout=timeout)
        try:
            connection.begin(params)
            connection.send_body(data)
            raw = connection.read_response()
        finally:
            connection.close()
        head, _, payload = raw.partition(b"\r\n\r\n")
        status = int(head.split(b"\r\n")[0].split()[1])
        try:
            return status, json.loads(payload) if payload else None
        except ValueError:
            return status, None

    def customer_token(self, email):
        self.vpsctl("customer", "create", "--email", email, "--name", "Ops Customer", stdin=PASSWORD + "\n")
        return self.vpsctl("token", "create", "--email", email, "--name", "ops", "--scope", "write").strip().splitlines()[-1]


def remove(base):
    shutil.rmtree(base, ignore_errors=True)
