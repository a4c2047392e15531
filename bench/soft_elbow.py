"""Shoulder flexion with soft elbows: candidate measures on the rendered soft-elbow groups.

Usage (from the repository root)::

    python -m tools.synth --set bench --only $(python -m tools.synth --set bench --list | grep ^soft_fit_)
    python bench/soft_elbow.py --group soft_fit          # compare the candidates (choose on this group only)
    python bench/soft_elbow.py --group soft_holdout      # report them on clips rendered after the choice

Each clip is a side-view overhead reach with the elbow held bent 0-10 deg (``notes.bench.elbow_flexion_deg``).
The product is run as ``bench/accuracy.py`` runs it (same landmark cache, ``bench/data/landmarks/``);
every candidate is rest-referenced like the product's measure (its arm angle from vertical plus the
trunk's lean change from rest) and its peak is the largest value inside the truth's repetitions.
Error = candidate peak − true peak shoulder flexion (``rig_plane``, humerus to trunk line), deg.

Candidates (all without per-clip tuning):

* ``product``: the product's shoulder flexion finding, whatever measure it uses now;
* ``forearm``: elbow→wrist line (the measure before issue 13);
* ``arm_line``: shoulder→wrist line;
* ``humerus``: shoulder→elbow line;
* ``forearm_half_bend``: forearm line minus half the apparent elbow bend (shoulder–elbow–wrist);
* ``bend_blend``: forearm line, turning into the shoulder→wrist line as the apparent bend grows 5→15 deg;
* ``forearm_rest_bend``: forearm line minus the apparent elbow bend with the arm down (median over the
  frames whose shoulder→wrist line is below 20 deg), where MediaPipe's shoulder point errs along the arm;
* ``forearm_min_bend``: forearm line minus the smaller of that rest bend and the frame's apparent bend
  (an arm relaxed at rest that straightens is not over-corrected);
* ``fitted_centre_elbow``: a functional shoulder centre (circle fitted to the elbow's path in a
  trunk-fixed frame) → elbow; ``fitted_centre_wrist``: the same centre → wrist;
* ``anchored_wrist`` / ``anchored_elbow`` / ``anchored_half``: MediaPipe's shoulder point with the arm down
  (median in the same trunk-fixed frame), carried with the trunk, → wrist, → elbow, and their mean.

``--group all`` (or a comma-separated list) scores every side-view reach ≤ 10° off of those groups;
``python bench/soft_elbow.py --group all`` is how change 1e (docs/accuracy.md) was diagnosed. ``--pairs``
also scores every candidate's left − right asymmetry on the pairs (``notes.bench.pair``) among them.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CANDIDATES = (
    "product",
    "forearm",
    "arm_line",
    "humerus",
    "forearm_half_bend",
    "bend_blend",
    "forearm_rest_bend",
    "forearm_min_bend",
    "fitted_centre_elbow",
    "fitted_centre_wrist",
    "anchored_wrist",
    "anchored_elbow",
    "anchored_half",
)


def _accuracy() -> Any:
    spec = importlib.util.spec_from_file_location("bench_accuracy", REPO / "bench" / "accuracy.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _rest_referenced(angles: pd.DataFrame, elevation: pd.Series, side: str) -> pd.Series:
    """Arm elevation from vertical + trunk lean change from rest (rest: shoulder→wrist line below 20 deg)."""
    from screening.kinematics.angles import REST_ARM_DOWN_DEG, rest_trunk_inclination

    rest = rest_trunk_inclination(angles, angles[f"arm_line_elevation_{side}"] < REST_ARM_DOWN_DEG)
    return elevation + angles["trunk_inclination"] - rest


def _circle(points: np.ndarray) -> np.ndarray:
    """Least-squares circle centre (Kasa fit) of (N, 2) points."""
    x, y = points[:, 0], points[:, 1]
    a = np.column_stack([2 * x, 2 * y, np.ones_like(x)])
    sol, *_ = np.linalg.lstsq(a, x**2 + y**2, rcond=None)
    return sol[:2]


def fitted_centre(series: Any, angles: pd.DataFrame, side: str, end: str) -> pd.Series:
    """Flexion from a functional shoulder centre to ``end`` (``elbow`` or ``wrist``), deg.

    Points are taken in a trunk-fixed frame: origin the mid-hip, axes forward/up, turned back by
    the trunk's lean change from rest. The elbow's path there is a circle about the shoulder's
    centre whatever the elbow bend; its centre replaces MediaPipe's shoulder point.
    """
    from screening.kinematics import geometry as geo
    from screening.kinematics.angles import REST_ARM_DOWN_DEG, rest_trunk_inclination
    from screening.kinematics.orientation import facing, point

    fwd = facing(series)
    hip = (geo.y_up(point(series, "left_hip")) + geo.y_up(point(series, "right_hip"))) / 2
    rest = rest_trunk_inclination(angles, angles[f"arm_line_elevation_{side}"] < REST_ARM_DOWN_DEG)
    turn = np.radians(angles["trunk_inclination"].to_numpy(float) - rest)  # + = leaning forward

    def trunk_frame(name: str) -> np.ndarray:
        p = geo.y_up(point(series, name)) - hip
        f, u = p[:, 0] * fwd, p[:, 1]
        c, s = np.cos(turn), np.sin(turn)
        return np.column_stack([c * f - s * u, s * f + c * u])  # undo the lean (rotate back)

    elbow, tip = trunk_frame(f"{side}_elbow"), trunk_frame(f"{side}_{end}")
    raised = angles[f"arm_line_elevation_{side}"].to_numpy(float) > 20.0
    ok = raised & np.isfinite(elbow).all(1)
    if ok.sum() < 10:
        return pd.Series(np.nan, index=angles.index)
    centre = _circle(elbow[ok])
    v = tip - centre
    deg = np.degrees(np.arctan2(v[:, 0], -v[:, 1]))  # from straight down, + forward
    return pd.Series(geo.unwrap_flexion(deg), index=angles.index)


def anchored(series: Any, angles: pd.DataFrame, side: str, end: str, near_hip: bool = False) -> pd.Series:
    """Flexion from the shoulder point *at rest*, carried with the trunk, to ``end`` (``elbow``/``wrist``), deg.

    Trunk frame as :func:`fitted_centre`; the shoulder is the median of MediaPipe's shoulder point there over the
    frames with the arm down (shoulder→wrist line below 20 deg), where its error is mostly along the arm.
    """
    from screening.kinematics import geometry as geo
    from screening.kinematics.angles import REST_ARM_DOWN_DEG, rest_trunk_inclination
    from screening.kinematics.orientation import facing, point

    fwd = facing(series)
    if near_hip:
        hip = geo.y_up(point(series, f"{side}_hip"))
    else:
        hip = (geo.y_up(point(series, "left_hip")) + geo.y_up(point(series, "right_hip"))) / 2
    down = angles[f"arm_line_elevation_{side}"].to_numpy(float) < REST_ARM_DOWN_DEG
    rest = rest_trunk_inclination(angles, pd.Series(down, index=angles.index))
    turn = np.radians(angles["trunk_inclination"].to_numpy(float) - rest)

    def trunk_frame(name: str) -> np.ndarray:
        p = geo.y_up(point(series, name)) - hip
        f, u = p[:, 0] * fwd, p[:, 1]
        c, s = np.cos(turn), np.sin(turn)
        return np.column_stack([c * f - s * u, s * f + c * u])

    shoulder = trunk_frame(f"{side}_shoulder")
    ok = down & np.isfinite(shoulder).all(1)
    if ok.sum() < 3:
        return pd.Series(np.nan, index=angles.index)
    centre = np.median(shoulder[ok], axis=0)
    v = trunk_frame(f"{side}_{end}") - centre
    deg = np.degrees(np.arctan2(v[:, 0], -v[:, 1]))
    return pd.Series(geo.unwrap_flexion(deg), index=angles.index)


def candidate_columns(series: Any, angles: pd.DataFrame, side: str) -> dict[str, pd.Series]:
    """Return every candidate's per-frame shoulder flexion (deg) for one side."""
    forearm = angles[f"forearm_elevation_{side}"]
    bend = angles[f"elbow_flexion_{side}"].clip(lower=0.0)
    w = ((bend - 5.0) / 10.0).clip(0.0, 1.0)
    line = angles[f"arm_line_elevation_{side}"]
    resting = bend[line < 20.0].dropna()
    rest_bend = float(resting.median()) if len(resting) >= 3 else 0.0
    return {
        "forearm": _rest_referenced(angles, forearm, side),
        "arm_line": _rest_referenced(angles, line, side),
        "humerus": _rest_referenced(angles, angles[f"arm_elevation_{side}"], side),
        "forearm_half_bend": _rest_referenced(angles, forearm - 0.5 * bend, side),
        "bend_blend": _rest_referenced(angles, (1 - w) * forearm + w * line, side),
        "forearm_rest_bend": _rest_referenced(angles, forearm - rest_bend, side),
        "forearm_min_bend": _rest_referenced(angles, forearm - bend.clip(upper=rest_bend), side),
        "fitted_centre_elbow": fitted_centre(series, angles, side, "elbow"),
        "fitted_centre_wrist": fitted_centre(series, angles, side, "wrist"),
        "anchored_wrist": (aw := anchored(series, angles, side, "wrist")),
        "anchored_elbow": (ae := anchored(series, angles, side, "elbow")),
        "anchored_half": (aw + ae) / 2,
    }


