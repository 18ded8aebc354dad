"""Faults under load: the stack keeps its promises while it is hammered and broken.

For each fault — (a) `kill -9` of a worker, (b) PostgreSQL stopped and started, (c) `kill -9`
of the job runner — this runs, at the same time and all on loopback:
  * two bounded wrk runs (`-t2 -c16 -d8s`): `/health` and a signed-in page (`/my/orders`),
    counting 5xx answers with a small Lua script;
  * a steady probe (`GET /health` every 20 ms) that times the recovery;
  * order clients (threads) placing orders with `POST /api/v1/orders` and a customer token, each
    with a unique note so it can be found again;
  * a staff client paying some acknowledged orders (`POST /api/v1/orders/{id}/pay`, `X-2FA-Code`
    of an enrolled admin; every TOTP step is accepted once per admin, so a few admins share the work).

Afterwards PostgreSQL is asked directly: every order acknowledged with 201 exists exactly once
with its items; every paid order has exactly one payment and one server per unit; no item has
more servers than units; every provisioning job leaves the queue. The numbers are printed as a
table and written to `$VPS_TEST_VAR/faults.json`.

Recovery: for the worker and the job runner, first failed probe → first successful probe (0 when
no probe failed; the runner's replacement time is reported too). For PostgreSQL, whose outage is
deliberate, from the moment it accepts connections again (`pg.sh start` returned) → first
successful probe. Each must be under 2 s.
"""
import base64
import hashlib
import hmac
import http.client
import http.cookiejar
import json
import os
import re
import signal
import struct
import subprocess
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid

import pytest

RECOVERY_LIMIT = 2.0
WRK_SECONDS = 8
FAULT_AT = 2.0  # seconds into the load
ADMINS = 8
PASSWORD = "a long fault test password"

WRK_LUA = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) s2 = 0; s3 = 0; s4 = 0; s5 = 0 end
function response(status, headers, body)
  if status >= 500 then s5 = s5 + 1 elseif status >= 400 then s4 = s4 + 1
  elseif status >= 300 then s3 = s3 + 1 else s2 = s2 + 1 end
end
function done(summary, latency, requests)
  local t2, t3, t4, t5 = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    t2 = t2 + t:get("s2"); t3 = t3 + t:get("s3"); t4 = t4 + t:get("s4"); t5 = t5 + t:get("s5")
  end
  local e = summary.errors
  io.write(string.format("WRKJSON {\"requests\": %d, \"s2xx\": %d, \"s3xx\": %d, \"s4xx\": %d, \"s5xx\": %d, " ..
    "\"connect_errors\": %d, \"read_errors\": %d, \"write_errors\": %d, \"timeouts\": %d, \"p99_ms\": %.1f}\n",
    summary.requests, t2, t3, t4, t5, e.connect, e.read, e.write, e.timeout, latency:percentile(99) / 1000))
