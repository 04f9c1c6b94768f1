"""`python -m mirror --version v2 --port 8765`: serve a version of the mirror for manual use."""

from __future__ import annotations

import argparse

from mirror.server import serve_forever
from mirror.site import versions


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and serve until Ctrl-C."""
    known = versions()
    parser = argparse.ArgumentParser(
        prog="python -m mirror", description="Serve the offline mirror of the watched sites."
    )
    parser.add_argument("--version", choices=known, default=known[-1], help="scenario version")
    parser.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1")
    parser.add_argument("--verbose", action="store_true", help="log each request to stderr")
    args = parser.parse_args(argv)
    print(f"forcewatch mirror {args.version} on http://127.0.0.1:{args.port}/ (Ctrl-C stops)")
    serve_forever(args.version, args.port, verbose=args.verbose)


if __name__ == "__main__":
    main()
