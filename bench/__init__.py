"""Benchmarks: each `bench_*.py` module has `run() -> {name: {value, unit, baseline, ratio}}`."""
