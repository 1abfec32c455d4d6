"""The production stack on one machine, each part its own process on 127.0.0.1, for `make load`,
`make chaos` and the CI chaos test: a private PostgreSQL cluster (initdb into a temporary folder, on
a free port, so restarting it disturbs no other database on the machine), a private redis-server,
gunicorn from gunicorn.conf.py, one background worker, and an SMTP sink that accepts every message.

Each part can be stopped, killed and started again, which is what the fault injection does. Every
process is started here and stopped here by its own id.
"""

import contextlib
import glob
import os
import secrets
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PYTHON = sys.executable


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not happen within {seconds} s")


def _as_postgres():
    """initdb and postgres refuse to run as root: as root, run them as the `postgres` user."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


class Postgres:
    """A throwaway PostgreSQL cluster that trusts connections from 127.0.0.1 only."""

    def __init__(self, folder):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not bins:
            raise RuntimeError("PostgreSQL is not installed (Debian: apt-get install postgresql)")
        self.bin = Path(bins[-1]).parent
        self.folder = folder / "pg"
        self.folder.mkdir()
        if os.geteuid() == 0:
            folder.chmod(0o711)  # the postgres user may pass through to its own folder, nothing more
            shutil.chown(self.folder, "postgres", "postgres")
        self.port = free_port()
        self.url = f"postgres://readiness@127.0.0.1:{self.port}/readiness"
        self._run(
            self.bin / "initdb", "-D", self.folder / "data", "-U", "readiness", "--auth=trust", "-E", "UTF8", "-N"
        )

    def _run(self, *command, check=True):
        done = subprocess.run(
            [*_as_postgres(), *map(str, command)], capture_output=True, text=True, timeout=120, check=False
        )
        if check and done.returncode:
            raise RuntimeError(f"{command[0]} failed: {done.stdout}{done.stderr}")
        return done

    def _ctl(self, action, *extra):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=on"
        self._run(
            self.bin / "pg_ctl",
            action,
            "-D",
            self.folder / "data",
            "-l",
            self.folder / "log",
            "-o",
            options,
            "-w",
            *extra,
        )

    def start(self):
        self._ctl("start")
        if not getattr(self, "_created", False):
            self._run(self.bin / "createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "readiness", "readiness")
            self._created = True

    def restart(self):
        """A fast shutdown (open connections are cut, as in a failover) and a start."""
        self._ctl("restart", "-m", "fast")

    def stop(self):
        self._ctl("stop", "-m", "fast")

    def destroy(self):
        self._run(self.bin / "pg_ctl", "stop", "-D", self.folder / "data", "-m", "immediate", check=False)


class Redis:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/1"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.ping, 10, "redis-server start")

    def ping(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


class SmtpSink(socketserver.ThreadingTCPServer):
    """Accepts every message and counts it: the mail relay of the stack, on loopback."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        self.messages = 0
        super().__init__(("127.0.0.1", 0), _SmtpHandler)
        self.port = self.server_address[1]
        threading.Thread(target=self.serve_forever, daemon=True).start()


class _SmtpHandler(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(b"220 sink ESMTP\r\n")
        in_data = False
        for line in self.rfile:
            if in_data:
                if line.rstrip(b"\r\n") == b".":
                    in_data = False
                    self.server.messages += 1
                    self.wfile.write(b"250 OK\r\n")
                continue
            verb = line[:4].upper()
            if verb == b"DATA":
                in_data = True
                self.wfile.write(b"354 go on\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            elif verb == b"EHLO":
                self.wfile.write(b"250-sink\r\n250 8BITMIME\r\n")
            else:
                self.wfile.write(b"250 OK\r\n")


class Gunicorn:
    """gunicorn from the project's gunicorn.conf.py, 2 workers, its master's pid kept for signals."""

    def __init__(self, env, log, workers=2):
        self.env, self.log, self.workers = env, log, workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self):
        command = [PYTHON, "-m", "gunicorn", "readiness.wsgi", "-w", str(self.workers), "-b", f"127.0.0.1:{self.port}"]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=self.log.open("a"), stderr=subprocess.STDOUT
        )
        wait_for(lambda: _answers(self.url + "/"), 60, "gunicorn start")

    def worker_pids(self):
        return [int(pid) for pid in _children(self.process.pid)]

    def signal(self, number):
        self.process.send_signal(number)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=60)


