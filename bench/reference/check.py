#!/usr/bin/env python3
"""Checks that the C reference responder still does what the portal does, for benchmark cases 3-6.

For each case it sends the same FastCGI request (same params, same REQUEST_ID) straight to a
portal worker's socket and to the reference's socket, with PostgreSQL's log_statement = 'all'
switched on, and checks
  - bytes: the two FastCGI answers (headers and body) are identical; for the reboot (case 6),
    which must touch two different servers, after the job's and the server's ids and the
    timestamps are masked;
  - SQL: the statements the portal's backend ran for the request, in order, are the statements
    the reference's backend ran (texts from bench/reference/sql.h; for cases 3-5 the bound
    parameters too). The reference's backends are told apart by application_name.
The session and the token are made "last seen over 60 s ago" before each request, so both
sides also run their conditional last_seen_at / last_used_at update.

  check.py --portal-socket S --reference-socket S --db CONNINFO --pg-log FILE --tokens FILE [--reboot-ids A,B]
Exit status 0 when everything matches; otherwise the differences are printed. Used by
scripts/bench.sh before it measures and by Tests/system/test_bench_reference.py.
"""
import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "system"))
from fastcgi_client import FastCGIConnection  # noqa: E402

REFERENCE_APP = "bench-reference"
MARK = "/* reference-check */"
# Run once per new connection by both (PostgresConnection.connect), not per request.
SESSION_SETUP = "SET TIME ZONE 'UTC'; SET datestyle = 'ISO, YMD'; SET client_min_messages = warning"
ENTRY = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? \S+ \[(\d+)\] (\w+):  (.*)$")


