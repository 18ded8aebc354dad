"""A PostgreSQL standby, a crash of the primary and a promotion, under a load of orders.

scripts/pg.sh makes a primary, scripts/ops/pg-standby.sh clones a synchronous streaming standby of
it (pg_basebackup -R); `vpsctl serve` runs on a two-host connection string with
target_session_attrs=read-write. While three clients place orders and servers are queued to be
built, the primary is stopped in immediate mode (a crash: no shutdown checkpoint) and the standby
promoted. Service is back within 10 s without restarting the portal, every order a client got
201 for exists on the new primary, and every server is built exactly once. Then the old primary is rebuilt as a
standby of the new one (fail back, step 1) and follows its writes."""
import os
import subprocess
import threading
import time
import uuid

import pytest

from ops_cluster import Cluster, Portal, remove, root, workspace


def immediate_stop(cluster):
    """pg_ctl stop -m immediate, as the postgres user when we are root (a crash, as far as clients can tell)."""
    bindir = subprocess.run(["bash", "-c", f"source {root()}/scripts/lib.sh && pg_bindir"], capture_output=True, text=True).stdout.strip()
    command = [f"{bindir}/pg_ctl", "stop", "-D", f"{cluster.var}/pgdata", "-m", "immediate", "-w"]
    if os.getuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, capture_output=True, timeout=60, cwd="/")


def queue_build(cluster, customer_id):
    """A server waiting to be built, and its provision job (as an order's hand-over queues them)."""
    cluster.sql(f"""WITH s AS (INSERT INTO server_instances (customer_id, hostname, provisioning_module, cpu_cores, ram_gb, storage_gb, bandwidth_tb)
                               VALUES ({customer_id}, 'failover-' || gen_random_uuid(), 'demo', 1, 1, 10, 1) RETURNING id, customer_id)
                    INSERT INTO jobs (action, instance_id, customer_id) SELECT 'provision', id, customer_id FROM s""")


class Orders:
    """Clients placing orders; every 201 is remembered, with the time of every answer."""

    def __init__(self, portal, token, product_id):
        self.portal, self.token, self.product_id = portal, token, product_id
        self.stop_event, self.lock = threading.Event(), threading.Lock()
        self.acknowledged, self.answers = [], []  # (id, note); (monotonic time, ok)
        self.threads = [threading.Thread(target=self.loop, daemon=True) for _ in range(3)]

    def loop(self):
        while not self.stop_event.is_set():
            note = f"failover-{uuid.uuid4().hex}"
            body = {"items": [{"product_id": self.product_id, "billing_cycle": "monthly", "quantity": 1}], "notes": note}
            try:
                status, reply = self.portal.request("POST", "/api/v1/orders", body, {"Authorization": f"Bearer {self.token}"})
            except OSError:
                status, reply = 0, None
            with self.lock:
                self.answers.append((time.monotonic(), status == 201))
                if status == 201:
                    self.acknowledged.append((reply["id"], note))
            time.sleep(0.03 if status == 201 else 0.1)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_):
        self.stop_event.set()
        for thread in self.threads:
            thread.join(timeout=30)


@pytest.fixture
def topology(test_var):
    base = workspace()
    seed = int(uuid.uuid4().hex[:4], 16) % 500
    primary, standby = Cluster(base, "primary", 55100 + 2 * seed), Cluster(base, "standby", 55101 + 2 * seed)
    portal = None
    try:
        primary.pg("start")
        standby.ops("pg-standby.sh", "clone", primary.conninfo, "--sync")
        url = (f"host={primary.var}/run/pg,{standby.var}/run/pg port={primary.port},{standby.port} dbname=vps_portal user=vps "
               "target_session_attrs=read-write connect_timeout=2")
        portal = Portal(base, url, test_var)
        portal.vpsctl("migrate")
        portal.vpsctl("seed")
        portal.start()
        yield primary, standby, portal
    finally:
        if portal:
            portal.stop()
        for cluster in (primary, standby):
            cluster.stop_quietly()
        remove(base)


def test_promoted_standby_takes_over_without_losing_an_acknowledged_order(topology):
    primary, standby, portal = topology
    token = portal.customer_token(f"failover-{uuid.uuid4().hex[:8]}@example.test")
    product_id = int(primary.sql("SELECT id FROM products WHERE is_active ORDER BY id LIMIT 1"))
    customer_id = int(primary.sql("SELECT max(id) FROM users"))
    with Orders(portal, token, product_id) as orders:
        for _ in range(10):
            queue_build(primary, customer_id)
            time.sleep(0.2)
        stopped = time.monotonic()
        immediate_stop(primary)
        standby.ops("pg-standby.sh", "promote")
        promoted = time.monotonic()
        for _ in range(10):
            queue_build(standby, customer_id)
            time.sleep(0.3)
    after = [t for t, ok in orders.answers if ok and t > promoted]
    assert after, "no order succeeded after the promotion"
    back = after[0] - stopped
    print(f"\nfailover: promote took {promoted - stopped:.2f} s, first order acknowledged {back:.2f} s after the crash; "
          f"{len(orders.acknowledged)} orders acknowledged, {sum(1 for _, ok in orders.answers if not ok)} refused meanwhile")
    assert back < 10, f"service came back {back:.1f} s after the primary stopped"

    noted = set(standby.sql("SELECT id || ' ' || notes FROM orders WHERE notes LIKE 'failover-%'").splitlines())
    lost = [order for order in orders.acknowledged if f"{order[0]} {order[1]}" not in noted]
    assert not lost, f"acknowledged orders missing on the new primary: {lost[:5]}"

    # Every server queued before and after the crash is built, each exactly once.
    deadline = time.monotonic() + 60
    while standby.sql("SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')") != "0" and time.monotonic() < deadline:
        time.sleep(0.2)
    assert standby.sql("SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')") == "0", "jobs left behind"
    assert standby.sql("SELECT count(*) FROM server_instances WHERE hostname LIKE 'failover-%' AND status <> 'active'") == "0"
    assert standby.sql("SELECT count(*) FROM server_instances WHERE hostname LIKE 'failover-%'") == "20"
    twice = standby.sql("SELECT count(*) FROM (SELECT job_id FROM job_attempts WHERE outcome = 'succeeded' "
                        "GROUP BY job_id HAVING count(*) > 1) AS t")
    assert twice == "0", "a server was built twice"
    attempts = standby.sql("SELECT count(*) || ' attempts, ' || count(*) FILTER (WHERE outcome = 'lost') || ' lost' FROM job_attempts")
    print(f"builds: 20 servers, {attempts} with the crashed runner")

    with open(portal.log) as log:
        assert "connected again to" in log.read(), "the workers did not log their reconnection"

    # Fail back, step 1: the old primary becomes a standby of the new one and follows its writes.
    primary.ops("pg-standby.sh", "rejoin", standby.conninfo)
    assert primary.ops("pg-standby.sh", "status").strip() == "standby"
    status, _ = portal.request("POST", "/api/v1/orders", {"items": [{"product_id": product_id, "billing_cycle": "monthly", "quantity": 1}],
                                                          "notes": "after-rejoin"}, {"Authorization": f"Bearer {token}"})
    assert status == 201
    deadline = time.monotonic() + 10
    while primary.sql("SELECT count(*) FROM orders WHERE notes = 'after-rejoin'") != "1":
        assert time.monotonic() < deadline, "the rebuilt standby does not follow the new primary"
        time.sleep(0.1)
