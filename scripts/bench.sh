#!/usr/bin/env bash
# make bench: the benchmark (docs/benchmark.md). Never part of make test.
#
# Starts its own stack (state var/bench, nginx 127.0.0.1:18680, PostgreSQL 54680 on its unix
# socket with fsync off) and the C reference responder (bench/reference, behind the same nginx
# on 127.0.0.1:18681), seeds once per scale, checks that portal and reference give the same
# bytes from the same SQL (bench/reference/check.py), runs wrk over loopback for each case at
# 1 and 32 connections (cases 3-6 portal, reference, portal, reference) with the server CPU of
# each kind of process, prints tables, writes var/bench/results.json and
# var/bench/results-<scale>.json, and stops the stack.
#   BENCH_SCALE=default|large   10k customers / 50k servers / 100k orders, or 100k / 1M / 1M
#   BENCH_DURATION (10s)        per wrk run        BENCH_TIMEOUT (5s)  wrk --timeout
#   VPS_SKIP_BUILD=1            use the existing release binary
#   VPS_WORKERS (2), VPS_THREADS (8) as for make start
#   BENCH_KEEP_RUNNING=1        leave the bench stack running afterwards (make stop with the same variables stops it)
#   BENCH_REFERENCE_PORT (18681), BENCH_REFERENCE_THREADS (8)   the reference's nginx port and threads
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export VPS_VAR="${VPS_BENCH_VAR:-$ROOT/var/bench}" PORT="${BENCH_PORT:-18680}" VPS_PG_PORT="${BENCH_PG_PORT:-54680}"
export VPS_PG_FAST=1 VPS_PG_LISTEN=""
source "$ROOT/scripts/lib.sh"
cd "$ROOT"

SCALE="${BENCH_SCALE:-default}"
case "$SCALE" in
    default) CUSTOMERS=10000 SERVERS=50000 ORDERS=100000 ;;
    large) CUSTOMERS=100000 SERVERS=1000000 ORDERS=1000000 ;;
    *) die "BENCH_SCALE must be default or large, not '$SCALE'" ;;
esac
DURATION="${BENCH_DURATION:-10s}"
TIMEOUT="${BENCH_TIMEOUT:-5s}"
URL="http://127.0.0.1:$PORT"
WORK="$VAR/wrk"
RUNS="$WORK/runs.jsonl"
MARKER="$VAR/.bench-scale"
TOKENS="$VAR/bench-tokens.json"

command -v python3 >/dev/null || die "python3 is needed to read wrk's output (apt-get install python3)"
log "building the C reference responder (make -C bench/reference)"
make -s -C "$ROOT/bench/reference" >/dev/null || die "the reference did not build: gcc, libfcgi-dev, libpq-dev, libssl-dev (scripts/install-deps.sh)"
if ! command -v wrk >/dev/null; then
    [[ "$(id -u)" == 0 ]] || die "wrk is missing: run scripts/install-deps.sh --test (needs root)"
    log "installing wrk"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wrk >/dev/null
fi