def psql(db, query):
    result = subprocess.run(["psql", "-X", "-q", "-tA", "-d", db, "-c", query], capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        raise SystemExit(f"psql failed: {result.stderr}")
    return result.stdout.strip()


def fastcgi(socket_path, method, uri, headers, request_id):
    path, _, query = uri.partition("?")
    params = {"REQUEST_METHOD": method, "REQUEST_URI": uri, "DOCUMENT_URI": path, "QUERY_STRING": query,
              "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "127.0.0.1",
              "CONTENT_LENGTH": "0", "CONTENT_TYPE": "", "REQUEST_ID": request_id, **headers}
    connection = FastCGIConnection(socket_path)
    try:
        connection.begin(params)
        connection.send_body(b"")
        return connection.read_response()
    finally:
        connection.close()


def statements(log_path, offset, ignore_pids):
    """{pid: [(text, parameters)]} of the log entries after `offset`."""
    with open(log_path, "rb") as log:
        log.seek(offset)
        text = log.read().decode("utf-8", "replace")
    entries, current = [], None
    for line in text.splitlines():
        match = ENTRY.match(line)
        if match:
            current = [match.group(1), match.group(2), match.group(3)]
            entries.append(current)
        elif current is not None:
            current[2] += "\n" + line.removeprefix("\t")
    by_pid = {}
    for pid, kind, body in entries:
        if pid in ignore_pids:
            continue
        if kind == "LOG":
            match = re.match(r"(?:execute [^:]+|statement): (.*)", body, re.S)
            if match and match.group(1) != SESSION_SETUP:
                by_pid.setdefault(pid, []).append([match.group(1), None])
        elif kind == "DETAIL" and body.startswith("parameters: ") and by_pid.get(pid):
            by_pid[pid][-1][1] = body[len("parameters: "):]
    return {pid: [tuple(s) for s in seq] for pid, seq in by_pid.items() if not any(MARK in s[0] for s in seq)}


def mask_reboot(response):
    text = response.decode("utf-8", "replace")
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "<time>", text)
    text = re.sub(r'"(id|instance_id|customer_id)":\d+', r'"\1":<n>', text)
    text = re.sub(r"/api/v1/jobs/\d+", "/api/v1/jobs/<n>", text)
    return re.sub(r"Content-Length: \d+", "Content-Length: <n>", text)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for name in ("portal-socket", "reference-socket", "db", "pg-log", "tokens"):
        parser.add_argument("--" + name, required=True)
    parser.add_argument("--reboot-ids", help="two active servers without an open job (default: the last two of the tokens file's)")
    args = parser.parse_args()
    tokens = json.load(open(args.tokens))
    if args.reboot_ids:
        free = [int(i) for i in args.reboot_ids.split(",") if i]
    else:
        busy = set(psql(args.db, "SELECT DISTINCT instance_id FROM jobs WHERE status IN ('queued', 'running')").split())
        free = [i for i in tokens["reboot_server_ids"] if str(i) not in busy][-2:]
    if len(free) < 2:
        raise SystemExit("need two active servers without an open job for the reboot case")
    customer = {"HTTP_COOKIE": f"vps_session={tokens['customer_cookie']}"}
    staff = {"HTTP_COOKIE": f"vps_session={tokens['staff_cookie']}"}
    cases = [
        (3, "GET", "/my/servers", customer, [None, None]),
        (4, "GET", "/admin/servers?status=active", staff, [None, None]),
        (5, "GET", "/api/v1/dedicated-servers/instances", {"HTTP_AUTHORIZATION": f"Bearer {tokens['customer_token']}"}, [None, None]),
        (6, "POST", None, {"HTTP_AUTHORIZATION": f"Bearer {tokens['staff_token']}"}, free),
    ]
    hashes = [hashlib.sha256(tokens[k].encode()).hexdigest() for k in ("customer_cookie", "staff_cookie")]
    token_hashes = [hashlib.sha256(tokens[k].encode()).hexdigest() for k in ("customer_token", "staff_token")]
    make_stale = (f"{MARK} UPDATE sessions SET last_seen_at = now() - interval '2 minutes' WHERE token_hash IN ('{hashes[0]}', '{hashes[1]}');"
                  f" UPDATE api_tokens SET last_used_at = now() - interval '2 minutes' WHERE token_hash IN ('{token_hashes[0]}', '{token_hashes[1]}')")
    psql(args.db, f"{MARK} ALTER SYSTEM SET log_statement = 'all'")
    psql(args.db, f"{MARK} SELECT pg_reload_conf()")
    time.sleep(0.3)
    failures = []
    try:
        reference_pids = set(psql(args.db, f"{MARK} SELECT pid FROM pg_stat_activity WHERE application_name = '{REFERENCE_APP}'").split())
        if not reference_pids:
            raise SystemExit(f"no PostgreSQL backend has application_name {REFERENCE_APP}: is the reference running with it in --db?")
        for number, method, uri, headers, servers in cases:
            answers, runs = [], []
            for side, socket_path in (("portal", args.portal_socket), ("reference", args.reference_socket)):
                target = uri or f"/api/v1/dedicated-servers/instances/{servers[len(answers)]}/reboot"
                psql(args.db, make_stale)
                offset = os.path.getsize(args.pg_log)
                answers.append(fastcgi(socket_path, method, target, headers, f"check{number:02d}" + "0" * 25))
                time.sleep(0.3)
                groups = statements(args.pg_log, offset, set())
                mine = {pid: seq for pid, seq in groups.items() if (pid in reference_pids) == (side == "reference")}
                runs.append(mine)
            portal_answer, reference_answer = answers
            if number == 6:
                portal_answer, reference_answer = mask_reboot(portal_answer), mask_reboot(reference_answer)
            if portal_answer != reference_answer:
                failures.append(f"case {number}: the answers differ\n--- portal\n{portal_answer!r:.3000}\n--- reference\n{reference_answer!r:.3000}")
            reference_runs = list(runs[1].values())
            if len(reference_runs) != 1:
                failures.append(f"case {number}: expected one reference backend in the log, found {len(reference_runs)}")
                continue
            expected = reference_runs[0] if number != 6 else [(text, None) for text, _ in reference_runs[0]]
            candidates = [seq if number != 6 else [(text, None) for text, _ in seq] for seq in runs[0].values()]
            if expected not in candidates:
                shown = "\n".join("  portal backend ran:\n" + "\n".join(f"    {t!r} {p or ''}" for t, p in seq) for seq in candidates)
                failures.append(f"case {number}: the portal's SQL is not the reference's (bench/reference/sql.h)\n"
                                f"  reference ran:\n" + "\n".join(f"    {t!r} {p or ''}" for t, p in expected) + "\n" + shown)
            else:
                print(f"case {number}: same bytes, same {len(expected)} statements")
    finally:
        psql(args.db, f"{MARK} ALTER SYSTEM RESET log_statement")
        psql(args.db, f"{MARK} SELECT pg_reload_conf()")
    if failures:
        print("\n\n".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