end
"""

# ---------------------------------------------------------------- helpers


def require_env(name):
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"environment variable {name} is not set; run the suite with `make test`", pytrace=False)
    return value


def totp(secret, step):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def current_step():
    return int(time.time() // 30)


class Stack:
    """The test stack: its processes, its database and its binary."""

    def __init__(self):
        self.base_url = require_env("VPS_TEST_BASE_URL").rstrip("/")
        self.var = require_env("VPS_TEST_VAR")
        self.root = require_env("VPS_TEST_ROOT")
        self.database_url = require_env("VPS_TEST_DATABASE_URL")
        parts = urllib.parse.urlsplit(self.base_url)
        self.host, self.port = parts.hostname, parts.port or 80
        match = re.search(r"\bport=(\d+)", self.database_url)
        self.pg_port = match.group(1) if match else os.environ.get("VPS_PG_PORT", "54330")

    def vpsctl(self, *args, stdin=""):
        env = dict(os.environ, VPS_VAR=self.var)
        result = subprocess.run([os.path.join(self.root, ".build/release/vpsctl"), *args], input=stdin, env=env,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, f"vpsctl {' '.join(args)}: {result.stderr}"
        return result.stdout

    def sql(self, query, *params):
        """Rows of a query as lists of strings (psql, unaligned). Parameters are psql variables."""
        command = ["psql", self.database_url, "-X", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1"]
        for index, value in enumerate(params, start=1):
            command += ["-v", f"p{index}={value}"]
        result = subprocess.run(command, input=query, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, f"psql failed: {result.stderr}\n{query}"
        return [line.split("\t") for line in result.stdout.splitlines() if line]

    def pg(self, action):
        env = dict(os.environ, VPS_VAR=self.var, VPS_PG_PORT=self.pg_port, VPS_PG_FAST="1")
        env.setdefault("VPS_PG_LISTEN", "")  # unix socket only, as make test runs it
        result = subprocess.run([os.path.join(self.root, "scripts", "pg.sh"), action], env=env,
                                capture_output=True, text=True, timeout=90)
        assert result.returncode == 0, f"pg.sh {action} failed:\n{result.stdout}\n{result.stderr}"

    def serve_pid(self):
        with open(os.path.join(self.var, "run", "serve.pid")) as f:
            return int(f.read().strip())

    def children(self, role):
        out = subprocess.run(["pgrep", "-P", str(self.serve_pid())], capture_output=True, text=True).stdout
        pids = []
        for pid in (int(p) for p in out.split()):
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    args = [a.decode(errors="replace") for a in f.read().split(b"\0") if a]
            except OSError:
                continue
            if role in args[1:]:
                pids.append(pid)
        return pids

    def request(self, method, path, body=None, headers=None, timeout=5.0):
        """(status, parsed JSON or None); raises on connection errors."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            data = json.dumps(body).encode() if body is not None else None
            all_headers = dict(headers or {})
            if data is not None:
                all_headers["Content-Type"] = "application/json"
            conn.request(method, path, body=data, headers=all_headers)
            response = conn.getresponse()
            raw = response.read()
            try:
                parsed = json.loads(raw) if raw else None
            except ValueError:
                parsed = None
            return response.status, parsed
        finally:
            conn.close()


class Browser:
    """urllib with a cookie jar: signs in through the pages like a person."""

    def __init__(self, stack):
        self.stack = stack
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path):
        with self.opener.open(self.stack.base_url + path, timeout=10) as response:
            return response.geturl(), response.read().decode()

    def post(self, path, fields):
        data = urllib.parse.urlencode(fields).encode()
        with self.opener.open(self.stack.base_url + path, data=data, timeout=10) as response:
            return response.geturl(), response.read().decode()

    @staticmethod
    def csrf(html):
        match = re.search(r'name="csrf_token"\s+value="([^"]+)"', html)
        assert match, "no csrf_token field on the page"
        return match.group(1)

    def sign_in(self, email, password):
        _, html = self.get("/login")
        return self.post("/login", {"email": email, "password": password, "csrf_token": self.csrf(html)})

    def cookie(self, name):
        return next((c.value for c in self.jar if c.name == name), None)


class Admin:
    def __init__(self, email, secret, token, used_step):
        self.email, self.secret, self.token = email, secret, token
        self.last_step = used_step


def enrolled_admin(stack):
    """`vpsctl admin create`, sign in and enrol through the pages, then a write token."""
    email = f"fault-admin-{uuid.uuid4().hex[:10]}@example.test"
    output = stack.vpsctl("admin", "create", "--email", email, "--name", "Fault Admin", stdin=PASSWORD + "\n")
    secret = re.search(r"TOTP secret: ([A-Z2-7]+)", output).group(1)
    browser = Browser(stack)
    url, html = browser.sign_in(email, PASSWORD)
    assert url.endswith("/account/2fa"), url
    step = current_step()  # valid until the next step ends, however slow the machine
    url, html = browser.post("/account/2fa", {"code": totp(secret, step), "csrf_token": browser.csrf(html)})
    assert "recovery" in html.lower(), f"enrolment failed at {url}"
    token = stack.vpsctl("token", "create", "--email", email, "--name", "faults", "--scope", "write").strip().splitlines()[-1]
    return Admin(email, secret, token, step)


