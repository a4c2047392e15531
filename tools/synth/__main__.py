"""CLI: ``python -m tools.synth [--set tests|bench|recog_holdout|recog_holdout2..5] [--out DIR] ...``.

``--set tests`` (default) renders the clips of ``test_videos/``; ``--set bench`` the accuracy
benchmark set (``tools/synth/benchset.py``) into ``bench/data/synth/`` (git-ignored);
``--set recog_holdout`` the held-out movement-recognition clips (``tools/synth/recog_holdout.py``)
into ``bench/data/recog_holdout/`` (git-ignored), ``--set recog_holdout2`` the second held-out
recognition set (``tools/synth/recog_holdout2.py``) into ``bench/data/recog_holdout2/``, ``--set
recog_holdout3`` the third (``tools/synth/recog_holdout3.py``) into ``bench/data/recog_holdout3/``,
``--set recog_holdout4`` the fourth, far people for the census (``tools/synth/recog_holdout4.py``), into
``bench/data/recog_holdout4/``, ``--set recog_holdout5`` the fifth (``tools/synth/recog_holdout5.py``) into
``bench/data/recog_holdout5/``, ``--set recog_holdout6`` the sixth into ``bench/data/recog_holdout6/``.
"""

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
    from tools.synth import (
        benchset,
        recog_holdout,
        recog_holdout2,
        recog_holdout3,
        recog_holdout4,
        recog_holdout5,
        recog_holdout6,
        scenes,
    )
    from tools.synth.clip import render_clip

    sets = {
        "tests": (scenes.CLIPS, Path("test_videos")),
        "bench": (benchset.CLIPS, Path("bench/data/synth")),
        "recog_holdout": (recog_holdout.CLIPS, Path("bench/data/recog_holdout")),
        "recog_holdout2": (recog_holdout2.CLIPS, Path("bench/data/recog_holdout2")),
        "recog_holdout3": (recog_holdout3.CLIPS, Path("bench/data/recog_holdout3")),
        "recog_holdout4": (recog_holdout4.CLIPS, Path("bench/data/recog_holdout4")),
        "recog_holdout5": (recog_holdout5.CLIPS, Path("bench/data/recog_holdout5")),
        "recog_holdout6": (recog_holdout6.CLIPS, Path("bench/data/recog_holdout6")),
    }
    parser = argparse.ArgumentParser(
        prog="python -m tools.synth", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--set", choices=sorted(sets), default="tests", help="which clips (default: tests)")
    parser.add_argument("--out", type=Path, help="output folder (default: test_videos or bench/data/synth)")
    parser.add_argument("--only", nargs="*", help="render only these clips (default: all)")
    parser.add_argument("--skip-existing", action="store_true", help="skip clips whose truth JSON exists")
    parser.add_argument("--list", action="store_true", help="list the clip names and exit")
    args = parser.parse_args(argv)
    CLIPS, default_out = sets[args.set]
    args.out = args.out or default_out
    unknown = sorted(set(args.only or ()) - set(CLIPS))
    if unknown:
        parser.error(f"Expected clip names of the {args.set!r} set, but got unknown {', '.join(unknown)}.")
    if args.list:
        print("\n".join(CLIPS))
        return 0
    for name in args.only or list(CLIPS):
        if args.skip_existing and (args.out / f"{name}.json").exists():
            continue
        t0 = time.perf_counter()
        truth = render_clip(CLIPS[name](), args.out)
        size_kb = (args.out / truth["video"]["file"]).stat().st_size / 1024
        print(f"{name}: {truth['video']['file']} {size_kb:.0f} KB in {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
