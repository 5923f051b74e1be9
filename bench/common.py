"""What the page benchmarks share: the databases to run on, each run in a child process of
its own (a fresh Django with that DATABASE_URL), and the child's JSON result."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def databases(tmp: str, name: str) -> Iterator[tuple[str, dict[str, str]]]:
    """(label, child environment) for SQLite in `tmp`, and PostgreSQL when BENCH_PG_URL (or
    PG_URL) names a server whose user may create the database `gonghui_bench_<name>`."""
    targets = [("SQLite", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")]
    pg = os.environ.get("BENCH_PG_URL") or os.environ.get("PG_URL")
    if pg:
        targets.append(("PostgreSQL", f"{pg.rsplit('/', 1)[0]}/gonghui_bench_{name}"))
    for label, url in targets:
        yield (
            label,
            {
                **os.environ,
                "DATABASE_URL": url,
                "GONGHUI_VAR_DIR": tmp,
                "DJANGO_SETTINGS_MODULE": "gonghui.settings",
                # Pages render without collectstatic: the timings are the server's own work.
                "GONGHUI_STATIC_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
            },
        )


def run_child(module: str, argv: list[str], env: dict[str, str]) -> tuple[Any, str]:
    """Run `python -m module argv…`; (its last stdout line as JSON, "") or (None, the error)."""
    done = subprocess.run(
        [sys.executable, "-m", module, *argv], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        return None, f"失败 {done.stderr.strip().splitlines()[-3:]}"
    return json.loads(done.stdout.strip().splitlines()[-1]), ""


def fresh_database() -> None:
    """An empty, migrated database for the child's DATABASE_URL (Django set up): PostgreSQL's
    is dropped and created anew, SQLite's file is new in the run's temporary folder."""
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        _recreate_pg_database()
    call_command("migrate", verbosity=0)


def _recreate_pg_database() -> None:
    import psycopg
    from django.db import connection

    settings = connection.settings_dict
    name = settings["NAME"]
    connection.close()
    admin = psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def load_average() -> str:
    """The 1- and 5-minute load of the machine, and its cores: timings mean little without it."""
    one, five, _ = os.getloadavg()
    return f"{one:.1f}/{five:.1f}（{os.cpu_count()}核）"
