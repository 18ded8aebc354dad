"""`vpsctl jobs` renders a queued invoice PDF by itself, stores it once and never renders it again.

On a scratch database with one issued invoice and its queued render (what issuing an invoice
writes), a job runner of the test's own (one thread, which also renders PDFs) must store a PDF that
starts with `%PDF-` and carries the invoice number in its text, and empty the queue. Queued again,
the render finds the stored document and leaves its bytes as they are.
"""
import base64
import os
import subprocess
import time

import pytest

from conftest import require_env
from scratch_portal import psql, scratch_portal_env


@pytest.fixture
def scratch(test_var):
    with scratch_portal_env(test_var, "invoice_pdf_", VPS_JOB_THREADS="1", VPS_PDF_THREADS="1", VPS_BILLING_INTERVAL="0") as env:
        yield env


def wait_for(url, query, expected, seconds, runner):
    deadline = time.monotonic() + seconds
    while psql(url, query) != expected:
        assert runner.poll() is None, runner.stdout.read().decode()
        assert time.monotonic() < deadline, f"{query!r} is not {expected!r} after {seconds} s"
        time.sleep(0.2)


def test_the_job_runner_renders_and_stores_the_pdf_once(scratch, tmp_path):
    url = scratch["VPS_DATABASE_URL"]
    binary = os.path.join(require_env("VPS_TEST_ROOT"), ".build/release/vpsctl")
    migrated = subprocess.run([binary, "migrate"], env=scratch, capture_output=True, text=True, timeout=600)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    customer = psql(url, "INSERT INTO users (email, name, password_hash, role) VALUES ('pdf@example.test', 'PDF', 'x', 'customer') RETURNING id")
    invoice = psql(url, "INSERT INTO invoices (customer_id, number, number_year, number_seq, status, issue_date, due_date, subtotal, total, "
                        f"amount_due) VALUES ({customer}, 'INV-2099-000777', 2099, 777, 'unpaid', current_date, current_date, 12.34, 12.34, "
                        "12.34) RETURNING id")
    psql(url, f"INSERT INTO invoice_items (invoice_id, kind, description, unit_price, amount) VALUES ({invoice}, 'manual', 'Rack space', 12.34, 12.34)")
    psql(url, f"INSERT INTO invoice_document_jobs (invoice_id) VALUES ({invoice})")

    runner = subprocess.Popen([binary, "jobs"], env=scratch, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_for(url, f"SELECT count(*) FROM invoice_documents WHERE invoice_id = {invoice}", "1", 90, runner)
        wait_for(url, "SELECT count(*) FROM invoice_document_jobs", "0", 10, runner)
        pdf = base64.b64decode(psql(url, f"SELECT encode(bytes, 'base64') FROM invoice_documents WHERE invoice_id = {invoice}"))
        assert pdf.startswith(b"%PDF-")
        (tmp_path / "invoice.pdf").write_bytes(pdf)
        text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "invoice.pdf"), "-"], capture_output=True, text=True, check=True).stdout
        assert "INV-2099-000777" in text and "Rack space" in text and "12.34" in text, text
        stored = psql(url, f"SELECT sha256 || ' ' || created_at FROM invoice_documents WHERE invoice_id = {invoice}")

        psql(url, f"INSERT INTO invoice_document_jobs (invoice_id) VALUES ({invoice})")
        wait_for(url, "SELECT count(*) FROM invoice_document_jobs", "0", 30, runner)
        assert psql(url, f"SELECT sha256 || ' ' || created_at FROM invoice_documents WHERE invoice_id = {invoice}") == stored
    finally:
        runner.send_signal(subprocess.signal.SIGTERM)
        try:
            runner.wait(timeout=40)
        except subprocess.TimeoutExpired:
            runner.kill()
            runner.wait()
