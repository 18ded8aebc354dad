"""The production topology on one machine, in network namespaces (docs/operations.md, "Topology").

Every host is a namespace with one veth (`eth0`) plugged into a bridge that lives in a namespace of
its own (`vpst-hub`, the "switch"); the test client reaches nginx through one more veth from the root
namespace. All addresses are in 10.231.0.0/24 and made here; deleting the namespaces removes every
link. Programs run in a host's namespace through `ip netns exec`, as root; PostgreSQL runs as the
postgres user through the repository's own scripts (scripts/pg.sh, scripts/ops/pg-standby.sh)."""
import os
import secrets
import signal
import subprocess
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BINARY = os.environ.get("VPS_BIN") or os.path.join(ROOT, ".build/release/vpsctl")
PREFIX = "vpst"
SUBNET = "10.231.0"
CLIENT = f"{SUBNET}.1"
HOSTS = {"web": 10, "app1": 11, "app2": 12, "db1": 21, "db2": 22}


def address(host):
    return f"{SUBNET}.{HOSTS[host]}"


def namespace(host):
    return f"{PREFIX}-{host}"


def ip(*args, check=True):
    return subprocess.run(["ip", *args], capture_output=True, text=True, check=check, timeout=30)


class Network:
    """The hub's bridge, one namespace per host and the client's veth into the hub."""

    hub = f"{PREFIX}-hub"
    client_link = f"{PREFIX}-client"

    def build(self):
        self.remove()  # whatever an interrupted earlier run left
        ip("netns", "add", self.hub)
        ip("-n", self.hub, "link", "add", "br0", "type", "bridge")
        ip("-n", self.hub, "link", "set", "br0", "up")
        for host in HOSTS:
            ip("netns", "add", namespace(host))
            ip("-n", namespace(host), "link", "set", "lo", "up")
            self.plug(f"{PREFIX}-t-{host}", host, namespace(host), "eth0")
            ip("-n", namespace(host), "addr", "add", f"{address(host)}/24", "dev", "eth0")
        self.plug(self.client_link, "client", None, None)
        ip("addr", "add", f"{CLIENT}/24", "dev", self.client_link)

    def plug(self, temporary, port, target, name):
        """A veth pair: one end is bridge port `port` in the hub, the other `name` in `target` (None: stays here)."""
        ip("link", "add", temporary, "type", "veth", "peer", "name", f"{PREFIX}-p-{port}")
        ip("link", "set", f"{PREFIX}-p-{port}", "netns", self.hub)
        ip("-n", self.hub, "link", "set", f"{PREFIX}-p-{port}", "name", port)
        ip("-n", self.hub, "link", "set", port, "master", "br0", "up")
        if target:
            ip("link", "set", temporary, "netns", target)
            ip("-n", target, "link", "set", temporary, "name", name)
            ip("-n", target, "link", "set", name, "up")
        else:
            ip("link", "set", temporary, "up")

    def cut(self, host):
        """Unplugs `host`'s cable at the switch: its bridge port goes down, and so does its eth0's carrier."""
        ip("-n", self.hub, "link", "set", host, "down")

    def reconnect(self, host):
        ip("-n", self.hub, "link", "set", host, "up")

    def remove(self):
        for name in [self.hub, *(namespace(host) for host in HOSTS)]:
            ip("netns", "del", name, check=False)
        ip("link", "del", self.client_link, check=False)


def in_namespace(host, command):
    return ["ip", "netns", "exec", namespace(host), *command]


