"""The README's production deploy, followed in a scratch nginx prefix.

Step 7 of "Deploying behind nginx" is a shell block; this test runs that block as written, with
only /etc/nginx moved under a scratch prefix, into a copy of Debian's own nginx.conf (which
includes conf.d/*.conf and sites-enabled/*). The installed site then gets the relocations a
scratch prefix needs and nothing else: certbot's certificate directory holds a self-signed pair
made here, /srv/vps-portal is this checkout, the socket is the test stack's, logs go to the
prefix, and the two listen ports are spare ones on 127.0.0.1. Then `nginx -t`, start it, and check
over HTTPS what the README's step 8 promises. The systemd unit is checked with
`systemd-analyze verify`, and every repository file the deploy steps install must exist.
"""
import http.client
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import require_env

DOMAIN = "portal.test"
HSTS = "max-age=63072000; includeSubDomains"
# Where step 1 installs swagger-ui-py; scripts/install-deps.sh installs it there too, unless
# VPS_SWAGGER_UI_PREFIX says otherwise (then the site is relocated there).
SWAGGER_UI_PREFIX = "/usr/local/lib/vps-portal/swagger-ui"
LOCAL_SWAGGER_UI_PREFIX = os.environ.get("VPS_SWAGGER_UI_PREFIX") or SWAGGER_UI_PREFIX


def deploy_section(root):
    readme = open(os.path.join(root, "README.md"), encoding="utf-8").read()
    match = re.search(r"^## Deploying behind nginx\n(.*?)(?=^## |\Z)", readme, re.S | re.M)
    assert match, "the README has no 'Deploying behind nginx' section"
    return match.group(1)


def nginx_block(section):
    match = re.search(r"<!-- test_production_deploy\.py runs this block[^>]*-->\n```sh\n(.*?)```", section, re.S)
    assert match, "step 7's nginx block (marked for this test) is missing from the README"
    return match.group(1)


def spare_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, **kwargs)
    assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"
    return result


