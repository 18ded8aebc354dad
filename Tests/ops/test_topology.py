"""Issue 19's topology test: nginx, two app hosts, a primary and a synchronous standby, each in a network
namespace of its own (Tests/ops/topology.py), under a bounded load of GETs and order POSTs.

1. An app host's cable is pulled: no GET fails (nginx moves it to the other host after a connect error
   or a timeout), no POST runs twice (nginx never passes a POST on once it was sent), no job runs twice.
2. The primary crashes and the standby is promoted: orders are acknowledged again within 10 s without
   restarting anything, no acknowledged order is lost, and every server is built exactly once.

Needs root and `ip netns`; `make test-ops` runs it (and `.ci/run` after `make test`)."""
import http.client
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
import uuid

import pytest

from topology import BINARY, AppHost, Database, Network, Nginx, address

PASSWORD = "a long namespace test passphrase"


def netns_unavailable():
    if os.geteuid() != 0:
        return "needs root (network namespaces, PostgreSQL as the postgres user)"
    if shutil.which("ip") is None or subprocess.run(["ip", "netns", "list"], capture_output=True).returncode != 0:
        return "`ip netns` is not available"
    return None


pytestmark = pytest.mark.skipif(netns_unavailable() is not None, reason=str(netns_unavailable()))


@pytest.fixture
def topology():
    assert os.access(BINARY, os.X_OK), f"{BINARY} is missing: build it (make build) or set VPS_BIN"
    base = tempfile.mkdtemp(prefix="vps-topology-")
    os.chmod(base, 0o755)  # the postgres user and nginx's workers reach their directories through it
    network, hosts, nginx = Network(), [], Nginx(base)
    primary, standby = Database(base, "db1"), Database(base, "db2")
    try:
        network.build()
        primary.start_primary()
        standby.script("scripts/ops/pg-standby.sh", "clone", primary.conninfo, "--sync")
        url = (f"host={address('db1')},{address('db2')} port=5432,5432 dbname=vps_portal user=vps target_session_attrs=read-write "
               "connect_timeout=2 keepalives_idle=5 keepalives_interval=2 keepalives_count=2 tcp_user_timeout=6000")
        hosts = [AppHost(base, "app1", url), AppHost(base, "app2", url)]
        hosts[0].vpsctl("migrate")
        hosts[0].vpsctl("seed")
        for host in hosts:
            host.start()
        nginx.start()
        yield network, primary, standby, hosts
    finally:
        nginx.kill()
        for host in hosts:
            host.kill()
        for database in (primary, standby):
            database.stop_quietly()
        network.remove()
        if os.environ.get("VPS_KEEP_TOPOLOGY") != "1":
            shutil.rmtree(base, ignore_errors=True)


class Load:
    """GET threads reading the customer's orders and POST threads placing orders, through nginx.
    Every answer is kept as (monotonic time sent, method, status, note, order id)."""

    def __init__(self, token, product_id):
        self.token, self.product_id = token, product_id
        self.stop_event, self.lock, self.answers, self.threads = threading.Event(), threading.Lock(), [], []

    def request(self, method, product_id=None):
        note, body = None, None
        if method == "POST":
            note = f"topology-{uuid.uuid4().hex}"
            body = json.dumps({"items": [{"product_id": product_id or self.product_id, "billing_cycle": "monthly", "quantity": 1}], "notes": note})
        connection = http.client.HTTPConnection(address("web"), 80, timeout=45)
        try:
            connection.request(method, "/api/v1/orders", body=body, headers={
                "Authorization": f"Bearer {self.token}", "Accept": "application/json", "Content-Type": "application/json"})
            response = connection.getresponse()
            payload = response.read()
            order_id = json.loads(payload)["id"] if method == "POST" and response.status == 201 else None
            return response.status, note, order_id
        except OSError:
            return 0, note, None
        finally:
            connection.close()

    def record(self, method, product_id=None):
        sent = time.monotonic()
        status, note, order_id = self.request(method, product_id)
        with self.lock:
            self.answers.append((sent, method, status, note, order_id))
        return status

    def loop(self, method):
        while not self.stop_event.is_set():
            time.sleep(0.02 if self.record(method) in (200, 201) else 0.1)

    def spawn(self, target, *args):
        thread = threading.Thread(target=target, args=args, daemon=True)
        thread.start()
        self.threads.append(thread)

    def burst(self, count, product_id):
        """`count` POSTs of `product_id` at once, besides the steady load."""
        for _ in range(count):
            self.spawn(self.record, "POST", product_id)

    def between(self, method, start, end):
        with self.lock:
            return [answer for answer in self.answers if answer[1] == method and start <= answer[0] < end]

    def __enter__(self):
        for method in ["GET"] * 3 + ["POST"] * 2:
            self.spawn(self.loop, method)
        return self

    def __exit__(self, *_):
        self.stop_event.set()
        for thread in self.threads:
            thread.join(timeout=60)


