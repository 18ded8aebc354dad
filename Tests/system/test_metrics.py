"""`/metrics` through nginx: Prometheus' text format, parsed by prometheus_client, whose counters move
with load; and one logfmt line per request in the service log."""
import os
import re
import time
import urllib.request

from prometheus_client.parser import text_string_to_metric_families


def scrape(base_url):
    with urllib.request.urlopen(base_url + "/metrics", timeout=10) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        families = {}
        for family in text_string_to_metric_families(response.read().decode()):
            families[family.name] = family
            if family.type == "counter":  # the parser names a counter's family without `_total`
                families[family.name.removesuffix("_total") + "_total"] = family
        return families


def health_count(families):
    """GET /health 200 answers, added up over every worker."""
    return sum(sample.value for sample in families["vps_http_requests_total"].samples
               if sample.name == "vps_http_requests_total" and sample.labels["route"] == "/health"
               and sample.labels["method"] == "GET" and sample.labels["status"] == "200")


def test_metrics_parse_and_counters_move_with_load(base_url, test_var):
    before = scrape(base_url)
    for name in ("vps_http_requests_total", "vps_http_request_duration_seconds", "vps_database_errors_total", "vps_worker_threads",
                 "vps_worker_threads_busy", "vps_jobs", "vps_outbox_backlog"):
        assert name in before, f"{name} is missing"
    assert {sample.labels["status"] for sample in before["vps_jobs"].samples} >= {"queued", "running", "failed"}
    for _ in range(200):
        with urllib.request.urlopen(base_url + "/health", timeout=10) as response:
            assert response.status == 200
    time.sleep(2.5)  # every worker writes its counters every 2 s
    after = scrape(base_url)
    assert health_count(after) >= health_count(before) + 200
    buckets = [sample for sample in after["vps_http_request_duration_seconds"].samples
               if sample.name.endswith("_count") and sample.labels["route"] == "/health"]
    assert sum(sample.value for sample in buckets) >= 200
    workers = {sample.labels["worker"] for sample in after["vps_worker_threads"].samples}
    assert len(workers) >= 2, f"every worker process reports, not only the one answering: {workers}"

    with open(os.path.join(test_var, "log", "serve.log"), encoding="utf-8", errors="replace") as log:
        lines = [line for line in log if " route=/health " in line]
    assert lines, "no request log line"
    assert re.search(r"^time=\S+ pid=\d+ request_id=\S+ method=GET route=/health status=200 duration_ms=\d+\.\d{3} user=-$",
                     lines[-1].rstrip("\n")), lines[-1]