class Scratch:
    """An nginx prefix laid out like Debian's /etc/nginx, with the README's step 7 applied."""

    def __init__(self, root, directory, socket_path):
        self.root, self.dir = root, directory
        self.etc = os.path.join(directory, "etc/nginx")
        self.https_port, self.http_port = spare_port(), spare_port()
        for sub in ("conf.d", "sites-available", "sites-enabled", "log", "run", "letsencrypt", "acme"):
            os.makedirs(os.path.join(self.etc if sub.startswith(("conf", "sites")) else directory, sub), exist_ok=True)
        for name in ("mime.types", "fastcgi_params"):
            shutil.copy(os.path.join("/etc/nginx", name), self.etc)
        if os.path.isdir("/etc/nginx/modules-enabled"):
            shutil.copytree("/etc/nginx/modules-enabled", os.path.join(self.etc, "modules-enabled"), symlinks=True)
        self.write_nginx_conf()
        self.make_certificate()
        self.socket_path = socket_path

    def write_nginx_conf(self):
        """Debian's nginx.conf with its own paths moved into the prefix (and no `user`: the
        test stack's socket is 0666 and the checkout world-readable)."""
        text = open("/etc/nginx/nginx.conf", encoding="utf-8").read()
        text = re.sub(r"^\s*user\s+[^;]+;", "", text, flags=re.M)
        text = re.sub(r"^\s*pid\s+[^;]+;", f"pid {self.dir}/run/nginx.pid;", text, flags=re.M)
        text = text.replace("/var/log/nginx/", f"{self.dir}/log/").replace("/etc/nginx/", self.etc + "/")
        temp_paths = "".join(f"    {kind}_temp_path {self.dir}/run/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        text = text.replace("http {", "http {\n" + temp_paths, 1)
        open(os.path.join(self.etc, "nginx.conf"), "w", encoding="utf-8").write(text)

    def make_certificate(self):
        live = os.path.join(self.dir, "letsencrypt/live", DOMAIN)
        os.makedirs(live)
        self.certificate = os.path.join(live, "fullchain.pem")
        run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={DOMAIN}",
             "-addext", f"subjectAltName=DNS:{DOMAIN}", "-keyout", os.path.join(live, "privkey.pem"), "-out", self.certificate])

    def follow_step_7(self, block):
        """Runs the README's block with /etc/nginx under the prefix; `nginx -t` and the reload
        are this test's own (against the prefix), so that line is left out."""
        lines = [line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("nginx -t")]
        assert any("conf.d/" in line for line in lines), "step 7 does not install the http-level part into conf.d/"
        script = "set -euo pipefail\n" + "\n".join(lines).replace("/etc/nginx/", self.etc + "/") + "\n"
        run(["bash", "-c", script], cwd=self.root, env=dict(os.environ, DOMAIN=DOMAIN))

    def relocate_site(self):
        """The scratch prefix's relocations, applied to the installed (not the repository's) site."""
        path = os.path.join(self.etc, "sites-available/vps-portal.conf")
        assert os.path.realpath(os.path.join(self.etc, "sites-enabled/vps-portal.conf")) == os.path.realpath(path), \
            "step 7 does not link the site into sites-enabled/"
        text = open(path, encoding="utf-8").read()
        assert f"server_name {DOMAIN};" in text, "step 7's sed did not put the domain into server_name"
        assert f"/etc/letsencrypt/live/{DOMAIN}/fullchain.pem" in text, "step 7's sed did not fix the certificate paths"
        text = re.sub(r"^\s*listen \[::\][^;]*;\n", "", text, flags=re.M)
        text = re.sub(r"listen 80;", f"listen 127.0.0.1:{self.http_port};", text)
        text = re.sub(r"listen 443 ", f"listen 127.0.0.1:{self.https_port} ", text)
        replacements = {
            "/etc/letsencrypt/": f"{self.dir}/letsencrypt/",
            "/srv/vps-portal/": self.root.rstrip("/") + "/",
            "unix:/run/vps-portal/vpsctl.sock": "unix:" + self.socket_path,
            "/var/log/nginx/": f"{self.dir}/log/",
            "/var/www/letsencrypt": f"{self.dir}/acme",
            "/etc/nginx/": self.etc + "/",
            SWAGGER_UI_PREFIX + "/": LOCAL_SWAGGER_UI_PREFIX.rstrip("/") + "/",
        }
        for old, new in replacements.items():
            text = text.replace(old, new)
        open(path, "w", encoding="utf-8").write(text)

    def nginx(self, *args):
        return subprocess.run(["nginx", "-p", self.dir, "-c", os.path.join(self.etc, "nginx.conf"), "-e",
                               os.path.join(self.dir, "log/error.log"), *args], capture_output=True, text=True, timeout=30)


def https_get(scratch, path):
    context = ssl.create_default_context(cafile=scratch.certificate)
    raw = socket.create_connection(("127.0.0.1", scratch.https_port), timeout=10)
    connection = http.client.HTTPSConnection(DOMAIN, scratch.https_port, timeout=10)
    connection.sock = context.wrap_socket(raw, server_hostname=DOMAIN)
    connection.request("GET", path, headers={"Host": DOMAIN})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


@pytest.fixture(scope="module")
def production_nginx(test_root, test_var):
    directory = tempfile.mkdtemp(prefix="vps-deploy-")
    os.chmod(directory, 0o755)
    scratch = Scratch(test_root, directory, os.path.join(test_var, "run/vpsctl.sock"))
    try:
        scratch.follow_step_7(nginx_block(deploy_section(test_root)))
        scratch.relocate_site()
        checked = scratch.nginx("-t")
        assert checked.returncode == 0, f"nginx -t on the README's install failed:\n{checked.stderr}"
        started = scratch.nginx()
        assert started.returncode == 0, started.stderr
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", scratch.https_port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the production nginx never listened"
                time.sleep(0.05)
        yield scratch
    finally:
        pid_file = os.path.join(directory, "run/nginx.pid")
        if os.path.exists(pid_file):
            os.kill(int(open(pid_file).read()), signal.SIGQUIT)
            deadline = time.monotonic() + 10
            while os.path.exists(pid_file) and time.monotonic() < deadline:
                time.sleep(0.05)
        shutil.rmtree(directory, ignore_errors=True)


def test_health_over_https(production_nginx):
    response, body = https_get(production_nginx, "/health")
    assert response.status == 200, body
    assert b'"status":"ok"' in body and b'"database":"ok"' in body
    assert response.getheader("Strict-Transport-Security") == HSTS


def test_static_file_is_served_by_nginx_with_cache_headers(production_nginx, test_root):
    response, body = https_get(production_nginx, "/static/css/portal.css")
    assert response.status == 200
    assert body == open(os.path.join(test_root, "static/css/portal.css"), "rb").read()
    assert response.getheader("Cache-Control") == "max-age=2592000"
    assert response.getheader("Expires")


def test_swagger_ui_is_served_from_the_package_step_1_installs(production_nginx, test_root):
    section = deploy_section(test_root)
    step_1 = re.search(r"^python3 -m pip install [^\n]*--target (\S+) 'swagger-ui-py==([0-9.]+)'$", section, re.M)
    assert step_1, "step 1 does not install swagger-ui-py with pip --target"
    assert step_1.group(1) == SWAGGER_UI_PREFIX
    lib = open(os.path.join(test_root, "scripts/lib.sh"), encoding="utf-8").read()
    assert f"SWAGGER_UI_PY_VERSION={step_1.group(2)}\n" in lib, "README step 1 and scripts/lib.sh pin different versions"
    site = open(os.path.join(test_root, "nginx/vps-portal.conf"), encoding="utf-8").read()
    for name in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert f"alias {SWAGGER_UI_PREFIX}/swagger_ui/static/{name};" in site
        response, body = https_get(production_nginx, "/static/swagger-ui/" + name)
        assert response.status == 200, name
        assert body == open(os.path.join(LOCAL_SWAGGER_UI_PREFIX, "swagger_ui/static", name), "rb").read()
        assert response.getheader("Cache-Control") == "max-age=2592000"
    # Only the two files the page loads: not the package's demo initialiser or its other files.
    response, _ = https_get(production_nginx, "/static/swagger-ui/swagger-initializer.js")
    assert response.status == 404


def test_login_page_has_hsts_and_the_security_headers(production_nginx):
    response, body = https_get(production_nginx, "/login")
    assert response.status == 200
    assert b"<form" in body
    headers = response.getheaders()
    hsts = [value for name, value in headers if name.lower() == "strict-transport-security"]
    assert hsts == [HSTS], "exactly nginx's HSTS header, the workers' copy hidden"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("X-Frame-Options") == "DENY"
    assert response.getheader("Referrer-Policy") == "same-origin"
    assert "script-src 'self'" in (response.getheader("Content-Security-Policy") or "")
    cookies = [value for name, value in headers if name.lower() == "set-cookie"]
    assert cookies and all("Secure" in cookie for cookie in cookies), "cookies over HTTPS are Secure"


def test_sign_in_burst_gets_nginx_429_as_problem_json_with_the_security_headers(production_nginx):
    context = ssl.create_default_context(cafile=production_nginx.certificate)

    def post(_):
        raw = socket.create_connection(("127.0.0.1", production_nginx.https_port), timeout=10)
        connection = http.client.HTTPSConnection(DOMAIN, production_nginx.https_port, timeout=10)
        connection.sock = context.wrap_socket(raw, server_hostname=DOMAIN)
        connection.request("POST", "/api/v1/auth/login", body=b"{", headers={"Host": DOMAIN, "Content-Type": "application/json"})
        response = connection.getresponse()
        answer = (response.status, dict(response.getheaders()), response.read())
        connection.close()
        return answer

    answers, refused = [], []
    for _ in range(5):  # on a loaded machine TLS handshakes can be slower than the limit's rate: burst again
        with ThreadPoolExecutor(max_workers=20) as pool:
            answers += list(pool.map(post, range(80)))
        refused = [(headers, body) for status, headers, body in answers if status == 429]
        if refused:
            break
    assert refused, [status for status, _, _ in answers]
    for headers, body in refused:
        assert headers.get("Content-Type") == "application/problem+json"
        assert b'"status":429' in body
        assert headers.get("Retry-After") == "1"
        assert headers.get("Strict-Transport-Security") == HSTS
        assert headers.get("X-Content-Type-Options") == "nosniff"


def test_plain_http_redirects_to_https(production_nginx):
    connection = http.client.HTTPConnection("127.0.0.1", production_nginx.http_port, timeout=10)
    connection.request("GET", "/login?next=/my", headers={"Host": DOMAIN})
    response = connection.getresponse()
    assert response.status == 301
    assert response.getheader("Location") == f"https://{DOMAIN}/login?next=/my"
    connection.close()


def test_every_file_the_deploy_steps_install_is_in_the_repository(test_root):
    section = deploy_section(test_root)
    sources = re.findall(r"^install (?:-[a-z] \S+ )*(\S+) /\S+$", section, re.M)
    assert {"nginx/vps-portal-http.conf", "nginx/vps-portal.conf", "deploy/vps-portal.service",
            "deploy/portal.env.example"} <= set(sources), sources
    for source in sources:
        assert os.path.isfile(os.path.join(test_root, source)), f"the README installs {source}, which does not exist"
    unit = open(os.path.join(test_root, "deploy/vps-portal.service"), encoding="utf-8").read()
    assert "EnvironmentFile=/etc/vps-portal/portal.env" in unit and "/etc/vps-portal/portal.env" in section
    assert "ExecReload=" in unit and "systemctl reload vps-portal" in section
    assert "/run/vps-portal/vpsctl.sock" in open(os.path.join(test_root, "deploy/portal.env.example")).read()
    assert "unix:/run/vps-portal/vpsctl.sock" in open(os.path.join(test_root, "nginx/vps-portal.conf")).read()


def test_systemd_unit_verifies(test_root):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed here")
    with tempfile.TemporaryDirectory() as directory:
        # The unit names the production checkout; point it at this one so its binary exists.
        text = open(os.path.join(test_root, "deploy/vps-portal.service"), encoding="utf-8").read()
        unit = os.path.join(directory, "vps-portal.service")
        open(unit, "w", encoding="utf-8").write(text.replace("/srv/vps-portal", test_root.rstrip("/")))
        result = subprocess.run(["systemd-analyze", "verify", unit], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stdout + result.stderr


def test_vpsctl_reads_the_settings_file_named_by_vps_env_file(test_root, tmp_path):
    """Step 4 runs `vpsctl migrate` with VPS_ENV_FILE=/etc/vps-portal/portal.env: the file's
    settings are used, and a file that cannot be read is named in a clear error."""
    settings = tmp_path / "portal.env"
    settings.write_text(f"# as deploy/portal.env.example\nVPS_DATABASE_URL={require_env('VPS_TEST_DATABASE_URL')}\n")
    env = {key: value for key, value in os.environ.items() if not key.startswith("VPS_")}
    env["VPS_VAR"] = str(tmp_path / "no-var")  # no var/portal.env to fall back on
    binary = os.path.join(test_root, ".build/release/vpsctl")
    migrated = subprocess.run([binary, "migrate"], env=dict(env, VPS_ENV_FILE=str(settings)), capture_output=True, text=True, timeout=60)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    missing = subprocess.run([binary, "migrate"], env=dict(env, VPS_ENV_FILE=str(tmp_path / "absent.env")),
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode != 0
    assert "VPS_ENV_FILE" in missing.stderr and "absent.env" in missing.stderr, missing.stderr