REF_PORT="${BENCH_REFERENCE_PORT:-18681}"
REF_THREADS="${BENCH_REFERENCE_THREADS:-8}"
REF_URL="http://127.0.0.1:$REF_PORT"
REF_SOCKET="$VAR/run/reference.sock"
REF_PIDFILE="$VAR/run/reference.pid"
REF_BIN="$ROOT/bench/reference/reference"
stop_reference() {
    local pid
    pid="$(read_pid "$REF_PIDFILE")"
    if pid_alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q reference; then kill "$pid"; fi
    rm -f "$REF_PIDFILE" "$REF_SOCKET"
}
stop_stack() {
    stop_reference
    "$ROOT/scripts/stop.sh" >/dev/null 2>&1 || true
}
on_exit() {
    local rc=$?
    trap - EXIT
    if [[ "${BENCH_KEEP_RUNNING:-0}" == 1 ]]; then
        log "leaving the bench stack running on $URL, the reference on $REF_URL (stop: kill \$(cat $REF_PIDFILE); VPS_VAR=$VAR PORT=$PORT VPS_PG_PORT=$VPS_PG_PORT make stop)"
    else
        log "stopping the bench stack"
        stop_stack
    fi
    exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT TERM

# A clean start: whatever an earlier run left behind is stopped; a database seeded at another
# scale (or not completely) is thrown away. Results files stay.
stop_stack
wanted="$CUSTOMERS $SERVERS $ORDERS"
if [[ -d "$PGDATA_DIR" && "$(cat "$MARKER" 2>/dev/null || true)" != "$wanted" ]]; then
    log "the bench database is not seeded at scale $SCALE ($wanted): starting from an empty one"
    rm -rf "$PGDATA_DIR" "$VAR/.seeded" "$MARKER" "$TOKENS" "$VAR/.reports-rebuilt"
fi
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
mkdir -p "$VAR/log"
"$ROOT/scripts/start.sh" >"$VAR/log/bench-start.log" 2>&1 ||
    { tail -n 30 "$VAR/log/bench-start.log" >&2; die "the bench stack did not start (log $VAR/log/bench-start.log)"; }
load_env_file "$VAR/portal.env"

# The 10 KB static file for case 1, served through an extra location of the bench stack only.
mkdir -p "$VAR/static" "$WORK"
chmod o+rx "$VAR/static"
python3 -c 'import random, string; random.seed(8); print("".join(random.choice(string.ascii_letters) for _ in range(10239)))' \
    >"$VAR/static/bench-10k.txt"
chmod 644 "$VAR/static/bench-10k.txt"
sed -e "s|@VAR@|$VAR|g" "$ROOT/nginx/bench-static.conf.in" >"$VAR/nginx/bench-static.conf"
if ! grep -q 'bench-static.conf' "$NGINX_CONF"; then
    sed -i -e "0,/server_name .*;/s||&\n        include $VAR/nginx/bench-static.conf;|" "$NGINX_CONF"
fi
# The reference: its own unix socket, a second server block of the same nginx (same FastCGI
# params and headers) on $REF_PORT, a PostgreSQL connection per thread named bench-reference.
sed -e "s|@REF_PORT@|$REF_PORT|g" -e "s|@REF_SOCKET@|$REF_SOCKET|g" "$ROOT/nginx/bench-reference.conf.in" >"$VAR/nginx/bench-reference.conf"
if ! grep -q 'bench-reference.conf' "$NGINX_CONF"; then
    sed -i -e "0,/limit_req_zone .*;/s||&\n    include $VAR/nginx/bench-reference.conf;|" "$NGINX_CONF"
fi
(exec setsid "$REF_BIN" --socket "$REF_SOCKET" --threads "$REF_THREADS" \
    --db "$DATABASE_URL application_name=bench-reference" >"$VAR/log/reference.log" 2>&1 </dev/null) &
echo $! >"$REF_PIDFILE"
for _ in $(seq 1 50); do [[ -S "$REF_SOCKET" ]] && break; sleep 0.1; done
[[ -S "$REF_SOCKET" ]] || { cat "$VAR/log/reference.log" >&2; die "the reference did not start"; }
nginx -p "$VAR/nginx" -c "$NGINX_CONF" -e "$VAR/log/nginx-error.log" -s reload
wait_for_http "$URL/bench-10k.txt" 10 || die "nginx does not serve $URL/bench-10k.txt (see $NGINX_CONF)"

seed_seconds=null seed_rows=null seed_rate=null reused=true
if [[ "$(cat "$MARKER" 2>/dev/null || true)" != "$wanted" ]]; then
    reused=false
    log "seeding scale $SCALE: $CUSTOMERS customers, $SERVERS servers, $ORDERS orders"
    seed_log="$VAR/log/bench-seed.log"
    # The seed turns the reports' per-row fact triggers off while it loads (they slowed it about
    # 18-fold) and rebuilds the aggregates from the raw rows after.
    started=$SECONDS
    if [[ -t 1 ]]; then
        script -qefc "'$BIN' seed --customers $CUSTOMERS --servers $SERVERS --orders $ORDERS" "$seed_log"
    else
        "$BIN" seed --customers "$CUSTOMERS" --servers "$SERVERS" --orders "$ORDERS" | tee "$seed_log"
    fi
    seed_seconds=$((SECONDS - started))
    touch "$VAR/.reports-rebuilt"
    summary="$(grep -a 'rows in' "$seed_log" | tail -1)"
    seed_rows="$(sed -E 's/.*: ([0-9]+) rows in.*/\1/' <<<"$summary")"
    seed_rate="$(sed -E 's/.*\(([0-9]+) rows\/s\).*/\1/' <<<"$summary")"
    echo "$wanted" >"$MARKER"
else
    log "reusing the database seeded at scale $SCALE ($wanted)"
fi
"$BIN" seed --clear-bench-jobs --bench-tokens "$TOKENS" >"$VAR/log/bench-tokens.log"
# The reports' aggregates, recomputed from the raw rows once per seeded database (one seeded
# before migration 0031 has no facts yet).
if [[ ! -f "$VAR/.reports-rebuilt" ]]; then
    log "rebuilding the reports' aggregates"
    "$BIN" reports rebuild | tee "$VAR/log/bench-reports.log"
    touch "$VAR/.reports-rebuilt"
fi

read -r STAFF_TOKEN STAFF_COOKIE CUSTOMER_TOKEN CUSTOMER_COOKIE < <(python3 - "$TOKENS" "$WORK/reboot-ids.txt" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
open(sys.argv[2], "w").write("\n".join(map(str, t["reboot_server_ids"])) + "\n")
print(t["staff_token"], t["staff_cookie"], t["customer_token"], t["customer_cookie"])
PY
)
REBOOT_IDS="$(wc -l <"$WORK/reboot-ids.txt")"
((REBOOT_IDS >= 5000)) || log "warning: only $REBOOT_IDS active servers for the reboot case"

# Every run ends with one line "BENCH_JSON {...}" from done().
cat >"$WORK/report.lua" <<'LUA'
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"errors_connect":%d,"errors_read":%d,"errors_write":%d,' ..
    '"errors_timeout":%d,"errors_status":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
LUA
# Case 6: POST reboot, walking the id list (each thread its own stride), counting 202s.
cat >"$WORK/reboot.lua" <<'LUA'
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function init(args)
  ids = {}
  for line in io.lines(args[1]) do if line ~= "" then ids[#ids + 1] = line end end
  stride = tonumber(args[2])
  index = tid + 1
  accepted, refused = 0, 0
end
function request()
  local id = ids[index]
  index = index + stride
  if index > #ids then index = index - #ids end
  return wrk.format("POST", "/api/v1/dedicated-servers/instances/" .. id .. "/reboot", nil, "")
end
function response(status, headers, body)
  if status == 202 then accepted = accepted + 1 else refused = refused + 1 end
end
function done(summary, latency, requests)
  local accepted, refused = 0, 0
  for _, thread in ipairs(threads) do
    accepted = accepted + thread:get("accepted")
    refused = refused + thread:get("refused")
  end
  io.write(string.format("BENCH_ACCEPTED %d %d\n", accepted, refused))
LUA
sed -n '/^  local e = summary.errors/,$p' "$WORK/report.lua" >>"$WORK/reboot.lua"

: >"$RUNS"
# check URL STATUS CURL-ARGS... : the case answers what it should before wrk hammers it.
check() {
    local url="$1" want="$2" got
    shift 2
    got="$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$@" "$url")"
    [[ "$got" == "$want" ]] || die "$url answered $got, not $want; the case would measure the wrong thing"
}
# cpu_ticks : "nginx workers reference postgres", utime+stime clock ticks summed over every
# process of each kind of this stack (nginx master and workers; the `vpsctl worker` children of
# `vpsctl serve`; the reference; the postmaster and all its children, i.e. every backend).
ticks() {
    local pid total=0 t
    for pid in "$@"; do
        t="$(awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$pid/stat" 2>/dev/null || true)"
        total=$((total + ${t:-0}))
    done
    echo "$total"
}
cpu_ticks() {
    local nginx_pid serve_pid pg_pid workers=()
    nginx_pid="$(read_pid "$NGINX_PIDFILE")"
    serve_pid="$(read_pid "$SERVE_PIDFILE")"
    pg_pid="$(head -1 "$PGDATA_DIR/postmaster.pid" 2>/dev/null | tr -dc '0-9')"
    for pid in $(pgrep -P "$serve_pid" || true); do
        tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q ' worker' && workers+=("$pid")
    done
    # shellcheck disable=SC2046  # pid lists
    echo "$(ticks "$nginx_pid" $(pgrep -P "$nginx_pid")) $(ticks "${workers[@]}") $(ticks "$(read_pid "$REF_PIDFILE")")" \
        "$(ticks "$pg_pid" $(pgrep -P "$pg_pid"))"
}