def clip_peaks(clip: Any, cache: Path, fresh: bool) -> dict[str, Any]:
    """Run the product on one clip; return the truth and every candidate's peak."""
    from screening.config import load_settings
    from screening.io.npz import save_series
    from screening.model.profile import AthleteProfile
    from screening.pipeline import analyze

    settings = load_settings(annotate_video=False, early_check_s=0.0)  # every clip measured, wrong views too
    npz = cache / f"{clip.name}.npz"
    path = clip.path if fresh or not npz.exists() else npz
    analysis = analyze([path], settings, "overhead_reach", AthleteProfile())
    ca = analysis.clips[0]
    if path != npz:
        cache.mkdir(parents=True, exist_ok=True)
        save_series(ca.raw, npz)
    side = clip.bench["sides"][0]
    fps = clip.truth["video"].get("fps", 30)
    angles = ca.angles.reset_index(drop=True)
    in_reps = np.flatnonzero(clip.rep_mask())
    row: dict[str, Any] = {
        "clip": clip.name,
        "group": clip.bench["group"],
        "pair": clip.bench.get("pair", ""),
        "side": side,
        "bend_deg": float(clip.bench.get("elbow_flexion_deg", 0.0)),
        "rest_bend_deg": float(clip.bench.get("rest_elbow_flexion_deg", clip.bench.get("elbow_flexion_deg", 0.0))),
        "trunk_deg": float(clip.bench.get("peak_trunk_extension_deg", 0.0)),
        "offset_deg": clip.offset_deg,
        "truth": float(clip.series("rig_plane", f"shoulder_flexion_{side}")[clip.rep_mask()].max()),
        "product": np.nan,
    }
    for f in analysis.result.findings if analysis.result else []:
        if f.metric == "shoulder_flexion" and f.side == side and f.value is not None:
            row["product"] = float(f.value)
    frames = np.round(ca.angles.index.to_numpy(float) * fps).astype(int)
    columns = candidate_columns(ca.series, angles, side)
    for name, values in columns.items():
        row[name] = float(pd.Series(values.to_numpy(float), index=frames).reindex(in_reps).max())
    forearm = pd.Series(columns["forearm"].to_numpy(float), index=frames).reindex(in_reps)
    bend = pd.Series(angles[f"elbow_flexion_{side}"].to_numpy(float), index=frames)
    row["apparent_bend_at_peak"] = float(bend.get(forearm.idxmax(), np.nan)) if forearm.notna().any() else np.nan
    return row