class CodeBook:
    """Hands out (admin, code) pairs the portal will accept: each admin's steps rise (a step at or
    before the last accepted one is a replay), and a code for the previous step is handed out
    only while it has at least MARGIN seconds left."""

    MARGIN = 5

    def __init__(self, admins):
        self.admins = admins
        self.lock = threading.Lock()

    def take(self):
        with self.lock:
            now = current_step()
            previous_usable = 30 - time.time() % 30 >= self.MARGIN
            for step in (now - 1, now, now + 1):
                if step == now - 1 and not previous_usable:
                    continue
                for admin in self.admins:
                    if step > admin.last_step:
                        admin.last_step = step
                        return admin, totp(admin.secret, step)
        return None, None


def run_wrk(stack, path, lua_path, headers=()):
    command = ["wrk", "-t2", "-c16", f"-d{WRK_SECONDS}s", "--timeout", "5s", "-s", lua_path]
    for header in headers:
        command += ["-H", header]
    command.append(f"http://127.0.0.1:{stack.port}{path}")
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wrk_result(process):
    output, _ = process.communicate(timeout=WRK_SECONDS + 30)
    match = re.search(r"WRKJSON (\{.*\})", output)
    assert match, f"wrk printed no summary:\n{output}"
    return json.loads(match.group(1))


class Probe(threading.Thread):
    """GET /health every 20 ms: (monotonic time, ok)."""

    def __init__(self, stack):
        super().__init__(daemon=True)
        self.stack, self.samples, self.stop_event = stack, [], threading.Event()

    def run(self):
        while not self.stop_event.is_set():
            started = time.monotonic()
            try:
                status, _ = self.stack.request("GET", "/health", timeout=2)
                ok = status == 200
            except Exception:  # noqa: BLE001 - a failure of the probe is what it measures
                ok = False
            self.samples.append((started, ok))
            time.sleep(0.02)

    def recovery(self, since, anchor=None):
        """Seconds from the first failure after `since` (or from `anchor`) to the next success."""
        after = [(t, ok) for t, ok in self.samples if t >= since]
        first_failure = next((t for t, ok in after if not ok), None)
        if first_failure is None:
            return 0.0, 0.0
        start = anchor if anchor is not None else first_failure
        first_success = next((t for t, ok in after if ok and t >= max(start, first_failure)), None)
        if first_success is None:
            return float("inf"), float("inf")
        return max(0.0, first_success - start), first_success - first_failure