# run_case N NAME PATH CONNECTIONS WRK-ARGS... : one wrk run against $SIDE (portal or
# reference), appended to $RUNS with the server CPU it cost (SCRIPT_ARGS: arguments for the Lua
# script's init, after the URL).
SCRIPT_ARGS=()
SIDE=portal
run_case() {
    local number="$1" name="$2" path="$3" connections="$4" threads=1 out base="$URL" before after
    shift 4
    ((connections > 1)) && threads=2
    [[ "$SIDE" == reference ]] && base="$REF_URL"
    out="$WORK/case$number-c$connections-$SIDE.txt"
    log "case $number ($name), $SIDE, $connections connection(s), $DURATION"
    before="$(cpu_ticks)"
    wrk -t"$threads" -c"$connections" -d"$DURATION" --latency --timeout "$TIMEOUT" "$@" "$base$path" "${SCRIPT_ARGS[@]}" >"$out" 2>&1 ||
        { cat "$out" >&2; die "wrk failed"; }
    after="$(cpu_ticks)"
    python3 - "$out" "$number" "$name" "$path" "$connections" "$SIDE" "$before" "$after" "$(getconf CLK_TCK)" >>"$RUNS" <<'PY'
import json, sys
out, number, name, path, connections, side, before, after, hz = sys.argv[1:]
data, accepted = None, None
for line in open(out, errors="replace"):
    if line.startswith("BENCH_JSON "):
        data = json.loads(line[len("BENCH_JSON "):])
    elif line.startswith("BENCH_ACCEPTED "):
        accepted = [int(x) for x in line.split()[1:3]]
seconds = data["duration_us"] / 1e6
row = {"case": int(number), "name": name, "path": path, "connections": int(connections), "seconds": round(seconds, 2),
       "requests": data["requests"], "rps": round(data["requests"] / seconds, 1),
       "p50_ms": data["p50_us"] / 1000, "p90_ms": data["p90_us"] / 1000, "p99_ms": data["p99_us"] / 1000,
       "max_ms": data["max_us"] / 1000, "mean_ms": round(data["mean_us"] / 1000, 3),
       "errors": data["errors_connect"] + data["errors_read"] + data["errors_write"] + data["errors_timeout"],
       "non2xx": data["errors_status"],
       "socket_errors": {k[7:]: data[k] for k in ("errors_connect", "errors_read", "errors_write", "errors_timeout")}}
if accepted is not None:
    row["accepted"], row["refused"] = accepted
    row["non2xx"] = accepted[1]   # anything but 202 is a refusal here
    row["accepted_per_s"] = round(accepted[0] / seconds, 1)
row["side"] = side
spent = [int(a) - int(b) for a, b in zip(after.split(), before.split())]
row["cpu_us_per_request"] = {kind: round(ticks * 1e6 / int(hz) / max(data["requests"], 1), 1)
                             for kind, ticks in zip(("nginx", "workers", "reference", "postgres"), spent)}
print(json.dumps(row))
PY
}

