"""A real demo server for flow tests: the demo loaded once into a temporary SQLite file and
served by a separate process, as `make demo` does (but with test settings and a free port)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def demo_server() -> Iterator[str]:
    """Yield the base URL of a running demo; stop it and delete its data afterwards."""
    with tempfile.TemporaryDirectory(prefix="gonghui-e2e-") as var_dir:
        env = {
            **os.environ,
            "GONGHUI_VAR_DIR": var_dir,
            "DJANGO_SETTINGS_MODULE": "gonghui.settings_test",
            "GONGHUI_DEFAULT_AS_OF": "2018-06-30",
        }
        env.pop("DATABASE_URL", None)  # the demo runs on SQLite, like `make demo`
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
        subprocess.run(
            [*manage, "load_demo", "--quiet-logins"],
            env=env,
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        port = _free_port()
        server = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"{base}/accounts/login/", timeout=2)
                    break
                except OSError:
                    time.sleep(0.2)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=10)