def summary(rows: pd.DataFrame) -> str:
    """Return a markdown table: per candidate, n clips, MAE, bias, share within 5 deg, worst (peak errors)."""
    lines = [
        "| candidate | clips | MAE | bias | within 5° | worst | bend 0 / 5 / 10°: bias |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in CANDIDATES:
        e = (rows[name] - rows["truth"]).dropna()
        if e.empty:
            continue
        by_bend = []
        for lo, hi in ((0, 2.5), (2.5, 7.5), (7.5, 11)):
            part = e[(rows.loc[e.index, "bend_deg"] >= lo) & (rows.loc[e.index, "bend_deg"] < hi)]
            by_bend.append(f"{part.mean():+.1f}" if len(part) else "–")
        lines.append(
            f"| {name} | {len(e)} | {e.abs().mean():.1f} | {e.mean():+.1f} | {int((e.abs() <= 5).sum())} of {len(e)} "
            f"({100 * (e.abs() <= 5).mean():.0f} %) | {e.iloc[int(np.argmax(e.abs().to_numpy()))]:+.1f} "
            f"| {' / '.join(by_bend)} |"
        )
    return "\n".join(lines)


def pair_summary(rows: pd.DataFrame) -> str:
    """Return a markdown table: per candidate, the left − right asymmetry error of the pairs (deg).

    A pair is two clips with the same ``notes.bench.pair``, one per side. Error = (candidate peak left − right)
    − (true peak left − right). Per arm, the candidates' errors and their correlation between the two sides of a
    pair are given too: an error common to both sides (the body, the look) cancels in the asymmetry.
    """
    left = rows[rows["side"] == "left"].set_index("pair")
    right = rows[rows["side"] == "right"].set_index("pair")
    pairs = left.index.intersection(right.index).drop("", errors="ignore")
    left, right = left.loc[pairs], right.loc[pairs]
    truth = left["truth"] - right["truth"]
    lines = [
        "| candidate | pairs | MAE | bias | SD | within 4° | worst | per arm: SD | left/right error correlation |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name in CANDIDATES:
        e = ((left[name] - right[name]) - truth).dropna()
        if len(e) < 2:
            continue
        arm_l, arm_r = left[name] - left["truth"], right[name] - right["truth"]
        both = pd.concat([arm_l, arm_r]).dropna()
        lines.append(
            f"| {name} | {len(e)} | {e.abs().mean():.1f} | {e.mean():+.1f} | {e.std():.1f} | "
            f"{int((e.abs() <= 4).sum())} of {len(e)} | {e.iloc[int(np.argmax(e.abs().to_numpy()))]:+.1f} | "
            f"{both.std():.1f} | {arm_l.corr(arm_r):.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Score the candidates on one group; print a per-clip and a summary table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--group", required=True,
                        help="notes.bench.group: soft_fit, soft_holdout, ..., a comma-separated list, or all")
    parser.add_argument("--data", type=Path, default=REPO / "bench/data/synth")
    parser.add_argument("--cache", type=Path, default=REPO / "bench/data/landmarks")
    parser.add_argument("--fresh", action="store_true", help="ignore the landmark cache")
    parser.add_argument("--csv", type=Path, help="also write the per-clip rows here")
    parser.add_argument("--pairs", action="store_true", help="also score left − right asymmetries of the pairs")
    args = parser.parse_args(argv)
    groups = set(args.group.split(","))
    clips = [c for c in _accuracy().load_truth(args.data)
             if c.bench.get("protocol") == "overhead_reach" and c.offset_deg <= 10
             and ("all" in groups or c.bench.get("group") in groups)]
    if not clips:
        print(f"Expected clips of group {args.group!r} in {args.data}, found none.", file=sys.stderr)
        return 2
    rows = pd.DataFrame([clip_peaks(c, args.cache, args.fresh) for c in clips])
    shown = ["clip", "bend_deg", "rest_bend_deg", "trunk_deg", "offset_deg", "truth", *CANDIDATES]
    shown.append("apparent_bend_at_peak")
    errors = rows[shown].copy()
    for name in CANDIDATES:
        errors[name] = rows[name] - rows["truth"]
    print(f"Peak error (candidate − truth, deg), group {args.group}:\n")
    print(errors.round(1).to_string(index=False))
    print(f"\nSummary, group {args.group}:\n")
    print(summary(rows))
    if args.pairs:
        print(f"\nAsymmetries (left − right) of the pairs, group {args.group}:\n")
        print(pair_summary(rows))
    if args.csv:
        rows.to_csv(args.csv, index=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