static_path=/bench-10k.txt
my_path=/my/servers
admin_path="/admin/servers?status=active"
api_path=/api/v1/dedicated-servers/instances
customer_cookie=(-H "Cookie: vps_session=$CUSTOMER_COOKIE")
staff_cookie=(-H "Cookie: vps_session=$STAFF_COOKIE")
customer_bearer=(-H "Authorization: Bearer $CUSTOMER_TOKEN")
staff_bearer=(-H "Authorization: Bearer $STAFF_TOKEN")

check "$URL$static_path" 200
check "$URL/health" 200
check "$URL$my_path" 200 "${customer_cookie[@]}"
check "$URL$admin_path" 200 "${staff_cookie[@]}"
check "$URL$api_path" 200 "${customer_bearer[@]}"
servers_shown="$(curl -s "${customer_bearer[@]}" "$URL$api_path" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')"
[[ "$servers_shown" == 10 ]] || die "the bench customer has $servers_shown servers, not 10"

# The reference must answer what the portal answers before either is measured: through nginx
# (every header but Date and X-Request-ID's value), and straight over FastCGI with the SQL each
# ran (bench/reference/check.py: same bytes, same statements in the same order).
same_through_nginx() {
    local path="$1"
    shift
    cmp -s <(curl -s -i "$@" "$URL$path" | grep -av '^Date:\|^X-Request-ID:') \
        <(curl -s -i "$@" "$REF_URL$path" | grep -av '^Date:\|^X-Request-ID:') ||
        die "the reference's answer to $path differs from the portal's (compare: curl -i $URL$path and $REF_URL$path)"
}
same_through_nginx "$my_path" "${customer_cookie[@]}"
same_through_nginx "$admin_path" "${staff_cookie[@]}"
same_through_nginx "$api_path" "${customer_bearer[@]}"
python3 "$ROOT/bench/reference/check.py" --portal-socket "$SOCKET" --reference-socket "$REF_SOCKET" --db "$DATABASE_URL" \
    --pg-log "$VAR/log/postgresql.log" --tokens "$TOKENS" >"$WORK/reference-check.txt" 2>&1 ||
    { cat "$WORK/reference-check.txt" >&2; die "the reference no longer does what the portal does: update bench/reference"; }
