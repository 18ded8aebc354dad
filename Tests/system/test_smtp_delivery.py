"""Email through a real SMTP server: the test stack's job runner sends an invoice email to aiosmtpd
on loopback, which requires STARTTLS (a self-signed certificate the stack trusts through
VPS_SMTP_CA_FILE, which make test points into var/test) and AUTH with one login. The message is read
as received: headers, parts, the link. Then the server goes down: a message retries (attempts grow,
last_error set) until dead; the server comes back, staff resend it and it arrives exactly once.

The stack's settings are switched to smtp over the API (admin, 2FA) and put back with SQL afterwards,
so later tests see the file transport again."""
import json
import os
import tempfile
import time

import pytest

import smtp_fake
from test_idempotency import sql
from test_loadable_gateway import api, enrolled_admin
from test_openapi import totp
from test_stripe_checkout import customer_with_invoice, wait_for

SENDER = "billing@portal.example.test"
SETTINGS_COLUMNS = "email_transport, smtp_host, smtp_port, smtp_security, smtp_username, smtp_password_sealed, from_name, from_address, portal_url"


@pytest.fixture
def smtp_settings():
    """The stack's notification settings row, restored afterwards (messages still queued for SMTP go to files again)."""
    saved = sql(f"SELECT row_to_json(s)::text FROM (SELECT {SETTINGS_COLUMNS} FROM notification_settings) s")
    yield
    sql(f"UPDATE notification_settings SET ({SETTINGS_COLUMNS}) = (SELECT {SETTINGS_COLUMNS} FROM "
        f"json_populate_record(NULL::notification_settings, $json${saved}$json$)) WHERE id = 1")


def outbox(event_key, column):
    return sql(f"SELECT {column} FROM outbox_messages WHERE event_key = '{event_key}'")


def test_invoice_email_over_starttls_with_auth_then_retried_dead_and_resent_once(base_url, test_var, test_root, smtp_settings):
    ca_file = os.environ.get("VPS_SMTP_CA_FILE")
    assert ca_file, "make test sets VPS_SMTP_CA_FILE for the stack"
    os.makedirs(os.path.dirname(ca_file), exist_ok=True)
    with tempfile.TemporaryDirectory() as directory:
        cert = smtp_fake.self_signed(directory)
        with open(cert[0], "rb") as source, open(ca_file, "wb") as target:
            target.write(source.read())
        port = smtp_fake.free_port()
        mailbox, login = smtp_fake.Mailbox(), smtp_fake.Login("portal-mailer", "smtp password 42")
        server = smtp_fake.start(mailbox, port, cert=cert, login=login)
        try:
            admin, secret = enrolled_admin(base_url, test_var, test_root)
            settings = {"transport": "smtp", "smtp_host": "127.0.0.1", "smtp_port": str(port), "smtp_security": "starttls",
                        "smtp_username": "portal-mailer", "smtp_password": "smtp password 42", "from_name": "Portal Billing",
                        "from_address": SENDER, "portal_url": "https://portal.example.test"}
            status, _, raw = api(base_url, "/api/v1/settings/notifications", admin, settings, code=totp(secret, 1), method="PATCH")
            assert status == 200, raw
            assert json.loads(raw)["smtp_password_set"] is True and b"smtp password 42" not in raw

            _, _, invoice = customer_with_invoice(base_url)
            key = f"invoice.issued:{invoice}"
            message_id = f"<invoice.issued/{invoice}@portal.example.test>"
            received = mailbox.wait_for(message_id)
            assert len(received) == 1, (outbox(key, "status || ' ' || last_error"), mailbox.messages)
            message, info = received[0]
            assert info["tls"] and info["authenticated"], "STARTTLS, then AUTH"
            assert login.accepted and login.accepted[-1][1] == b"portal-mailer"
            assert info["mail_from"] == SENDER and len(info["rcpt_tos"]) == 1
            customer = sql(f"SELECT u.email FROM invoices i JOIN users u ON u.id = i.customer_id WHERE i.id = {invoice}")
            assert message["From"] == f"Portal Billing <{SENDER}>"
            assert customer in message["To"] and info["rcpt_tos"] == [customer]
            number = sql(f"SELECT number FROM invoices WHERE id = {invoice}")
            assert message["Subject"] == f"Invoice {number}"
            assert message["Message-ID"] == message_id and message["Date"]
            parts = [part for part in message.walk() if not part.is_multipart()]
            assert [part.get_content_type() for part in parts][0] == "text/plain"
            text = parts[0].get_content()
            assert f"https://portal.example.test/my/invoices/{invoice}" in text
            assert wait_for(f"SELECT status || ' ' || provider_message_id FROM outbox_messages WHERE event_key = '{key}'",
                            f"sent {message_id}") == f"sent {message_id}"

            # The server goes down: the next message fails, is retried (its backoff cut short here), then dies.
            smtp_fake.stop(server)
            _, _, second = customer_with_invoice(base_url)
            key = f"invoice.issued:{second}"
            message_id = f"<invoice.issued/{second}@portal.example.test>"
            assert wait_for(f"SELECT status FROM outbox_messages WHERE event_key = '{key}'", "failed", 60) == "failed"
            assert outbox(key, "attempts") == "1" and outbox(key, "last_error") != ""
            sql(f"UPDATE outbox_messages SET run_after = now() WHERE event_key = '{key}'")
            assert wait_for(f"SELECT status || attempts FROM outbox_messages WHERE event_key = '{key}'", "failed2", 60) == "failed2"
            sql(f"UPDATE outbox_messages SET run_after = now(), max_attempts = 3 WHERE event_key = '{key}'")
            assert wait_for(f"SELECT status || attempts FROM outbox_messages WHERE event_key = '{key}'", "dead3", 60) == "dead3"

            # Back up; staff resend the dead message: it arrives once.
            server = smtp_fake.start(mailbox, port, cert=cert, login=login)
            message_row = outbox(key, "id")
            status, _, raw = api(base_url, f"/api/v1/outbox/{message_row}/resend", admin, {})
            assert status == 202, raw
            assert len(mailbox.wait_for(message_id)) == 1
            assert wait_for(f"SELECT status || attempts FROM outbox_messages WHERE event_key = '{key}'", "sent4") == "sent4"
            time.sleep(2)
            assert len(mailbox.accepted(message_id)) == 1, "delivered exactly once"
            assert sql(f"SELECT count(*) FROM audit_log WHERE action = 'outbox.resend' AND target_id = '{message_row}'") == "1"
        finally:
            smtp_fake.stop(server)