class Database:
    """A cluster laid out by scripts/pg.sh under `base/host`, listening on the host's address, port 5432."""

    def __init__(self, base, host):
        self.host, self.var = host, os.path.join(base, host)

    @property
    def conninfo(self):
        return f"host={address(self.host)} port=5432"

    def script(self, path, *args):
        env = dict(os.environ, VPS_VAR=self.var, VPS_PG_PORT="5432", VPS_PG_LISTEN=address(self.host), VPS_PG_FAST="0")
        result = subprocess.run(in_namespace(self.host, [os.path.join(ROOT, path), *args]), env=env,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, f"{path} {' '.join(args)} in {self.host}:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def start_primary(self):
        self.script("scripts/pg.sh", "start")
        # initdb trusts loopback only; the app hosts and the standby come from the private network.
        with open(os.path.join(self.var, "pgdata", "pg_hba.conf"), "a", encoding="utf-8") as hba:
            hba.write(f"host all all {SUBNET}.0/24 trust\nhost replication all {SUBNET}.0/24 trust\n")
        self.sql("SELECT pg_reload_conf()")

    @property
    def dsn(self):
        """Over the cluster's unix socket, which needs no network."""
        return f"host={self.var}/run/pg port=5432 dbname=vps_portal user=vps"

    def sql(self, query):
        result = subprocess.run(["psql", "-X", "-q", "-tA", "-d", self.dsn,
                                 "-c", query], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    def crash(self):
        """pg_ctl stop -m immediate: no shutdown checkpoint, clients see their connections drop."""
        bindir = sorted((d for d in os.listdir("/usr/lib/postgresql") if d.isdigit()), key=int)[-1]
        subprocess.run(["runuser", "-u", "postgres", "--", f"/usr/lib/postgresql/{bindir}/bin/pg_ctl", "stop",
                        "-D", os.path.join(self.var, "pgdata"), "-m", "immediate", "-w"],
                       check=True, capture_output=True, timeout=60, cwd="/")

    def stop_quietly(self):
        if os.path.exists(os.path.join(self.var, "pgdata", "postmaster.pid")):
            try:
                self.crash()
            except subprocess.SubprocessError:
                pass


class Process:
    """A foreground program in a host's namespace, in a process group of its own (SIGKILLed as a whole)."""

    def __init__(self, host, command, env, log):
        self.log = log
        with open(log, "ab") as out:
            self.popen = subprocess.Popen(in_namespace(host, command), env=env, stdout=out, stderr=out,
                                          stdin=subprocess.DEVNULL, start_new_session=True)

    def wait_for(self, text, seconds=30):
        deadline = time.monotonic() + seconds
        while True:
            with open(self.log, encoding="utf-8", errors="replace") as log:
                if text in log.read():
                    return
            assert self.popen.poll() is None, f"{self.log}: exited before saying {text!r}"
            assert time.monotonic() < deadline, f"{self.log}: no {text!r} within {seconds} s"
            time.sleep(0.1)

    def kill(self):
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)


class AppHost:
    """`vpsctl serve` (workers and their job runner) on FastCGI/TCP at the host's address, port 9000."""

    def __init__(self, base, host, database_url):
        self.host, self.var = host, os.path.join(base, host)
        os.makedirs(os.path.join(self.var, "run"), exist_ok=True)
        key = os.path.join(base, "secret.key")
        if not os.path.exists(key):
            with open(key, "wb") as out:
                out.write(secrets.token_bytes(32))
        self.env = dict(os.environ, VPS_VAR=self.var, VPS_DATABASE_URL=database_url, VPS_SECRET_KEY_FILE=key,
                        VPS_SOCKET=os.path.join(self.var, "run", "vpsctl.sock"), VPS_FASTCGI_LISTEN=f"{address(host)}:9000",
                        FCGI_WEB_SERVER_ADDRS=address("web"), VPS_WORKERS="1", VPS_THREADS="8", VPS_JOB_THREADS="2",
                        VPS_PDF_THREADS="0", VPS_BILLING_INTERVAL="0", VPS_SMTP_CA_FILE="",
                        VPS_MODULES_DIR=os.path.join(ROOT, "modules"), VPS_TEMPLATES_DIR=os.path.join(ROOT, "templates"))
        for name in ("VPS_ENV_FILE", "VPS_BASE_URL"):
            self.env.pop(name, None)
        self.serve = None

    def vpsctl(self, *args, stdin=""):
        result = subprocess.run(in_namespace(self.host, [BINARY, *args]), input=stdin, env=self.env,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, f"vpsctl {' '.join(args)}: {result.stderr}"
        return result.stdout

    def start(self):
        self.serve = Process(self.host, [BINARY, "serve"], self.env, os.path.join(self.var, "serve.log"))
        self.serve.wait_for(f"serving FastCGI on tcp {address(self.host)}:9000")

    def kill(self):
        if self.serve:
            self.serve.kill()


class Nginx:
    """nginx/local.conf.in (the local stack's site) with nginx/vps-portal-upstream.conf, as
    docs/operations.md says to combine them: every fastcgi_pass goes to the upstream of both app hosts."""

    def __init__(self, base):
        self.var = os.path.join(base, "web")
        for directory in ("run", "log", "nginx"):
            os.makedirs(os.path.join(self.var, directory), exist_ok=True)
        self.conf = os.path.join(self.var, "nginx", "nginx.conf")
        self.process = None

    def render(self):
        upstream = self.substitute("nginx/vps-portal-upstream.conf", {
            "server 10.0.0.2:9000 max_fails=1 fail_timeout=10s;": f"server {address('app1')}:9000 max_fails=1 fail_timeout=2s;",
            "server 10.0.0.3:9000 max_fails=1 fail_timeout=10s;": f"server {address('app2')}:9000 max_fails=1 fail_timeout=2s;",
        })
        with open(os.path.join(self.var, "nginx", "upstream.conf"), "w", encoding="utf-8") as out:
            out.write(upstream)
        site = self.substitute("nginx/local.conf.in", {
            "daemon on;": "daemon off;",
            "http {": f"http {{\n    include {os.path.join(self.var, 'nginx', 'upstream.conf')};",
            "listen 127.0.0.1:@PORT@;": f"listen {address('web')}:80;",
            "fastcgi_pass unix:@SOCKET@;": "fastcgi_pass vps_portal_app;",
            # The upstream file's advice: a cut-off host costs a GET one connect timeout.
            "fastcgi_connect_timeout 30s;": "fastcgi_connect_timeout 1s;",
            "@ROOT@": ROOT, "@VAR@": self.var, "@SWAGGER_UI@": "/usr/local/lib/vps-portal/swagger-ui/swagger_ui/static",
            "@LOGIN_RATE@": "10r/s", "@LOGIN_BURST@": "20",
        })
        with open(self.conf, "w", encoding="utf-8") as out:
            out.write(site)

    @staticmethod
    def substitute(path, replacements):
        with open(os.path.join(ROOT, path), encoding="utf-8") as source:
            text = source.read()
        for old, new in replacements.items():
            assert old in text, f"{path} no longer contains {old!r}: adapt Tests/ops/topology.py"
            text = text.replace(old, new)
        return text

    def start(self):
        self.render()
        log = os.path.join(self.var, "log", "nginx-error.log")
        self.process = Process("web", ["nginx", "-p", os.path.join(self.var, "nginx"), "-c", self.conf, "-e", log],
                               dict(os.environ), os.path.join(self.var, "log", "nginx-stdout.log"))

    def kill(self):
        if self.process:
            self.process.kill()
