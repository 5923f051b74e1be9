"""Benchmarks (`make bench`): each `bench/bench_*.py` has `run(args) -> list[str]` of result lines."""