sed 's/^/[bench] reference check: /' "$WORK/reference-check.txt" >&2
"$BIN" seed --clear-bench-jobs >>"$VAR/log/bench-tokens.log"

# Cases 3-6 alternate portal, reference, portal, reference, so both see the same moments of a
# shared machine.
for connections in 1 32; do
    SIDE=portal
    run_case 1 "nginx static 10 KB" "$static_path" "$connections" -s "$WORK/report.lua"
    run_case 2 "GET /health" /health "$connections" -s "$WORK/report.lua"
    for SIDE in portal reference portal reference; do
        run_case 3 "customer /my/servers" "$my_path" "$connections" -s "$WORK/report.lua" "${customer_cookie[@]}"
    done
    for SIDE in portal reference portal reference; do
        run_case 4 "staff /admin/servers?status=active" "$admin_path" "$connections" -s "$WORK/report.lua" "${staff_cookie[@]}"
    done
    for SIDE in portal reference portal reference; do
        run_case 5 "API instances (customer token)" "$api_path" "$connections" -s "$WORK/report.lua" "${customer_bearer[@]}"
    done
    SCRIPT_ARGS=(-- "$WORK/reboot-ids.txt" "$((connections > 1 ? 2 : 1))")
    for SIDE in portal reference portal reference; do
        run_case 6 "staff POST reboot (jobs accepted)" "/api/v1/dedicated-servers/instances/{id}/reboot" "$connections" \
            -s "$WORK/reboot.lua" "${staff_bearer[@]}"
        "$BIN" seed --clear-bench-jobs >>"$VAR/log/bench-tokens.log"   # every run starts on servers without open jobs
    done
    SCRIPT_ARGS=()
    SIDE=portal
done

# The reports' Domain calls (each report over 12 months by month and 90 days by day, the dashboard's
# server counts, the daily summary), median ms, and the plans of their reads.
log "timing the reports"
"$BIN" reports time --explain | tee "$VAR/reports-timing-$SCALE.txt"

# Peak memory of each worker process (children of `vpsctl serve` running `vpsctl worker`).
serve_pid="$(read_pid "$SERVE_PIDFILE")"
: >"$WORK/rss.txt"
for pid in $(pgrep -P "$serve_pid" || true); do
    if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q ' worker'; then
        echo "$pid $(awk '/^VmHWM/ {print $2}' "/proc/$pid/status") $(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")" >>"$WORK/rss.txt"
    fi
done

# The staff list page, one request at a time: median of 20 after 3 warm-ups.
: >"$WORK/admin-list.txt"
for i in $(seq 1 23); do
    t="$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "${staff_cookie[@]}" "$URL$admin_path")"
    ((i > 3)) && echo "$t" >>"$WORK/admin-list.txt"
done
# The dashboard and the report pages (issue 17: each under 50 ms at the large scale), the same way.
: >"$WORK/report-pages.txt"
for page in /admin /admin/reports/mrr /admin/reports/revenue /admin/reports/receivables /admin/reports/churn \
    /admin/reports/profit /admin/reports/capacity; do
    for i in $(seq 1 23); do
        t="$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "${staff_cookie[@]}" "$URL$page")"
        ((i > 3)) && echo "$page $t" >>"$WORK/report-pages.txt"
    done
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

