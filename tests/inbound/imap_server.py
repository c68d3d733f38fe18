"""A real IMAP server for the tests: Debian's Dovecot, run in the foreground from its own config file.

Each session starts one `dovecot -F` on 127.0.0.1 with a free port, a throw-away
maildir and a passwd-file in a temporary directory; each test gets a mailbox
user of its own (Dovecot re-reads the passwd-file when it changes), so nothing
but the package (apt-get install dovecot-imapd) is needed, and no system
service is touched. Messages are delivered with IMAP APPEND, which sets their
INTERNALDATE: the arrival time the intake compares with the window.

A CuttingProxy stands between the intake and Dovecot when a test needs the
connection to drop in the middle of a FETCH.
"""
from __future__ import annotations

import datetime as dt
import getpass
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest
from imapclient import IMAPClient

from consultation.inbound.settings import ImapSettings

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USERS = 500
PASSWORD = "secret"

CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
default_internal_user = {internal}
default_login_user = {login}
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={mail_uid} gid={mail_gid} home={root}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Dovecot:
    def __init__(self, root: Path):
        self.root = root
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.users = 0

    def start(self) -> None:
        if not Path(DOVECOT).exists():
            raise RuntimeError("Dovecot is missing: apt-get install dovecot-imapd (tools/ensure-test-deps does)")
        for name in ("run", "state", "mail"):
            (self.root / name).mkdir(exist_ok=True)
        (self.root / "users").write_text("".join(f"office{n}:{{PLAIN}}{PASSWORD}\n" for n in range(1, USERS + 1)))
        if os.geteuid() == 0:  # Dovecot will not store mail as root: the package's own user does
            mail = pwd.getpwnam("dovecot")
            internal, login = "dovecot", "dovenull"
            os.chown(self.root / "mail", mail.pw_uid, mail.pw_gid)
        else:  # an ordinary developer: every Dovecot process runs as them
            mail = pwd.getpwuid(os.getuid())
            internal = login = getpass.getuser()
        for _attempt in range(5):
            self.port = free_port()
            (self.root / "dovecot.conf").write_text(CONFIG.format(
                root=self.root, internal=internal, login=login, mail_uid=mail.pw_uid, mail_gid=mail.pw_gid,
                port=self.port))
            self.process = subprocess.Popen([DOVECOT, "-F", "-c", str(self.root / "dovecot.conf")],
                                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                            start_new_session=True)
            if self._wait_listening():
                return
            self.stop()
        raise RuntimeError(f"Dovecot did not start: {self.log()}")

    def _wait_listening(self) -> bool:
        for _ in range(200):
            if self.process.poll() is not None:
                return False
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    if s.recv(100).startswith(b"* OK"):
                        return True
            except OSError:
                time.sleep(0.05)
        return False

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    def add_user(self) -> str:
        """A mailbox of its own for each test, from the users written before Dovecot started (it caches
        the passwd-file, and a rewrite within the same second can go unnoticed)."""
        self.users += 1
        if self.users > USERS:
            raise RuntimeError(f"more than {USERS} test mailboxes in one session: raise USERS")
        return f"office{self.users}"

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None


class CuttingProxy:
    """A TCP proxy to the IMAP server that closes both sides once, after `cut_after` bytes from the server
    following the client's first FETCH: the connection drops in the middle of the message being fetched."""

    def __init__(self, target_port: int, cut_after: int):
        self.target_port = target_port
        self.cut_after = cut_after
        self.cuts = 0
        self.armed = True
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.port = self.listener.getsockname()[1]
        self.threads: list[threading.Thread] = []
        self.running = True
        self._accept = threading.Thread(target=self._serve, daemon=True)
        self._accept.start()

    def _serve(self):
        while self.running:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target_port))
            state = {"fetching": False, "sent": 0, "closed": False}
            for src, dst, upstream in ((client, server, True), (server, client, False)):
                t = threading.Thread(target=self._pipe, args=(src, dst, upstream, state, client, server), daemon=True)
                t.start()
                self.threads.append(t)

    def _pipe(self, src, dst, upstream, state, client, server):
        try:
            while True:
                data = src.recv(4096)
                if not data:
                    break
                if upstream and b"FETCH" in data.upper() and b"BODY" in data.upper():
                    state["fetching"] = True
                if not upstream and state["fetching"] and self.armed:
                    room = self.cut_after - state["sent"]
                    if len(data) >= room:
                        dst.sendall(data[:max(room, 0)])
                        self.armed = False
                        self.cuts += 1
                        break
                    state["sent"] += len(data)
                dst.sendall(data)
        except OSError:
            pass
        finally:
            if not state["closed"]:
                state["closed"] = True
                for s in (client, server):
                    try:
                        s.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                    s.close()

    def close(self):
        self.running = False
        self.listener.close()


@pytest.fixture(scope="session")
def dovecot():
    # Not under pytest's own temporary directory: that one is private to us (0700), and Dovecot's
    # auth and mail processes run as the package's unprivileged user when the tests run as root.
    root = Path(tempfile.mkdtemp(prefix="consult-dovecot-"))
    root.chmod(0o755)
    server = Dovecot(root)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


class Mailbox:
    """One user's INBOX on the test Dovecot: deliver messages with the arrival time of our choosing."""

    def __init__(self, server: Dovecot):
        self.server = server
        self.password = PASSWORD
        self.user = server.add_user()

    def settings(self, port: int | None = None) -> ImapSettings:
        return ImapSettings(host="127.0.0.1", port=port or self.server.port, user=self.user,
                            password=self.password, folder="INBOX", security="none", timeout=10, poll=1)

    def deliver(self, raw: bytes, arrived: dt.datetime) -> int:
        with IMAPClient("127.0.0.1", port=self.server.port, ssl=False, timeout=10) as client:
            client.login(self.user, self.password)
            response = client.append("INBOX", raw, msg_time=arrived)
        return int(response.split(b"APPENDUID ")[1].split(b" ")[1].rstrip(b"]"))
