"""`vpsctl jobs` killed with SIGKILL while an email is on the wire, then started again.

On a scratch database, one invoice email is queued for an SMTP server (aiosmtpd on loopback) that
takes the message but holds its answer to DATA. While the runner waits for that answer it is killed
with `kill -9`. The row stays `sending` under its lease (120 s; the test moves its end to the past
instead of waiting). A new runner takes it again and it is delivered: the receiver has the same
Message-ID twice (the unanswered copy and the delivered one), so it can drop the copy; nothing is lost
and the row records one delivery."""
import os
import signal
import subprocess
import time

import pytest

import smtp_fake
from conftest import require_env
from scratch_portal import psql, scratch_portal_env

MESSAGE_ID = "<invoice.issued/777@portal.example.test>"


@pytest.fixture
def scratch(test_var):
    with scratch_portal_env(test_var, "outbox_kill_", VPS_JOB_THREADS="1", VPS_PDF_THREADS="0", VPS_BILLING_INTERVAL="0",
                            VPS_SMTP_CA_FILE="") as env:
        yield env


def runner(env):
    binary = os.path.join(require_env("VPS_TEST_ROOT"), ".build/release/vpsctl")
    return subprocess.Popen([binary, "jobs"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_for(url, query, expected, seconds=30):
    deadline = time.monotonic() + seconds
    while (value := psql(url, query)) != expected and time.monotonic() < deadline:
        time.sleep(0.1)
    return value


def test_runner_killed_mid_delivery_sends_again_with_the_same_message_id(scratch):
    url = scratch["VPS_DATABASE_URL"]
    binary = os.path.join(require_env("VPS_TEST_ROOT"), ".build/release/vpsctl")
    migrated = subprocess.run([binary, "migrate"], env=scratch, capture_output=True, text=True, timeout=120)
    assert migrated.returncode == 0, migrated.stderr
    port = smtp_fake.free_port()
    psql(url, f"UPDATE notification_settings SET email_transport = 'smtp', smtp_host = '127.0.0.1', smtp_port = {port}, "
              "smtp_security = 'none', from_name = 'Portal', from_address = 'billing@portal.example.test' WHERE id = 1")
    psql(url, "INSERT INTO outbox_messages (channel, event_key, recipient, subject, body_text) "
              "VALUES ('email', 'invoice.issued:777', 'customer@example.test', 'Invoice 777', 'Your invoice.')")
    mailbox = smtp_fake.Mailbox()
    mailbox.stall.set()
    server = smtp_fake.start(mailbox, port)
    first = runner(scratch)
    second = None
    try:
        assert mailbox.data_seen.wait(30), "the runner never sent DATA"
        assert psql(url, "SELECT status || attempts FROM outbox_messages") == "sending1"
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        mailbox.stall.clear()
        mailbox.release.set()
        time.sleep(0.5)
        assert psql(url, "SELECT status || ' ' || (lease_until > now())::text FROM outbox_messages") == "sending true", \
            "a killed runner's message stays taken until its lease ends"
        psql(url, "UPDATE outbox_messages SET lease_until = now() - interval '1 second'")

        second = runner(scratch)
        assert wait_for(url, "SELECT status || attempts || ' ' || provider_message_id FROM outbox_messages",
                        f"sent2 {MESSAGE_ID}") == f"sent2 {MESSAGE_ID}"
        copies = [m["Message-ID"] for _, m, _ in mailbox.messages]
        assert copies == [MESSAGE_ID, MESSAGE_ID], "the unanswered copy and the delivered one, with one Message-ID"
        assert len(mailbox.accepted(MESSAGE_ID)) == 1
        assert psql(url, "SELECT count(*) FROM outbox_messages WHERE status <> 'sent'") == "0"
    finally:
        for process in (first, second):
            if process and process.poll() is None:
                process.terminate()
                process.wait(timeout=40)
        smtp_fake.stop(server)
