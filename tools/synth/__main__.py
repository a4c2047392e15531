"""CLI: ``python -m tools.synth --out test_videos [--only NAME ...]``."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("PYOPENGL_PLATFORM", "osmesa")


def main(argv: list[str] | None = None) -> int:
    """Render the synthetic test clips.

    Parameters
    ----------
    argv : list of str, optional
        Command-line arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        Exit code.
    """
    from tools.synth.clip import render_clip
    from tools.synth.scenes import CLIPS

    parser = argparse.ArgumentParser(prog="python -m tools.synth", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("test_videos"), help="output folder")
    parser.add_argument("--only", nargs="*", choices=sorted(CLIPS), help="render only these clips (default: all)")
    parser.add_argument("--list", action="store_true", help="list the clip names and exit")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(CLIPS))
        return 0
    for name in args.only or list(CLIPS):
        t0 = time.perf_counter()
        truth = render_clip(CLIPS[name](), args.out)
        size_kb = (args.out / truth["video"]["file"]).stat().st_size / 1024
        print(f"{name}: {truth['video']['file']} {size_kb:.0f} KB in {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
