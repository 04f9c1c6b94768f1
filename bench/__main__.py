"""Runs every benchmark under bench/, prints a table and writes var/bench.json.

Each figure is a ratio against a baseline measured in the same run, so figures from different
machines can be compared; nothing here asserts a time.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from pathlib import Path

import bench

OUTPUT = Path("var/bench.json")


def main(argv: list[str]) -> int:
    wanted = set(argv)
    results: dict[str, dict] = {}
    for module in sorted(m.name for m in pkgutil.iter_modules(bench.__path__)):
        if not module.startswith("bench_") or (wanted and module not in wanted):
            continue
        print(f"running {module} ...", flush=True)
        results.update(importlib.import_module(f"bench.{module}").run())
    print()
    print(f"{'benchmark':<28} {'value':>12} {'unit':<14} {'baseline':>12} {'ratio':>7}")
    for name, r in results.items():
        print(
            f"{name:<28} {r['value']:>12.2f} {r['unit']:<14} {r['baseline']:>12.2f} {r['ratio']:>7.2f}"
        )
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwritten to {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
