"""`Idempotency-Key` through nginx and every worker: twenty clients retrying one order at once
(urllib threads, as an automation client's retries would arrive) make exactly one order; each
gets either that order's answer, byte for byte, or 409 while it is still being made."""
import json
import os
import subprocess
import threading
import urllib.error
import urllib.request
import uuid

from conftest import require_env

PASSWORD = "idempotent-customer-pass-1"


def vpsctl(*args, stdin=""):
    env = dict(os.environ, VPS_VAR=require_env("VPS_TEST_VAR"))
    binary = os.path.join(require_env("VPS_TEST_ROOT"), ".build/release/vpsctl")
    result = subprocess.run([binary, *args], input=stdin, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"vpsctl {' '.join(args)}: {result.stderr}"
    return result.stdout


def sql(query):
    result = subprocess.run(["psql", require_env("VPS_TEST_DATABASE_URL"), "-X", "-At", "-v", "ON_ERROR_STOP=1"],
                            input=query, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def post(url, body, headers):
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_twenty_concurrent_retries_make_one_order(base_url):
    email = f"idem-{uuid.uuid4().hex[:10]}@example.com"
    vpsctl("customer", "create", "--email", email, "--name", "Idempotent Customer", stdin=PASSWORD + "\n")
    token = vpsctl("token", "create", "--email", email, "--name", "retries", "--scope", "write").strip().splitlines()[-1]
    product_id = sql("INSERT INTO products (name, server_type, cpu_cores, ram_gb, storage_gb, price_monthly) "
                     "VALUES ('Idempotency VPS', 'vps', 1, 1, 10, 5.00) RETURNING id").splitlines()[0]
    body = json.dumps({"items": [{"product_id": int(product_id), "billing_cycle": "monthly"}]}).encode()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())}
    url = base_url + "/api/v1/orders"

    replies = []
    lock = threading.Lock()
    start = threading.Barrier(20)

    def client():
        start.wait()
        reply = post(url, body, headers)
        with lock:
            replies.append(reply)

    threads = [threading.Thread(target=client) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    statuses = sorted(status for status, _, _ in replies)
    assert set(statuses) <= {201, 409}, statuses
    created = [(answer_headers, raw) for status, answer_headers, raw in replies if status == 201]
    assert created, statuses
    assert len({raw for _, raw in created}) == 1
    assert sum(1 for answer_headers, _ in created if answer_headers.get("Idempotent-Replayed") != "true") == 1
    for status, _, raw in replies:
        if status == 409:
            assert json.loads(raw)["errors"][0]["field"] == "Idempotency-Key"
    customer = sql(f"SELECT id FROM users WHERE email = '{email}'")
    assert sql(f"SELECT count(*) FROM orders WHERE customer_id = {customer}") == "1"

    # Every retry after the first finished replays it.
    status, headers_again, raw = post(url, body, headers)
    assert status == 201 and headers_again.get("Idempotent-Replayed") == "true" and raw == created[0][1]
    assert sql(f"SELECT count(*) FROM orders WHERE customer_id = {customer}") == "1"
