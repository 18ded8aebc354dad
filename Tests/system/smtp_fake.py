"""An SMTP server for the email tests: aiosmtpd (Debian's python3-aiosmtpd) on loopback, optionally
with STARTTLS required under a self-signed certificate and AUTH LOGIN/PLAIN checked against one
login. Every message it accepts is kept; `stall` holds the answer to DATA until released."""
import email
import email.policy
import os
import socket
import ssl
import subprocess
import sys
import threading
import time

try:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult
except ImportError:  # a Python of its own (pyenv, venv) does not see Debian's packages
    sys.path.append("/usr/lib/python3/dist-packages")
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def self_signed(directory):
    """A certificate for 127.0.0.1 and its key, made with openssl; (cert, key) paths."""
    cert, key = os.path.join(directory, "smtp.pem"), os.path.join(directory, "smtp.key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", key, "-out", cert],
                   check=True, capture_output=True, timeout=60)
    return cert, key


class Mailbox:
    """The handler: received messages (parsed), the login each came with, DATA commands seen."""

    def __init__(self):
        self.messages = []
        self.data_seen = threading.Event()
        self.stall = threading.Event()  # set: DATA is not answered until `release` is set
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.data_seen.set()
        parsed = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        if self.stall.is_set():
            self.messages.append(("stalled", parsed, envelope))
            while not self.release.is_set():
                await __import__("asyncio").sleep(0.05)
            return "451 gave up"
        self.messages.append(("accepted", parsed, {"authenticated": session.authenticated, "tls": session.ssl is not None,
                                                   "mail_from": envelope.mail_from, "rcpt_tos": list(envelope.rcpt_tos)}))
        return "250 OK queued"

    def accepted(self, message_id):
        return [(m, info) for kind, m, info in self.messages if kind == "accepted" and m["Message-ID"] == message_id]

    def wait_for(self, message_id, seconds=30):
        deadline = time.monotonic() + seconds
        while not self.accepted(message_id) and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.accepted(message_id)


class Login:
    """AUTH LOGIN/PLAIN: only `username` with `password`."""

    def __init__(self, username, password):
        self.username, self.password = username.encode(), password.encode()
        self.accepted = []  # the logins that succeeded

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == self.username and auth_data.password == self.password
        if ok:
            self.accepted.append((mechanism, auth_data.login))
        return AuthResult(success=ok, handled=False)


def start(mailbox, port, cert=None, login=None):
    """A running server on 127.0.0.1:`port`: STARTTLS required and AUTH required when `cert`/`login` are given."""
    kwargs = {}
    if cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*cert)
        kwargs.update(tls_context=context, require_starttls=True)
    if login:
        kwargs.update(authenticator=login, auth_required=True, auth_require_tls=bool(cert))
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    return controller


def stop(controller):
    controller.stop(no_assert=True)