class Traffic:
    """Order clients and a paying staff client, recording every acknowledgement."""

    def __init__(self, stack, customer_token, product_id, codes, phase):
        self.stack, self.customer_token, self.product_id, self.codes, self.phase = stack, customer_token, product_id, codes, phase
        self.stop_event = threading.Event()
        self.lock = threading.Lock()
        self.acknowledged = []  # (id, note, quantity)
        self.paid = set()
        self.attempts = 0
        self.statuses = {}
        self.errors = 0
        self.threads = [threading.Thread(target=self.order_loop, daemon=True) for _ in range(3)]
        self.threads.append(threading.Thread(target=self.pay_loop, daemon=True))

    def count(self, status):
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1

    def start(self):
        for thread in self.threads:
            thread.start()

    def stop(self):
        self.stop_event.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def order_loop(self):
        while not self.stop_event.is_set():
            note = f"fault-{self.phase}-{uuid.uuid4().hex}"
            quantity = 1 + (len(note) + int(note[-1], 16)) % 2
            body = {"items": [{"product_id": self.product_id, "billing_cycle": "monthly", "quantity": quantity}], "notes": note}
            with self.lock:
                self.attempts += 1
            try:
                status, reply = self.stack.request("POST", "/api/v1/orders", body,
                                                   {"Authorization": f"Bearer {self.customer_token}"}, timeout=5)
            except Exception:  # noqa: BLE001 - unacknowledged; counted
                with self.lock:
                    self.errors += 1
                time.sleep(0.05)
                continue
            self.count(status)
            if status == 201:
                with self.lock:
                    self.acknowledged.append((reply["id"], note, quantity))
            time.sleep(0.04)

    def pay_loop(self):
        paid_here = set()
        while not self.stop_event.wait(1.2):
            with self.lock:
                candidates = [order for order in self.acknowledged if order[0] not in paid_here]
            if not candidates:
                continue
            order_id = candidates[-1][0]
            paid_here.add(order_id)
            if self.pay(order_id):
                with self.lock:
                    self.paid.add(order_id)

    def pay(self, order_id):
        """Pays once; after an uncertain answer (5xx, dropped) it asks again with a new code."""
        uncertain = False
        for _ in range(8):
            admin, code = self.codes.take()
            if admin is None:
                return False  # no unused code left in this window; the order stays unpaid
            try:
                status, reply = self.stack.request(
                    "POST", f"/api/v1/orders/{order_id}/pay", None,
                    {"Authorization": f"Bearer {admin.token}", "X-2FA-Code": code}, timeout=5)
            except Exception:  # noqa: BLE001
                uncertain = True
                time.sleep(0.3)
                continue
            self.count(f"pay {status}")
            if status == 200:
                return True
            if status == 409 and uncertain:
                return self.is_paid(order_id, admin)
            if status >= 500:
                uncertain = True
                time.sleep(0.3)
                continue
            return False
        return False

    def is_paid(self, order_id, admin):
        for _ in range(20):
            try:
                status, reply = self.stack.request("GET", f"/api/v1/orders/{order_id}", None,
                                                   {"Authorization": f"Bearer {admin.token}"})
                if status == 200:
                    return reply["status"] in ("paid", "active")
            except Exception:  # noqa: BLE001
                pass
            time.sleep(0.2)
        return False


# ---------------------------------------------------------------- faults


def fault_worker(stack):
    workers = stack.children("worker")
    assert workers, "vpsctl serve has no worker processes"
    os.kill(sorted(workers)[0], signal.SIGKILL)
    return {}


def fault_postgres(stack):
    stack.pg("stop")
    time.sleep(0.5)
    stack.pg("start")
    return {"anchor": time.monotonic()}


def fault_job_runner(stack):
    runners = stack.children("jobs")
    assert runners, "vpsctl serve has no job runner"
    killed_at = time.monotonic()
    os.kill(runners[0], signal.SIGKILL)
    replaced = None
    while time.monotonic() - killed_at < 10:
        current = [pid for pid in stack.children("jobs") if pid != runners[0]]
        if current:
            replaced = time.monotonic() - killed_at
            break
        time.sleep(0.01)
    return {"runner_replaced_s": replaced}


FAULTS = [("kill -9 worker", fault_worker), ("PostgreSQL restart", fault_postgres), ("kill -9 job runner", fault_job_runner)]


# ---------------------------------------------------------------- the test


@pytest.fixture(scope="module")
def stack():
    return Stack()


