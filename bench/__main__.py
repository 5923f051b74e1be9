"""Run every benchmark module in this folder (or those named on the command line)."""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    """Discover bench_*.py modules, run each, print their result lines."""
    parser = argparse.ArgumentParser(prog="make bench", description="性能基准")
    parser.add_argument("names", nargs="*", help="只运行这些基准（如 supervision）")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="数据规模系数（1.0 = 议题要求的规模）"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    here = Path(__file__).parent
    modules = sorted(
        m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_")
    )
    if args.names:
        modules = [m for m in modules if m.removeprefix("bench_") in args.names]
    if not modules:
        print("暂无基准（bench/bench_*.py）。")
        return 0
    for name in modules:
        module = importlib.import_module(f"bench.{name}")
        started = time.perf_counter()
        print(f"== {name} ==", flush=True)
        for line in module.run(args):
            print(f"  {line}", flush=True)
        print(f"  （用时 {time.perf_counter() - started:.1f} 秒）", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
