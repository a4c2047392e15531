"""The view check's flag rates on the rendered benchmark set (issue 4, part 6).

Needs the benchmark set and its cached MediaPipe landmarks, which are not in the repository
(``bench/data/`` is git-ignored): render with ``python -m tools.synth --set bench`` and run
``python bench/accuracy.py`` once. Then this test re-runs only the cleaning, angles and
protocols on the cached landmarks (no MediaPipe; ~1 s per clip) and checks the targets:
clips filmed 30° or more off the required view are flagged in at least 95 % of cases, clips
filmed at most 10° off in at most 5 %. Without the data it is skipped.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "bench" / "data" / "synth"
CACHE = REPO / "bench" / "data" / "landmarks"


def _accuracy_module():
    spec = importlib.util.spec_from_file_location("bench_accuracy", REPO / "bench" / "accuracy.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def flags() -> list[tuple[str, float, bool]]:
    """Return ``(clip, camera offset from the required view (deg), flagged)`` for every cached clip."""
    if not DATA.is_dir() or not CACHE.is_dir():
        pytest.skip("benchmark set not rendered: python -m tools.synth --set bench && python bench/accuracy.py")
    accuracy = _accuracy_module()
    clips = [c for c in accuracy.load_truth(DATA) if (CACHE / f"{c.name}.npz").exists()]
    if len(clips) < 20:
        pytest.skip(f"only {len(clips)} benchmark clips have cached landmarks; run python bench/accuracy.py")
    out = []
    for group in accuracy.units(clips):
        for clip, product in zip(group, accuracy.run_product(group, CACHE, fresh=False), strict=True):
            out.append((clip.name, clip.offset_deg, not product.view_ok))
    return out


def test_wrong_view_clips_are_flagged(flags):
    wrong = [(name, flagged) for name, offset, flagged in flags if offset >= 30]
    missed = [name for name, flagged in wrong if not flagged]
    assert wrong, "expected benchmark clips filmed >= 30 deg off the required view"
    assert len(missed) <= 0.05 * len(wrong), f"not flagged: {missed} of {len(wrong)}"


def test_good_view_clips_are_not_flagged(flags):
    good = [(name, flagged) for name, offset, flagged in flags if offset <= 10]
    wrongly = [name for name, flagged in good if flagged]
    assert good, "expected benchmark clips filmed <= 10 deg off the required view"
    assert len(wrongly) <= 0.05 * len(good), f"flagged although filmed square: {wrongly} of {len(good)}"