python3 - <<PY
import json, os, platform, statistics, subprocess, datetime
var, scale = "$VAR", "$SCALE"
every_run = [json.loads(line) for line in open("$RUNS")]
CPU_KINDS = ("nginx", "workers", "reference", "postgres")
def combined(group):
    """The runs of one case, side and connection count as one row: rates and latencies averaged
    over the runs, counts summed, CPU per request weighted by requests."""
    first, n, total = group[0], len(group), sum(r["requests"] for r in group)
    row = {k: first[k] for k in ("case", "name", "path", "connections", "side")}
    row.update({"runs": n, "seconds": round(sum(r["seconds"] for r in group), 2), "requests": total,
                "rps": round(sum(r["rps"] for r in group) / n, 1),
                "errors": sum(r["errors"] for r in group), "non2xx": sum(r["non2xx"] for r in group),
                "socket_errors": {k: sum(r["socket_errors"][k] for r in group) for k in first["socket_errors"]},
                "cpu_us_per_request": {k: round(sum(r["cpu_us_per_request"][k] * r["requests"] for r in group) / max(total, 1), 1)
                                       for k in CPU_KINDS}})
    for key in ("p50_ms", "p90_ms", "p99_ms", "mean_ms"):
        row[key] = round(sum(r[key] for r in group) / n, 3)
    row["max_ms"] = max(r["max_ms"] for r in group)
    if "accepted" in first:
        row["accepted"] = sum(r["accepted"] for r in group)
        row["refused"] = sum(r["refused"] for r in group)
        row["accepted_per_s"] = round(sum(r["accepted_per_s"] for r in group) / n, 1)
    return row
groups = {}
for r in every_run:
    groups.setdefault((r["side"], r["case"], r["connections"]), []).append(r)
runs = [combined(g) for (side, _, _), g in sorted(groups.items()) if side == "portal"]
reference = {(r["case"], r["connections"]): r for r in (combined(g) for (side, _, _), g in groups.items() if side == "reference")}
static = {r["connections"]: r["rps"] for r in runs if r["case"] == 1}
for r in runs + list(reference.values()):
    r["ratio_to_static"] = round(r["rps"] / static[r["connections"]], 4) if static.get(r["connections"]) else None
    if "accepted_per_s" in r:
        r["ratio_to_static"] = round(r["accepted_per_s"] / static[r["connections"]], 4) if static.get(r["connections"]) else None
def rate(r):
    return r.get("accepted_per_s", r["rps"])
def server_cpu(r):
    c = r["cpu_us_per_request"]
    return {"nginx": c["nginx"], "responder": c["workers"] if r["side"] == "portal" else c["reference"], "postgres": c["postgres"],
            "total": round(c["nginx"] + (c["workers"] if r["side"] == "portal" else c["reference"]) + c["postgres"], 1)}
def ratio(a, b):
    return round(a / b, 3) if b else None
versus = []
for r in runs:
    ref = reference.get((r["case"], r["connections"]))
    if not ref:
        continue
    mine, theirs = server_cpu(r), server_cpu(ref)
    versus.append({"case": r["case"], "name": r["name"], "connections": r["connections"],
                       "portal": {"rps": rate(r), "p50_ms": r["p50_ms"], "p99_ms": r["p99_ms"], "errors": r["errors"] + r["non2xx"],
                                  "cpu_us_per_request": mine},
                       "reference": {"rps": rate(ref), "p50_ms": ref["p50_ms"], "p99_ms": ref["p99_ms"], "errors": ref["errors"] + ref["non2xx"],
                                     "cpu_us_per_request": theirs},
                       "portal_over_reference": {"rps": ratio(rate(r), rate(ref)), "p50": ratio(r["p50_ms"], ref["p50_ms"]),
                                                 "p99": ratio(r["p99_ms"], ref["p99_ms"]),
                                                 "cpu": {k: ratio(mine[k], theirs[k]) for k in mine}}})
rss = []
for line in open("$WORK/rss.txt"):
    pid, hwm, now = line.split()
    rss.append({"pid": int(pid), "peak_rss_kb": int(hwm), "rss_kb": int(now)})
samples = []
for line in open("$WORK/admin-list.txt"):
    code, seconds = line.split()
    samples.append({"status": int(code), "ms": round(float(seconds) * 1000, 2)})
