"""The restore drill: a base backup plus the WAL archive, restored into a fresh cluster at a point in time.

A primary archives its WAL (VPS_PG_ARCHIVE_DIR, scripts/pg.sh); scripts/ops/pg-backup.sh takes a
base backup; orders are written before and after a moment T; the archive is restored with
recovery_target_time = T into a new cluster, which must hold exactly the orders committed by T
(the same count and the same last orders), and none after."""
import os
import time
import uuid

import pytest

from ops_cluster import Cluster, Portal, remove, script, workspace


def place(cluster, customer_id, phase, count):
    cluster.sql(f"INSERT INTO orders (customer_id, total, notes) "
                f"SELECT {customer_id}, 5.00, '{phase}-' || n FROM generate_series(1, {count}) AS n")


@pytest.fixture
def drill(test_var, monkeypatch):
    base = workspace()
    seed = int(uuid.uuid4().hex[:4], 16) % 500
    archive = os.path.join(base, "archive")
    monkeypatch.setenv("VPS_PG_ARCHIVE_DIR", archive)
    primary, restored = Cluster(base, "primary", 56100 + 2 * seed), Cluster(base, "restored", 56101 + 2 * seed)
    try:
        primary.pg("start")
        yield base, archive, primary, restored
    finally:
        monkeypatch.delenv("VPS_PG_ARCHIVE_DIR")
        for cluster in (primary, restored):
            cluster.stop_quietly()
        remove(base)


def test_point_in_time_restore_holds_the_orders_committed_by_then(drill, test_var):
    base, archive, primary, restored = drill
    portal = Portal(base, f"{primary.conninfo} dbname=vps_portal user=vps", test_var)
    portal.vpsctl("migrate")
    portal.customer_token(f"drill-{uuid.uuid4().hex[:8]}@example.test")
    customer_id = int(primary.sql("SELECT max(id) FROM users"))
    place(primary, customer_id, "before-backup", 40)
    backup = primary.ops("pg-backup.sh", "base", os.path.join(base, "backups")).strip().splitlines()[-1]
    place(primary, customer_id, "after-backup", 60)
    target = primary.sql("SELECT now()")  # after the commit above, before the next one
    expected_count = primary.sql("SELECT count(*) FROM orders")
    expected_last = primary.sql("SELECT string_agg(id || ' ' || notes, ',' ORDER BY id) FROM "
                                "(SELECT id, notes FROM orders ORDER BY id DESC LIMIT 5) AS t")
    time.sleep(1.1)
    place(primary, customer_id, "too-late", 25)
    segment = primary.sql("SELECT pg_walfile_name(pg_current_wal_lsn())")
    primary.sql("SELECT pg_switch_wal()")
    deadline = time.monotonic() + 30
    while not os.path.exists(os.path.join(archive, segment)):
        assert time.monotonic() < deadline, f"{segment} was not archived"
        time.sleep(0.1)

    started = time.monotonic()
    restored.ops("pg-backup.sh", "restore", backup, archive, target)
    print(f"\nrestore drill: {expected_count} orders at {target}, restored in {time.monotonic() - started:.1f} s")
    assert restored.sql("SELECT count(*) FROM orders") == expected_count
    assert restored.sql("SELECT string_agg(id || ' ' || notes, ',' ORDER BY id) FROM "
                        "(SELECT id, notes FROM orders ORDER BY id DESC LIMIT 5) AS t") == expected_last
    assert restored.sql("SELECT count(*) FROM orders WHERE notes LIKE 'too-late-%'") == "0"
    assert restored.sql("SELECT pg_is_in_recovery()") == "f", "the restored cluster takes writes"
    assert script("scripts/pg.sh", restored.var, restored.port, "status")
