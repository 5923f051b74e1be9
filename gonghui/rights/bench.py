"""Benchmark of the petition pages: 100,000 petitions and 400,000 petitioners (at scale 1.0).

Measured: the median time of the petition list with filters and of the statistics page, as
the city officer sees them (the whole subtree), over a fresh SQLite database in a temp dir
(or the PostgreSQL database named by RIGHTS_BENCH_DATABASE_URL). The target is 300 ms.

`make bench` runs it through `bench/bench_rights.py` (`from gonghui.rights.bench import run`);
the work happens in a child process so that its settings (a scratch var dir) are its own.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta

PETITIONS = 100_000
PETITIONERS = 400_000
TARGET_MS = 300
# A petition's text as offices type it (about 120 characters), so rows are as wide as real ones.
CONTENT = (
    "来访职工反映：本人自2016年3月起在该公司从事纺纱工作，公司自2017年10月起拖欠工资共计"
    "五个月，经多次向车间主任和公司人事部门反映未果。公司同时未依法为职工缴纳社会保险，"
    "要求工会协调公司尽快补发拖欠的工资并依法补缴社会保险费。"
)
RUNS = 9


def run(args: argparse.Namespace) -> Iterator[str]:
    """Run the benchmark in a child process and yield its result lines."""
    scale = getattr(args, "scale", 1.0)
    with tempfile.TemporaryDirectory(prefix="rights-bench-") as tmp:
        env = {
            **os.environ,
            "GONGHUI_VAR_DIR": tmp,
            "DJANGO_SETTINGS_MODULE": "gonghui.settings_test",
        }
        env.pop("DATABASE_URL", None)
        if os.environ.get("RIGHTS_BENCH_DATABASE_URL"):
            env["DATABASE_URL"] = os.environ["RIGHTS_BENCH_DATABASE_URL"]
        child = subprocess.run(
            [sys.executable, "-m", "gonghui.rights.bench", str(scale)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        yield from child.stdout.splitlines()
        if child.returncode:
            yield f"失败（退出码 {child.returncode}）：{child.stderr.strip()[-2000:]}"


def _timed(client: object, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)  # type: ignore[attr-defined]
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def main(scale: float) -> None:
    """Build the data and time the pages (called in the child process)."""
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    counties, officer = build(scale)

    client = Client()
    client.force_login(officer)
    pages = {
        "信访件列表（筛选：渠道、事项、县、期间、超期）": (
            f"/rights/petitions/?as_of=2018-06-30&channel=visit&matter=wages_owed"
            f"&county={counties[3].pk}&start=2018-02-01&end=2018-05-31&overdue=on&page=2"
        ),
        "信访件列表（全部，第1页）": "/rights/petitions/?as_of=2018-06-30",
        "信访统计": "/rights/statistics/?as_of=2018-06-30",
    }
    for label, url in pages.items():
        _timed(client, url)  # warm-up
        times = [_timed(client, url) for _ in range(RUNS)]
        median = statistics.median(times)
        verdict = "达标" if median <= TARGET_MS else "未达标"
        print(f"{label}：中位数 {median:.0f} ms（目标 {TARGET_MS} ms，{verdict}）")
    # The statistics are cached by the data version; after any change the first request
    # computes them again: that cost, measured with the cache emptied before each request.
    cold = []
    for _ in range(RUNS):
        cache.clear()
        cold.append(_timed(client, pages["信访统计"]))
    print(f"信访统计（数据变动后的首次请求，不用缓存）：中位数 {statistics.median(cold):.0f} ms")


def build(scale: float) -> tuple[list[object], object]:
    """A city of 12 counties with the petitions and petitioners; (counties, city officer).
    Also used by the dashboard benchmark (bench/bench_dashboard.py)."""
    from django.db import transaction

    from gonghui.core.crypto import blind_index, encrypt
    from gonghui.orgs.models import Level, Org, Role, User
    from gonghui.rights.models import Channel, Matter, Petition, Petitioner

    rng = random.Random(2018)
    n_petitions = max(1000, int(PETITIONS * scale))
    n_people = max(4000, int(PETITIONERS * scale))

    city = Org.objects.create(name="三明市总工会", level=Level.CITY, admin_code="350400")
    counties = [
        Org.objects.create(
            name=f"县{i}总工会",
            short_name=f"县{i}",
            level=Level.COUNTY,
            parent=city,
            admin_code=f"3504{i:02d}",
        )
        for i in range(1, 13)
    ]
    officer = User.objects.create(username="bench", org=city, roles=Role.OFFICER)

    started = time.perf_counter()
    # A handful of ciphertexts reused: encryption cost is not what this measures.
    ciphers = [encrypt(f"35040{i}19800101123X") for i in range(10)]
    rows = []
    start = date(2018, 1, 1)
    for i in range(n_petitions):
        county = counties[i % 12]
        received = start + timedelta(days=rng.randint(0, 180))
        p = Petition(
            org=county,
            county=county,
            channel=rng.choice(list(Channel)),
            received_on=received,
            persons=rng.choice((1, 1, 1, 2, 3, 4, 6, 12)),
            matter=rng.choice(list(Matter)),
            employer_name=f"单位{rng.randint(1, 20000)}",
            content=CONTENT,
        )
        if rng.random() < 0.8:
            p.accepted_on = received + timedelta(days=rng.randint(0, 20))
            p.state = "accepted"
            if rng.random() < 0.7:
                p.answered_on = p.accepted_on + timedelta(days=rng.randint(5, 80))
                p.state = "answered"
                if rng.random() < 0.6:
                    p.followed_up_on = p.answered_on + timedelta(days=5)
                    p.satisfaction = rng.randint(2, 5)
                    p.state = "followed_up"
        p.refresh_derived()
        rows.append(p)
    with transaction.atomic():
        created = Petition.objects.bulk_create(rows, batch_size=5000)
    people = []
    for j in range(n_people):
        p = created[j % len(created)]
        people.append(
            Petitioner(
                petition=p,
                name="张三",
                phone="13900000000",
                id_number_cipher=ciphers[j % 10],
                id_number_index=blind_index(f"{j:018d}"),
                id_number_masked="350400********123X",
            )
        )
    with transaction.atomic():
        Petitioner.objects.bulk_create(people, batch_size=10000)
    print(
        f"数据：{n_petitions:,}件信访、{n_people:,}名信访人（生成 {time.perf_counter() - started:.1f} 秒）"
    )
    return counties, officer


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)