admin_ms = statistics.median(s["ms"] for s in samples)
page_samples = {}
for line in open("$WORK/report-pages.txt"):
    page, code, seconds = line.split()
    page_samples.setdefault(page, []).append((int(code), float(seconds) * 1000))
report_pages = [{"path": page, "median_ms": round(statistics.median(ms for _, ms in got), 2), "max_ms": round(max(ms for _, ms in got), 2),
                 "not_200": sum(1 for code, _ in got if code != 200)} for page, got in page_samples.items()]
model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
def git(*args):
    try:
        return subprocess.run(["git", *args], cwd="$ROOT", capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""
def number(text):
    return None if text in ("", "null") else int(text)
result = {
    "scale": {"name": scale, "customers": $CUSTOMERS, "servers": $SERVERS, "orders": $ORDERS},
    "finished_at": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "git": {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain", "--untracked-files=no"))},
    "machine": {"nproc": os.cpu_count(), "cpu_model": model, "kernel": platform.release(),
                "load_before": "$load_before", "load_after": "$load_after"},
    "settings": {"duration": "$DURATION", "timeout": "$TIMEOUT", "workers": int(os.environ.get("VPS_WORKERS", "2")),
                 "threads": int(os.environ.get("VPS_THREADS", "8")), "url": "$URL"},
    "seed": {"reused": "$reused" == "true", "seconds": number("$seed_seconds"), "rows": number("$seed_rows"),
             "rows_per_second": number("$seed_rate")},
    "cases": runs,
    "reference": sorted(reference.values(), key=lambda r: (r["connections"], r["case"])),
    "comparison": versus,
    "runs": every_run,
    "workers": rss,
    "admin_list_page": {"path": "$admin_path", "median_ms": admin_ms, "samples": samples},
    "report_pages": report_pages,
}
other = {"default": "large", "large": "default"}[scale]
other_path = os.path.join(var, f"results-{other}.json")
comparison = None
if os.path.exists(other_path):
    previous = json.load(open(other_path))
    times = {scale: admin_ms, other: previous["admin_list_page"]["median_ms"]}
    comparison = {"default_ms": times["default"], "large_ms": times["large"], "large_over_default": round(times["large"] / times["default"], 3),
                  "other_run_finished_at": previous.get("finished_at")}
    result["admin_list_large_vs_default"] = comparison
c32 = {r["case"]: r for r in runs if r["connections"] == 32}
def target(name, ok, detail):
    return {"target": name, "met": bool(ok), "measured": detail}
v32 = {v["case"]: v for v in versus if v["connections"] == 32}
def against_reference(case):
    v = v32[case]
    x = v["portal_over_reference"]
    errors = v["portal"]["errors"]
    return (x["rps"] >= 0.8 and x["p99"] <= 1.5 and x["cpu"]["responder"] <= 2 and errors == 0,
            f'{x["rps"]:.2f}x req/s, {x["p99"]:.2f}x p99, {x["cpu"]["responder"]:.2f}x worker CPU, {errors} errors')
targets = [
    target("case 3 @32 vs reference: >= 0.8x req/s, p99 <= 1.5x, worker CPU/request <= 2x, 0 errors", *against_reference(3)),
    target("case 5 @32 vs reference: >= 0.8x req/s, p99 <= 1.5x, worker CPU/request <= 2x, 0 errors", *against_reference(5)),
    target("case 4 @32 vs reference: >= 0.6x req/s", v32[4]["portal_over_reference"]["rps"] >= 0.6,
           f'{v32[4]["portal_over_reference"]["rps"]:.2f}x'),
    target("each worker's peak RSS <= 40 MB", rss and all(w["peak_rss_kb"] <= 40 * 1024 for w in rss),
           ", ".join(f'{w["peak_rss_kb"] / 1024:.1f} MB' for w in rss)),
]
targets.append(target("dashboard and report pages: median < 50 ms each, all 200",
                      all(r["median_ms"] < 50 and r["not_200"] == 0 for r in report_pages),
                      f'slowest {max(report_pages, key=lambda r: r["median_ms"])["path"]} {max(r["median_ms"] for r in report_pages):.1f} ms'))
if comparison:
    targets.append(target("admin list at 1M within 1.3x of 10k", comparison["large_over_default"] <= 1.3, f'{comparison["large_over_default"]:.2f}x'))
result["targets"] = targets
for path in (os.path.join(var, "results.json"), os.path.join(var, f"results-{scale}.json")):
    with open(path, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")

print()
print(f"VPS Portal benchmark — scale {scale} ({$CUSTOMERS} customers, {$SERVERS} servers, {$ORDERS} orders), "
      f"{os.cpu_count()} × {model}, load {result['machine']['load_before']} → {result['machine']['load_after']}")
print(f"commit {result['git']['commit'][:12]}{' (dirty)' if result['git']['dirty'] else ''}, wrk $DURATION per run, "
      f"{result['settings']['workers']} workers × {result['settings']['threads']} threads")
print()
header = f"{'case':<40} {'conns':>5} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'non-2xx':>8} {'vs case 1':>9}"
print(header)
print("-" * len(header))
for r in sorted(runs, key=lambda r: (r["connections"], r["case"])):
    rate = r.get("accepted_per_s", r["rps"])
    label = f'{r["case"]}. {r["name"]}'
    ratio = f'{100 * r["ratio_to_static"]:.1f}%' if r["ratio_to_static"] is not None else "—"
    print(f"{label:<40} {r['connections']:>5} {rate:>10.0f} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f} {r['errors']:>7} {r['non2xx']:>8} {ratio:>9}")
print("  (case 6: req/s column = jobs accepted per second (202); non-2xx = refused requests)")
print()
print("portal vs the C reference (bench/reference), same nginx, same SQL, same bytes; runs alternated A B A B;")
print("CPU = server CPU per request in µs (utime+stime of all processes of each kind / requests): nginx, responder, PostgreSQL")
head2 = (f"{'case':<40} {'conns':>5} {'req/s P':>8} {'R':>7} {'P/R':>5} {'p99 P':>7} {'R':>6} {'P/R':>5}"
         f" {'CPU P: nginx':>12} {'resp':>5} {'pg':>5} {'total':>6} {'R: nginx':>8} {'resp':>5} {'pg':>5} {'total':>6} {'P/R':>5}")
print(head2)
print("-" * len(head2))
for v in sorted(versus, key=lambda v: (v["connections"], v["case"])):
    p, q, x = v["portal"], v["reference"], v["portal_over_reference"]
    pc, qc = p["cpu_us_per_request"], q["cpu_us_per_request"]
    label = f'{v["case"]}. {v["name"]}'
    print(f"{label:<40} {v['connections']:>5} {p['rps']:>8.0f} {q['rps']:>7.0f} {x['rps']:>5.2f} {p['p99_ms']:>7.2f} {q['p99_ms']:>6.2f} {x['p99']:>5.2f}"
          f" {pc['nginx']:>12.0f} {pc['responder']:>5.0f} {pc['postgres']:>5.0f} {pc['total']:>6.0f} {qc['nginx']:>8.0f} {qc['responder']:>5.0f}"
          f" {qc['postgres']:>5.0f} {qc['total']:>6.0f} {x['cpu']['total']:>5.2f}")
print()
for w in rss:
    print(f"worker pid {w['pid']}: peak RSS {w['peak_rss_kb'] / 1024:.1f} MB (now {w['rss_kb'] / 1024:.1f} MB)")
bad = [s for s in samples if s["status"] != 200]
print(f"staff list page $admin_path: median {admin_ms:.2f} ms of {len(samples)} (curl, one at a time)"
      + (f", {len(bad)} not 200!" if bad else ""))
print("dashboard and report pages (curl, one at a time, median / max of 20): "
      + ", ".join(f'{r["path"].removeprefix("/admin/reports/")} {r["median_ms"]:.1f} / {r["max_ms"]:.1f} ms' for r in report_pages))
if comparison:
    print(f"  at 1M servers vs 50k: {comparison['large_ms']:.2f} ms / {comparison['default_ms']:.2f} ms = {comparison['large_over_default']:.2f}x")
if not result["seed"]["reused"]:
    print(f"seed: {result['seed']['rows']} rows in {result['seed']['seconds']} s ({result['seed']['rows_per_second']} rows/s)")
print()
for t in targets:
    print(f"  target {'met    ' if t['met'] else 'MISSED '} {t['target']}: {t['measured']}")
print()
print(f"written: {var}/results.json and {var}/results-{scale}.json")
PY