def wait_healthy(stack, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if stack.request("GET", "/health", timeout=2)[0] == 200:
                return
        except Exception:  # noqa: BLE001
            pass
        time.sleep(0.1)
    pytest.fail("the stack is not healthy")


def test_faults_under_load(stack):
    wait_healthy(stack)
    # A customer with a token and a browser session; admins who can pay.
    customer_email = f"fault-customer-{uuid.uuid4().hex[:10]}@example.test"
    stack.vpsctl("customer", "create", "--email", customer_email, "--name", "Fault Customer", stdin=PASSWORD + "\n")
    customer_token = stack.vpsctl("token", "create", "--email", customer_email, "--name", "faults", "--scope", "write").strip().splitlines()[-1]
    customer_browser = Browser(stack)
    customer_browser.sign_in(customer_email, PASSWORD)
    session = customer_browser.cookie("vps_session")
    assert session, "the customer could not sign in"
    admins = [enrolled_admin(stack) for _ in range(ADMINS)]
    codes = CodeBook(admins)
    status, product = stack.request("POST", "/api/v1/dedicated-servers/products", {
        "name": f"Fault VPS {uuid.uuid4().hex[:6]}", "server_type": "vps", "cpu_cores": 1, "ram_gb": 1, "storage_gb": 10,
        "price_monthly": "5.00", "setup_fee": "0", "provisioning_type": "automated", "provisioning_module": "demo",
        "module_config": {"delay_ms": 200}, "is_active": True, "stock_count": None,
    }, {"Authorization": f"Bearer {admins[0].token}"})
    assert status == 201, product
    customer_id = int(stack.sql("SELECT id FROM users WHERE email = :'p1'", customer_email)[0][0])

    lua = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    lua.write(WRK_LUA)
    lua.close()
    results, traffic_all = [], []
    try:
        for name, inject in FAULTS:
            wait_healthy(stack)
            probe = Probe(stack)
            traffic = Traffic(stack, customer_token, product["id"], codes, name.split()[-1])
            probe.start()
            traffic.start()
            health = run_wrk(stack, "/health", lua.name)
            page = run_wrk(stack, "/my/orders", lua.name, headers=[f"Cookie: vps_session={session}"])
            time.sleep(FAULT_AT)
            injected_at = time.monotonic()
            extra = inject(stack)
            wrk_health, wrk_page = wrk_result(health), wrk_result(page)
            traffic.stop()
            time.sleep(0.5)
            probe.stop_event.set()
            probe.join(timeout=10)
            recovery, outage = probe.recovery(injected_at, anchor=extra.pop("anchor", None))
            client_5xx = sum(n for status, n in traffic.statuses.items()
                             if (isinstance(status, int) and status >= 500) or (isinstance(status, str) and status[-3:].startswith("5")))
            results.append({
                "fault": name, "recovery_s": round(recovery, 3), "probe_outage_s": round(outage, 3),
                "wrk_health": wrk_health, "wrk_page": wrk_page,
                "5xx": wrk_health["s5xx"] + wrk_page["s5xx"] + client_5xx,
                "orders_attempted": traffic.attempts, "orders_acknowledged": len(traffic.acknowledged),
                "orders_paid": len(traffic.paid), "client_errors": traffic.errors,
                "client_statuses": {str(k): v for k, v in sorted(traffic.statuses.items(), key=lambda kv: str(kv[0]))},
                **{k: (round(v, 3) if isinstance(v, float) else v) for k, v in extra.items()},
            })
            traffic_all.append(traffic)
    finally:
        os.unlink(lua.name)

    wait_healthy(stack)
    acknowledged = [order for traffic in traffic_all for order in traffic.acknowledged]
    paid = {order_id for traffic in traffic_all for order_id in traffic.paid}
    problems = check_database(stack, customer_id, acknowledged, paid)

    print_table(results, acknowledged, paid, problems)
    with open(os.path.join(stack.var, "faults.json"), "w") as f:
        json.dump({"faults": results, "orders_acknowledged": len(acknowledged), "orders_paid": len(paid),
                   "problems": problems}, f, indent=2)

    assert not problems, "lost, duplicated or twice-provisioned orders:\n" + "\n".join(problems[:30])
    for result in results:
        assert result["recovery_s"] < RECOVERY_LIMIT, f"{result['fault']}: recovery took {result['recovery_s']} s"
        if "runner_replaced_s" in result:
            assert result["runner_replaced_s"] is not None and result["runner_replaced_s"] < RECOVERY_LIMIT, result
    assert len(acknowledged) >= 100, f"too few orders placed under load to judge: {len(acknowledged)}"
    assert paid, "no order was paid under load"


def check_database(stack, customer_id, acknowledged, paid):
    problems = []
    rows = stack.sql(
        """
        SELECT o.id, o.notes, o.status, count(i.id), coalesce(sum(i.quantity), 0), coalesce(min(i.product_id), 0)
        FROM orders o LEFT JOIN order_items i ON i.order_id = o.id
        WHERE o.customer_id = :'p1' GROUP BY o.id ORDER BY o.id
        """, customer_id)
    by_note = {}
    for order_id, note, status, items, quantity, _product in rows:
        by_note.setdefault(note, []).append((int(order_id), status, int(items), int(quantity)))
    for note, found in by_note.items():
        if len(found) > 1:
            problems.append(f"order note {note} stored {len(found)} times: {found}")
    for order_id, note, quantity in acknowledged:
        found = by_note.get(note, [])
        if not found:
            problems.append(f"order {order_id} ({note}) was acknowledged with 201 but is not in PostgreSQL")
        elif found[0][0] != order_id or found[0][2] != 1 or found[0][3] != quantity:
            problems.append(f"order {order_id} ({note}) stored as {found[0]}, expected id {order_id} with 1 item × {quantity}")
    payments = {int(order_id): int(n) for order_id, n in stack.sql(
        "SELECT p.order_id, count(*) FROM payments p JOIN orders o ON o.id = p.order_id WHERE o.customer_id = :'p1' GROUP BY p.order_id",
        customer_id)}
    for order_id in paid:
        if payments.get(order_id) != 1:
            problems.append(f"paid order {order_id} has {payments.get(order_id, 0)} payments")
    for item_id, order_id, quantity, servers in stack.sql(
        """
        SELECT i.id, i.order_id, i.quantity, count(s.id) FROM order_items i JOIN orders o ON o.id = i.order_id
        LEFT JOIN server_instances s ON s.order_item_id = i.id
        WHERE o.customer_id = :'p1' GROUP BY i.id ORDER BY i.id
        """, customer_id):
        order_id, quantity, servers = int(order_id), int(quantity), int(servers)
        if servers > quantity:
            problems.append(f"order {order_id} item {item_id}: {servers} servers for {quantity} units (provisioned twice)")
        if order_id in paid and servers != quantity:
            problems.append(f"paid order {order_id} item {item_id}: {servers} servers for {quantity} units")
        if order_id not in payments and servers:
            problems.append(f"unpaid order {order_id} item {item_id} has {servers} servers")
    # Every build job leaves the queue (a runner killed mid-job has its work requeued), and no
    # server was built by two successful provision jobs.
    deadline = time.monotonic() + 60
    while True:
        open_jobs = stack.sql(
            """
            SELECT j.id, j.status FROM jobs j JOIN server_instances s ON s.id = j.instance_id
            WHERE s.customer_id = :'p1' AND j.status IN ('queued', 'running')
            """, customer_id)
        if not open_jobs or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    if open_jobs:
        problems.append(f"{len(open_jobs)} provisioning jobs still open a minute after the faults: {open_jobs[:5]}")
    for instance_id, n in stack.sql(
        """
        SELECT j.instance_id, count(*) FROM jobs j JOIN server_instances s ON s.id = j.instance_id
        WHERE s.customer_id = :'p1' AND j.action = 'provision' AND j.status = 'succeeded' GROUP BY j.instance_id HAVING count(*) > 1
        """, customer_id):
        problems.append(f"server {instance_id} was built by {n} successful provision jobs")
    return problems


def print_table(results, acknowledged, paid, problems):
    print()
    print(f"{'fault':<22} {'5xx':>5} {'recovery s':>10} {'outage s':>9} {'wrk /health':>12} {'wrk page':>9} "
          f"{'orders':>7} {'201':>5} {'paid':>5} {'conn err':>8} {'p99 ms':>7}  other")
    for r in results:
        other = f"runner replaced in {r['runner_replaced_s']} s" if "runner_replaced_s" in r else ""
        print(f"{r['fault']:<22} {r['5xx']:>5} {r['recovery_s']:>10.3f} {r['probe_outage_s']:>9.3f} "
              f"{r['wrk_health']['requests']:>12} {r['wrk_page']['requests']:>9} {r['orders_attempted']:>7} "
              f"{r['orders_acknowledged']:>5} {r['orders_paid']:>5} {r['client_errors']:>8} "
              f"{max(r['wrk_health']['p99_ms'], r['wrk_page']['p99_ms']):>7.1f}  {other}")
    print(f"orders acknowledged: {len(acknowledged)}, paid: {len(paid)}, lost/duplicated/twice provisioned: {len(problems)}")