def queue_builds(database, customer_id, count):
    """`count` servers waiting to be built, each with its provision job (as an order's hand-over queues them)."""
    database.sql(f"""WITH s AS (INSERT INTO server_instances (customer_id, hostname, provisioning_module, cpu_cores, ram_gb, storage_gb, bandwidth_tb)
                                SELECT {customer_id}, 'topology-' || gen_random_uuid(), 'demo', 1, 1, 10, 1 FROM generate_series(1, {count})
                                RETURNING id, customer_id)
                     INSERT INTO jobs (action, instance_id, customer_id) SELECT 'provision', id, customer_id FROM s""")


def summary(answers):
    failed = [status for _, _, status, _, _ in answers if status not in (200, 201)]
    return f"{len(answers)} sent, {len(failed)} failed {sorted(set(failed))}"


def test_cut_app_host_and_failover_under_load(topology):
    network, primary, standby, (app1, _) = topology
    started = time.monotonic()
    app1.vpsctl("customer", "create", "--email", "topology@example.test", "--name", "Topology Customer", stdin=PASSWORD + "\n")
    token = app1.vpsctl("token", "create", "--email", "topology@example.test", "--name", "topology", "--scope", "write").strip().splitlines()[-1]
    product_id, locked_id = map(int, primary.sql("SELECT id FROM products WHERE is_active ORDER BY id LIMIT 2").split())
    customer_id = int(primary.sql("SELECT id FROM users WHERE email = 'topology@example.test'"))

    with Load(token, product_id) as load:
        # Phase 1: app1's cable is pulled while both hosts answer and build servers.
        queue_builds(primary, customer_id, 10)
        time.sleep(3)
        # An order holds its product's row lock until it commits: holding another product's lock for a
        # moment makes a burst of its orders wait inside their transactions, so the cut surely strands
        # POSTs that reached app1 (their lock stays taken until PostgreSQL drops app1's session).
        holder = subprocess.Popen(["psql", "-X", "-q", "-d", primary.dsn, "-c", "BEGIN", "-c",
                                   f"SELECT 1 FROM products WHERE id = {locked_id} FOR UPDATE", "-c", "SELECT pg_sleep(3)", "-c", "COMMIT"],
                                  stdout=subprocess.DEVNULL)
        while primary.sql("SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(3)'") == "0":
            time.sleep(0.05)
        load.burst(6, locked_id)
        stranded, deadline = 0, time.monotonic() + 2
        while stranded == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
            stranded = int(primary.sql(f"SELECT count(*) FROM pg_stat_activity WHERE client_addr = '{address('app1')}' AND wait_event_type = 'Lock'"))
        network.cut("app1")
        cut = time.monotonic()
        queue_builds(primary, customer_id, 10)
        # PostgreSQL drops app1's stranded sessions by itself (tcp_user_timeout = 20 s, scripts/pg.sh)
        # and so frees their locks while app1 is still cut off: both products can be ordered again.
        time.sleep(24)
        probes = [load.record("POST", product) for product in (product_id, locked_id)]
        time.sleep(max(0.0, cut + 28 - time.monotonic()))
        reconnected = time.monotonic()
        network.reconnect("app1")
        holder.wait(timeout=30)
        time.sleep(2)

        # Phase 2: the primary crashes and the standby is promoted.
        crashed = time.monotonic()
        primary.crash()
        standby.script("scripts/ops/pg-standby.sh", "promote")
        promoted = time.monotonic()
        queue_builds(standby, customer_id, 10)
        time.sleep(8)

    before_cut = load.between("GET", started, cut) + load.between("POST", started, cut)
    gets_cut, posts_cut = load.between("GET", cut, reconnected), load.between("POST", cut, reconnected)
    print(f"\nbefore the cut: {summary(before_cut)}; while app1 was cut off: GET {summary(gets_cut)}, POST {summary(posts_cut)}")
    # Only requests already on app1 when its cable was pulled may fail; every GET sent afterwards is answered.
    assert all(status == 200 for _, _, status, _, _ in gets_cut), f"GETs sent after the cut failed: {summary(gets_cut)}"
    assert stranded > 0, "no POST was in flight on app1 when it was cut off"
    assert probes == [201, 201], f"orders 24 s after the cut, while app1 is still cut off: {probes}"
    placed = [sent for sent, _, status, _, _ in posts_cut if status == 201]
    print(f"{stranded} POSTs were waiting inside app1's transactions at the cut; {len(placed)} orders placed while it was cut off")

    after_crash = [sent for sent, _, status, _, _ in load.between("POST", promoted, time.monotonic()) if status == 201]
    assert after_crash, "no order acknowledged after the promotion"
    back = after_crash[0] - crashed
    print(f"failover: promotion took {promoted - crashed:.2f} s, first order acknowledged {back:.2f} s after the crash; "
          f"GET {summary(load.between('GET', crashed, time.monotonic()))}, POST {summary(load.between('POST', crashed, time.monotonic()))}")
    assert back < 10, f"service came back {back:.1f} s after the primary crashed"

    # No acknowledged order lost, no POST executed twice (a note is sent once, so at most one order has it).
    with load.lock:
        posts = [(note, order_id) for _, method, _, note, order_id in load.answers if method == "POST"]
    stored = dict(line.split(" ", 1)[::-1] for line in standby.sql(
        "SELECT id || ' ' || notes FROM orders WHERE notes LIKE 'topology-%'").splitlines())
    twice = standby.sql("SELECT count(*) FROM (SELECT notes FROM orders WHERE notes LIKE 'topology-%' GROUP BY notes HAVING count(*) > 1) AS t")
    assert twice == "0", "a POST was executed twice"
    lost = [(note, order_id) for note, order_id in posts if order_id is not None and stored.get(note) != str(order_id)]
    assert not lost, f"acknowledged orders missing on the new primary: {lost[:5]}"
    unacknowledged = sum(1 for note, order_id in posts if order_id is None and note in stored)
    print(f"orders: {sum(1 for _, order_id in posts if order_id)} acknowledged, all on the new primary; "
          f"{unacknowledged} executed without an acknowledgement (answered 502/504/503), none twice")

    # Every server queued before the cut, during it and after the failover is built, each exactly once.
    deadline = time.monotonic() + 75
    while standby.sql("SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')") != "0":
        assert time.monotonic() < deadline, "jobs left behind: " + standby.sql("SELECT string_agg(status::text, ',') FROM jobs WHERE status IN ('queued', 'running')")
        time.sleep(0.5)
    assert standby.sql("SELECT count(*) FROM server_instances WHERE hostname LIKE 'topology-%' AND status = 'active'") == "30"
    twice = standby.sql("SELECT count(*) FROM (SELECT job_id FROM job_attempts WHERE outcome = 'succeeded' GROUP BY job_id HAVING count(*) > 1) AS t")
    assert twice == "0", "a server was built twice"
    attempts = standby.sql("SELECT count(*) || ' attempts, ' || count(*) FILTER (WHERE outcome = 'lost') || ' lost' FROM job_attempts")
    print(f"builds: 30 servers, each once ({attempts}); test took {time.monotonic() - started:.0f} s after setup")