class Worker:
    """The background worker (PDF renders, e-mail), under `nice` as the README runs it, so renders
    never slow the web workers (LOAD_WORKER_NICE: its niceness, 10 by default as `nice` gives).
    `kill()` is kill -9: no chance to tidy up."""

    def __init__(self, env, log, command):
        self.env, self.log, self.command = env, log, command
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["nice", "-n", os.environ.get("LOAD_WORKER_NICE", "10"), PYTHON, "manage.py", *self.command],
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
        )

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill()


def _tree_cpu(pid):
    """User and system seconds of a process, of its children that have ended, and of those still running."""
    import psutil

    try:
        root = psutil.Process(pid)
        total = sum(root.cpu_times()[:4])  # user, system, and ended children's user and system
        for child in root.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                total += sum(child.cpu_times()[:2])
        return total
    except psutil.Error:
        return 0.0


def _children(pid):
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return path.read_text().split() if path.exists() else []


def _answers(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (127.0.0.1 only)
            return response.status == 200
    except urllib.error.HTTPError:
        return False
    except OSError:
        return False


def worker_command():
    """The project's own worker when it has one (it re-queues abandoned renders and prunes), else
    django-tasks' db_worker."""
    own = ROOT / "assessments" / "management" / "commands" / "worker.py"
    return ["worker"] if own.exists() else ["db_worker", "--no-reload", "--interval", "0.5"]


class Stack:
    """Everything `make load` runs, in a temporary folder; `with Stack() as stack:` starts and stops it."""

    def __init__(self, workers=2, cache_backend=None):
        self.folder = Path(tempfile.mkdtemp(prefix="readiness-load-"))
        self.postgres, self.redis, self.smtp = Postgres(self.folder), Redis(), SmtpSink()
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_", "CACHE_"))},
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",  # loopback stands in for the TLS proxy
            "TRUSTED_PROXIES": "127.0.0.1",  # ... and tells each simulated firm's address (locustfile)
            "STAFF_OTP_REQUIRED": "false",  # the analyst signs in without an authenticator app on loopback
            "ALLOW_STAFF_WITHOUT_OTP": "true",  # ... which production refuses unless said twice
            "DATABASE_URL": self.postgres.url,
            "CACHE_BACKEND": cache_backend or default_cache_backend(),
            "CACHE_LOCATION": self.redis.url,
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.smtp.port),
            "EMAIL_USE_TLS": "false",  # the sink is on this machine
            "PYTHONUNBUFFERED": "1",
            # Each access line ends with the request's time in the worker, in ms (run.py reads it).
            "GUNICORN_CMD_ARGS": "--access-logformat '%(h)s \"%(r)s\" %(s)s %(b)s %(M)s'",
        }
        self.web = Gunicorn(self.env, self.folder / "gunicorn.log", workers)
        self.worker = Worker(self.env, self.folder / "worker.log", worker_command())

    def cpu_seconds(self):
        """CPU time used so far by each part of the stack, its child processes included (gunicorn's
        workers, the worker's render process, PostgreSQL's backends): a cost per firm that other
        people's work on the same cores does not change, as it changes response times."""
        roots = {"web": self.web.process, "worker": self.worker.process, "redis": self.redis.process}
        used = {name: _tree_cpu(process.pid) if process else 0.0 for name, process in roots.items()}
        pid_file = self.postgres.folder / "data" / "postmaster.pid"
        used["postgres"] = _tree_cpu(int(pid_file.read_text().split()[0])) if pid_file.exists() else 0.0
        return used

    def manage(self, *args, timeout=600):
        done = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}")
        return done.stdout

    def __enter__(self):
        try:
            self.postgres.start()
            self.redis.start()
            self.manage("migrate", "--noinput")
            self.manage("load_content")
            self.manage("collectstatic", "--noinput", "-v0")
            self.web.start()
            self.worker.start()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc):
        for stop in (self.worker.stop, self.web.stop, self.redis.stop, self.postgres.destroy, self.smtp.shutdown):
            try:
                stop()
            except Exception as error:  # noqa: BLE001 (tidy up the rest whatever one part did)
                print(f"stopping: {error}", file=sys.stderr)
        self.smtp.server_close()

    def remove(self):
        shutil.rmtree(self.folder, ignore_errors=True)


def default_cache_backend():
    """The cache that degrades on a lost Redis when the project has it, else Django's RedisCache."""
    if (ROOT / "readiness" / "cache.py").exists():
        return "readiness.cache.DegradingRedisCache"
    return "django.core.cache.backends.redis.RedisCache"
