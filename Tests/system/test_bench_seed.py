"""`vpsctl seed --customers/--servers/--orders` (scale data for make bench) and `--bench-tokens`.

A second run adds more rows (documented behaviour: scale seeding is additive) and leaves the
bench accounts alone: there is still exactly one bench customer, with exactly 10 servers.
"""
import json
import os
import subprocess
import tempfile
import urllib.error
import urllib.request

from conftest import require_env

BENCH_CUSTOMER = "bench-customer@bench.test"
BENCH_STAFF = "bench-staff@bench.test"


def vpsctl(*args):
    """Runs the release vpsctl with the test stack's settings (as Tests/browser/portal.py); returns stdout."""
    root = require_env("VPS_TEST_ROOT")
    env = dict(os.environ, VPS_VAR=require_env("VPS_TEST_VAR"))
    result = subprocess.run([os.path.join(root, ".build/release/vpsctl"), *args], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def sql(query):
    """One value from the test database (psql on the stack's socket)."""
    result = subprocess.run(["psql", "-X", "-q", "-tA", "-d", require_env("VPS_TEST_DATABASE_URL"), "-c", query],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def counts():
    return {
        "customers": int(sql("SELECT count(*) FROM users WHERE role = 'customer'")),
        "servers": int(sql("SELECT count(*) FROM server_instances")),
        "orders": int(sql("SELECT count(*) FROM orders")),
    }


def get(url, headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_scale_seed_adds_what_was_asked_and_writes_working_bench_tokens(base_url):
    had_bench_customer = sql(f"SELECT count(*) FROM users WHERE email = '{BENCH_CUSTOMER}'") == "1"
    before = counts()
    last_server = int(sql("SELECT coalesce(max(id), 0) FROM server_instances"))
    out = vpsctl("seed", "--customers", "200", "--servers", "500", "--orders", "300")
    after = counts()
    bench_extra = 0 if had_bench_customer else 1   # the bench customer, made on the first run
    assert after["customers"] - before["customers"] == 200 + bench_extra, out
    assert after["servers"] - before["servers"] == 500 + (0 if had_bench_customer else 10), out
    assert after["orders"] - before["orders"] == 300 + (0 if had_bench_customer else 1), out
    assert "rows/s" in out and "shared bench password" in out, out

    # Realistic spread: several statuses, addresses in 100.64.0.0/10, exact order totals, payments for paid orders.
    # (Only the servers this run made: other tests record addresses of their own.)
    assert int(sql(f"SELECT count(DISTINCT status) FROM server_instances WHERE id > {last_server}")) >= 4
    assert sql(f"SELECT count(*) FROM server_instances WHERE id > {last_server} AND ip_address <> '' AND ip_address NOT LIKE '100.%'") == "0"
    assert sql("""SELECT count(*) FROM orders o JOIN (SELECT order_id, sum((unit_price + setup_fee) * quantity) AS s
                  FROM order_items GROUP BY order_id) t ON t.order_id = o.id WHERE o.total <> t.s""") == "0"
    assert sql("SELECT count(*) FROM orders o WHERE o.status IN ('active', 'paid') AND NOT EXISTS "
               "(SELECT 1 FROM payments p WHERE p.order_id = o.id)") == "0"

    # Every service of this run has the paid invoice of its current period: one renewal line, its
    # billing period ending on the paid-through date, a payment; invoice numbers stay gapless.
    assert sql(f"""SELECT count(*) FROM server_instances s WHERE s.id > {last_server} AND s.billing_cycle IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM billing_periods b JOIN invoices i ON i.id = b.invoice_id AND i.status = 'paid'
                                   WHERE b.service_id = s.id AND b.period_end = s.next_due_date)""") == "0"
    assert "invoices (" in out, out
    assert sql(f"SELECT count(*) FROM invoices i WHERE i.id IN (SELECT invoice_id FROM billing_periods WHERE service_id > {last_server}) "
               "AND i.total <> (SELECT coalesce(sum(amount), 0) FROM payments p WHERE p.invoice_id = i.id)") == "0"
    assert sql("SELECT bool_and(n = rn) FROM (SELECT number_seq AS n, row_number() OVER "
               "(PARTITION BY number_year ORDER BY number_seq) AS rn FROM invoices WHERE number IS NOT NULL) s") == "t"

    # The seed loads with the reports' per-row triggers off, then rebuilds the figures from the raw
    # rows: they equal the raw counts, and the triggers are on again.
    assert "figures rebuilt" in out, out
    assert sql("SELECT count(*) FROM pg_trigger WHERE tgname LIKE '%\\_report\\_facts' AND tgenabled = 'D'") == "0"
    assert int(sql("SELECT count(*) FROM pg_trigger WHERE tgname LIKE '%\\_report\\_facts'")) >= 7
    assert sql("""SELECT count(*) FROM (SELECT status, count(*) AS n FROM orders GROUP BY status) r
                  FULL JOIN (SELECT reason, sum(n) AS n FROM (SELECT reason, n FROM report_daily WHERE metric = 'order_status'
                             UNION ALL SELECT reason, n FROM report_facts WHERE metric = 'order_status') f GROUP BY reason) a
                  ON a.reason = r.status WHERE r.n IS DISTINCT FROM a.n AND coalesce(a.n, 0) <> 0""") == "0"
    assert sql("""SELECT count(*) FROM (SELECT status, count(*) AS n FROM server_instances GROUP BY status) r
                  FULL JOIN (SELECT status, sum(n) AS n FROM (SELECT status, n FROM report_servers
                             UNION ALL SELECT reason, n FROM report_facts WHERE metric = 'servers') f GROUP BY status) a
                  ON a.status = r.status WHERE r.n IS DISTINCT FROM a.n AND coalesce(a.n, 0) <> 0""") == "0"

    # A second run adds more and leaves the bench accounts as they were.
    out = vpsctl("seed", "--customers", "5", "--servers", "7", "--orders", "3")
    again = counts()
    assert again["customers"] - after["customers"] == 5, out
    assert again["servers"] - after["servers"] == 7, out
    assert again["orders"] - after["orders"] == 3, out
    assert "already exist" in out, out
    assert sql(f"SELECT count(*) FROM users WHERE email = '{BENCH_CUSTOMER}'") == "1"
    assert sql(f"""SELECT count(*) FROM server_instances s JOIN users u ON u.id = s.customer_id
                   WHERE u.email = '{BENCH_CUSTOMER}'""") == "10"
    assert sql(f"SELECT role || ' ' || (totp_enabled_at IS NOT NULL) FROM users WHERE email = '{BENCH_STAFF}'") == "staff true"

    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "tokens.json")
        vpsctl("seed", "--bench-tokens", path)
        with open(path) as f:
            tokens = json.load(f)
    assert tokens["customer_servers"] == 10
    assert len(tokens["reboot_server_ids"]) >= 300

    status, body = get(base_url + "/api/v1/dedicated-servers/instances",
                       {"Authorization": "Bearer " + tokens["customer_token"]})
    assert status == 200, body
    assert len(json.loads(body)["items"]) == 10
    status, body = get(base_url + "/api/v1/dedicated-servers/instances?status=active&limit=5",
                       {"Authorization": "Bearer " + tokens["staff_token"]})
    assert status == 200, body
    assert len(json.loads(body)["items"]) == 5
    status, body = get(base_url + "/my/servers", {"Cookie": "vps_session=" + tokens["customer_cookie"]})
    assert status == 200 and b"/my/servers/" in body, body[:300]
    status, body = get(base_url + "/admin/servers?status=active", {"Cookie": "vps_session=" + tokens["staff_cookie"]})
    assert status == 200, body[:300]

    # --clear-bench-jobs removes what the bench staff account queued.
    request = urllib.request.Request(
        f"{base_url}/api/v1/dedicated-servers/instances/{tokens['reboot_server_ids'][0]}/reboot", data=b"", method="POST",
        headers={"Authorization": "Bearer " + tokens["staff_token"]})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 202
    assert "1 bench jobs deleted" in vpsctl("seed", "--clear-bench-jobs")
    assert sql(f"SELECT count(*) FROM jobs j JOIN users u ON u.id = j.requested_by WHERE u.email = '{BENCH_STAFF}'") == "0"
