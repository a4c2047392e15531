"""Accuracy bench, compare: the product against the truth per frame, per clip (one function per clip kind)
and left against right.

Part of ``bench/accuracy.py`` (run that).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from bench.accuracy_product import Product, finding, finding_detail, plausible_hip_peaks
from bench.accuracy_truth import BENT, UNGATED, TruthClip

# ------------------------------------------------------------------------------------------ comparisons

PREVIOUS_LINE = "forearm line [previous]"  # elbow→wrist, the measure before issue 13 (now: the shoulder→wrist line)
# shoulder→wrist line without the camera-turn and elbow-bend terms (1d; 1e added them)
ARM_LINE = "shoulder→wrist line, no turn/bend terms [previous]"

# Per-frame comparisons: kind -> [(metric label, product column, truth measure, frame-selection)].
# "{s}" is each tested side; the selection is "reps" or the rep kinds to keep ("{s}" filled).
FRAME_METRICS: dict[str, list[tuple[str, str, str, Any]]] = {
    "reach": [
        ("shoulder flexion (side view)", "shoulder_flexion_corrected_{s}", "shoulder_flexion_{s}", "reps"),
        ("shoulder flexion, uncorrected trunk line", "shoulder_flexion_{s}", "shoulder_flexion_{s}", "reps"),
        ("shoulder flexion, humerus line [previous]", "shoulder_flexion_humerus_{s}", "shoulder_flexion_{s}", "reps"),
        (f"shoulder flexion, {PREVIOUS_LINE}", "shoulder_flexion_forearm_{s}", "shoulder_flexion_{s}", "reps"),
        (f"shoulder flexion, {ARM_LINE}", "shoulder_flexion_arm_line_{s}", "shoulder_flexion_{s}", "reps"),
    ],
    "reach_trunk": [
        ("shoulder flexion (side view)", "shoulder_flexion_corrected_{s}", "shoulder_flexion_{s}", "reps"),
        ("shoulder flexion, uncorrected trunk line", "shoulder_flexion_{s}", "shoulder_flexion_{s}", "reps"),
        ("shoulder flexion, humerus line [previous]", "shoulder_flexion_humerus_{s}", "shoulder_flexion_{s}", "reps"),
        (f"shoulder flexion, {PREVIOUS_LINE}", "shoulder_flexion_forearm_{s}", "shoulder_flexion_{s}", "reps"),
        (f"shoulder flexion, {ARM_LINE}", "shoulder_flexion_arm_line_{s}", "shoulder_flexion_{s}", "reps"),
        ("arm elevation from vertical (side view)", "arm_elevation_{s}", "arm_elevation_from_vertical_{s}", "reps"),
    ],
    "reach_bent": [
        (f"shoulder flexion (side view), {BENT}", "shoulder_flexion_corrected_{s}", "shoulder_flexion_{s}", "reps"),
        (f"shoulder flexion, {PREVIOUS_LINE}, {BENT}", "shoulder_flexion_forearm_{s}", "shoulder_flexion_{s}", "reps"),
    ],
    "hip_rotation": [
        (
            "seated hip IR/ER: shank to vertical",
            "shank_to_vertical_{s}",
            "shank_from_vertical_lateral_{s}",
            ("internal:{s}", "external:{s}"),
        ),
    ],
    "squat_side": [
        ("squat knee flexion (side view)", "knee_flexion_rigid_shank_{s}", "knee_flexion_{s}", "reps"),
        ("squat knee flexion, free-length shank [previous]", "knee_flexion_{s}", "knee_flexion_{s}", "reps"),
        ("squat hip flexion (side view)", "hip_flexion_corrected_{s}", "hip_flexion_{s}", "reps"),
        ("squat hip flexion, free-length thigh [previous]", "hip_flexion_free_thigh_{s}", "hip_flexion_{s}", "reps"),
        ("squat hip flexion, uncorrected trunk line", "hip_flexion_{s}", "hip_flexion_{s}", "reps"),
    ],
    "squat_front": [("knee FPPA (squat, front)", "knee_fppa_{s}", "knee_fppa_{s}", "reps")],
    "sls": [
        ("knee FPPA (single-leg squat, front)", "knee_fppa_{s}", "knee_fppa_{s}", "reps"),
        ("pelvic obliquity (single-leg squat)", "pelvic_obliquity", "pelvic_obliquity_right_down", "reps"),
    ],
    "posture_front": [("shoulder tilt (posture, front)", "shoulder_tilt", "shoulder_line_right_down", "reps")],
    "posture_side": [("head forward (posture, side)", "head_forward", "shoulder_to_ear_from_vertical", "reps")],
}


VS_PLANE = "vs the 3-D frontal-plane angle [not the FPPA's definition]"


def frame_rows(clip: TruthClip, product: Product) -> list[dict[str, Any]]:
    """Return one row per compared frame and metric: product, unfiltered product and the three truths."""
    rows: list[dict[str, Any]] = []
    setup = clip.setup()
    for label, column, measure, selection in FRAME_METRICS.get(clip.kind, []):
        sides = clip.bench["sides"] if "{s}" in column or "{s}" in str(selection) else [""]
        for side in sides:
            col, meas = column.format(s=side), measure.format(s=side)
            kinds = None if selection == "reps" else [k.format(s=side) for k in selection]
            frames = np.flatnonzero(clip.rep_mask(kinds))
            nan = pd.Series(np.nan, index=frames)
            base = {
                "clip": clip.name,
                "kind": clip.kind,
                "metric": label,
                "side": side,
                "offset_deg": clip.offset_deg,
                "group": clip.bench["group"],
                **setup,
            }
            columns = {
                "product": product.angles[col].reindex(frames) if col in product.angles else nan,
                "unfiltered": product.unfiltered[col].reindex(frames) if col in product.unfiltered else nan,
                **{
                    family: clip.series(family, meas).iloc[frames] for family in ("rig_plane", "rig_2d", "keypoints_2d")
                },
            }
            table = pd.DataFrame({k: np.asarray(v, float) for k, v in columns.items()})
            table.insert(0, "frame", frames)
            image_measure = col.startswith("knee_fppa")  # FPPA is defined in the frontal video image
            table["truth"] = table["rig_2d" if image_measure else "rig_plane"]
            rows += [base | r for r in table.to_dict("records")]
            if image_measure:
                table["truth"] = table["rig_plane"]
                rows += [base | {"metric": f"{label}, {VS_PLANE}"} | r for r in table.to_dict("records")]
            if image_measure and product.fppa_3d is not None:
                table["product"] = product.fppa_3d[col].reindex(frames).to_numpy(float)
                table["unfiltered"] = np.nan
                rows += [
                    base | {"metric": f"{label}, 3-D world landmarks {VS_PLANE} [candidate]"}
                    | r for r in table.to_dict("records")
                ]
    return rows


def _peak(
    clip: TruthClip, measure: str, kinds: list[str] | None = None, sign: float = 1.0, family: str = "rig_plane"
) -> float:
    values = clip.series(family, measure)[clip.rep_mask(kinds)]
    return float(sign * (sign * values).max())


def _fppa_peak_rows(label: str, clip: TruthClip, product: Product, side: str) -> list[tuple[str, str, float, float]]:
    """Return the knee FPPA peak finding against the image truth (``rig_2d``) and against the 3-D plane angle."""
    value = finding(product, "knee_valgus_fppa", side)
    return [
        (label, side, value, _peak(clip, f"knee_fppa_{side}", family="rig_2d")),
        (f"{label}, {VS_PLANE}", side, value, _peak(clip, f"knee_fppa_{side}")),
    ]


def _reach_peak_rows(clip: TruthClip, product: Product, side: str) -> list[tuple[str, str, float, float]]:
    """Return the shoulder flexion peak (and, elbow held bent, the bend) against the truth, with earlier measures."""
    truth_peak = _peak(clip, f"shoulder_flexion_{side}")
    in_reps = np.flatnonzero(clip.rep_mask())
    previous = float(product.angles[f"shoulder_flexion_forearm_{side}"].reindex(in_reps).max())
    value = finding(product, "shoulder_flexion", side)
    if clip.kind == "reach_bent":
        return [
            (f"shoulder flexion peak, {BENT}", side, value, truth_peak),
            (f"shoulder flexion peak, {PREVIOUS_LINE}, {BENT}", side, previous, truth_peak),
            (f"elbow bend at the top, {BENT}", side, finding(product, "elbow_flexion_at_peak", side),
             float(clip.bench["elbow_flexion_deg"])),
        ]
    uncorrected = float(product.angles[f"shoulder_flexion_{side}"].reindex(in_reps).max())
    humerus = float(product.angles[f"shoulder_flexion_humerus_{side}"].reindex(in_reps).max())
    arm_line = float(product.angles[f"shoulder_flexion_arm_line_{side}"].reindex(in_reps).max())
    return [
        ("shoulder flexion peak", side, value, truth_peak),
        ("shoulder flexion peak, uncorrected trunk line", side, uncorrected, truth_peak),
        ("shoulder flexion peak, humerus line [previous]", side, humerus, truth_peak),
        (f"shoulder flexion peak, {PREVIOUS_LINE}", side, previous, truth_peak),
        (f"shoulder flexion peak, {ARM_LINE}", side, arm_line, truth_peak),
    ]


Row = tuple[str, str, float, float]  # metric, side, product, truth


def reach_rows(clip: TruthClip, product: Product) -> list[Row]:
    """Reach (straight, trunk extension, elbow held bent): the shoulder flexion peak, and the trunk's extension."""
    side = clip.bench["sides"][0]
    rows = _reach_peak_rows(clip, product, side)
    if clip.kind == "reach_trunk":
        trunk = clip.series("rig_plane", "trunk_from_vertical")
        change = float(trunk[clip.rep_mask()].max() - trunk.iloc[0])
        rows.append(
            ("trunk extension during reach", side, finding(product, "trunk_extension_during_reach", side), change)
        )
    return rows


def hip_rotation_rows(clip: TruthClip, product: Product) -> list[Row]:
    """Seated hip rotation: IR and ER peaks per side, with the product before the pre-filter segment gate."""
    rows: list[Row] = []
    for side in ("left", "right"):
        candidate = plausible_hip_peaks(product.ungated if product.ungated is not None else product.angles, side)
        rows.append(
            (
                "hip IR peak, no pre-filter segment gate [previous]",
                side,
                candidate["internal"],
                _peak(clip, f"shank_from_vertical_lateral_{side}", [f"internal:{side}"]),
            )
        )
        rows.append(
            (
                "hip ER peak, no pre-filter segment gate [previous]",
                side,
                candidate["external"],
                -_peak(clip, f"shank_from_vertical_lateral_{side}", [f"external:{side}"], -1.0),
            )
        )
        rows.append(
            (
                "hip IR peak",
                side,
                finding(product, "hip_internal_rotation", side),
                _peak(clip, f"shank_from_vertical_lateral_{side}", [f"internal:{side}"]),
            )
        )
        rows.append(
            (
                "hip ER peak",
                side,
                finding(product, "hip_external_rotation", side),
                -_peak(clip, f"shank_from_vertical_lateral_{side}", [f"external:{side}"], -1.0),
            )
        )
    return rows


def squat_side_rows(clip: TruthClip, product: Product) -> list[Row]:
    """Squat from the side: depth (knee flexion peak) and hip flexion at the bottom, with the earlier measures."""
    side = clip.bench["sides"][0]
    rows: list[Row] = []
    measured = finding_detail(product, "squat_depth_knee_flexion", side, "measured_side")
    rows.append(
        (
            "squat depth: knee flexion peak",
            side,
            finding(product, "squat_depth_knee_flexion", side),
            _peak(clip, f"knee_flexion_{side}"),
        )
    )
    reps = finding_detail(product, "squat_depth_knee_flexion", side, "reps") or []
    fps = clip.truth["video"].get("fps", 30)
    free = product.angles[f"knee_flexion_{side}"]
    free_peaks = [
        free.loc[int(round(r["start_s"] * fps)) : int(round(r["end_s"] * fps))].max() for r in reps
    ]
    rows.append(
        (
            "squat depth: knee flexion peak, free-length shank [previous]",
            side,
            float(np.nanmedian(free_peaks)) if free_peaks else float("nan"),
            _peak(clip, f"knee_flexion_{side}"),
        )
    )
    hips = finding_detail(product, "squat_depth_knee_flexion", side, "hip_flexion_at_bottom_deg") or []
    rows.append(
        (
            "squat hip flexion at bottom",
            side,
            float(np.nanmedian(hips)) if hips else float("nan"),
            _peak(clip, f"hip_flexion_{side}"),
        )
    )
    bottoms = [int(round(r["peak_s"] * fps)) for r in reps]
    previous = product.angles[f"hip_flexion_free_thigh_{side}"].reindex(bottoms)
    rows.append(
        (
            "squat hip flexion at bottom, free-length thigh [previous]",
            side,
            float(previous.median()) if len(bottoms) else float("nan"),
            _peak(clip, f"hip_flexion_{side}"),
        )
    )
    if measured not in (None, side):
        rows.append(("squat: measured side is the near side", side, 0.0, 1.0))
    return rows


def squat_front_rows(clip: TruthClip, product: Product) -> list[Row]:
    """Squat from the front: the knee FPPA peak of each side."""
    rows: list[Row] = []
    for side in ("left", "right"):
        rows += _fppa_peak_rows("knee FPPA peak (squat)", clip, product, side)
    return rows


def single_leg_squat_rows(clip: TruthClip, product: Product) -> list[Row]:
    """Single-leg squat: the standing knee's FPPA peak and the contralateral pelvic drop."""
    side = clip.bench["sides"][0]
    rows = _fppa_peak_rows("knee FPPA peak (single-leg squat)", clip, product, side)
    obl = clip.series("rig_plane", "pelvic_obliquity_right_down")
    sign = 1.0 if side == "left" else -1.0
    peak_frames = [int(round(r["peak_s"] * clip.truth["video"]["fps"])) for r in clip.truth["reps"]]
    drop = float(np.median([sign * (obl.iloc[i] - obl.iloc[0]) for i in peak_frames]))
    rows.append(("contralateral pelvic drop", side, finding(product, "contralateral_pelvic_drop", side), drop))
    return rows


def posture_front_rows(clip: TruthClip, product: Product) -> list[Row]:
    """Posture photo from the front: the shoulder tilt."""
    return [
        (
            "shoulder tilt (photo)",
            "",
            finding(product, "shoulder_tilt"),
            float(clip.series("rig_plane", "shoulder_line_right_down").iloc[0]),
        )
    ]


def posture_side_rows(clip: TruthClip, product: Product) -> list[Row]:
    """Posture photo from the side: the forward head angle."""
    return [
        (
            "forward head (photo)",
            "",
            finding(product, "forward_head"),
            float(clip.series("rig_plane", "shoulder_to_ear_from_vertical").iloc[0]),
        )
    ]


# Per-clip comparisons: clip kind (``TruthClip.kind``) -> the function that compares its findings with the truth.
CLIP_COMPARISONS: dict[str, Callable[[TruthClip, Product], list[Row]]] = {
    "reach": reach_rows,
    "reach_trunk": reach_rows,
    "reach_bent": reach_rows,
    "hip_rotation": hip_rotation_rows,
    "squat_side": squat_side_rows,
    "squat_front": squat_front_rows,
    "sls": single_leg_squat_rows,
    "posture_front": posture_front_rows,
    "posture_side": posture_side_rows,
}


def clip_rows(clip: TruthClip, product: Product) -> list[dict[str, Any]]:
    """Return one row per finding compared with the truth (peak range, compensation)."""
    kind, b = clip.kind, clip.bench
    compare = CLIP_COMPARISONS.get(kind)
    rows = compare(clip, product) if compare else []
    return [
        {
            "clip": clip.name,
            "kind": kind,
            "metric": m,
            "side": s,
            "offset_deg": clip.offset_deg,
            "group": b["group"],
            "product": p,
            "truth": t,
            "elbow_deg": float(b.get("elbow_flexion_deg", 0.0)),
        }
        for m, s, p, t in rows
    ]


def asymmetry_rows(group: list[TruthClip], product: Product, clip_table: pd.DataFrame) -> list[dict[str, Any]]:
    """Return the protocol's left − right findings against the truth's left − right peaks."""
    kind, b = group[0].kind, group[0].bench
    names = [c.name for c in group]
    sub = clip_table[clip_table["clip"].isin(names)]
    pairs = {
        "reach": [
            ("shoulder flexion asymmetry", "shoulder_flexion_asymmetry", "shoulder flexion peak"),
            (f"shoulder flexion asymmetry, {PREVIOUS_LINE}", "", f"shoulder flexion peak, {PREVIOUS_LINE}"),
            (f"shoulder flexion asymmetry, {ARM_LINE}", "", f"shoulder flexion peak, {ARM_LINE}"),
        ],
        "reach_bent": [
            (f"shoulder flexion asymmetry, {BENT}", "shoulder_flexion_asymmetry", f"shoulder flexion peak, {BENT}"),
        ],
        "hip_rotation": [
            ("hip IR asymmetry", "hip_internal_rotation_asymmetry", "hip IR peak"),
            ("hip ER asymmetry", "hip_external_rotation_asymmetry", "hip ER peak"),
            *(
                (f"hip {d} asymmetry, {UNGATED}", "", f"hip {d} peak, {UNGATED}")
                for d in ("IR", "ER")
            ),
        ],
        "squat_front": [
            ("knee FPPA asymmetry (squat)", "knee_valgus_fppa_asymmetry", "knee FPPA peak (squat)"),
            (f"knee FPPA asymmetry (squat), {VS_PLANE}", "knee_valgus_fppa_asymmetry",
             f"knee FPPA peak (squat), {VS_PLANE}"),
        ],
    }.get(kind, [])
    rows = []
    for label, metric, peak in pairs:
        left = sub[(sub["metric"] == peak) & (sub["side"] == "left")]
        right = sub[(sub["metric"] == peak) & (sub["side"] == "right")]
        if left.empty or right.empty:
            continue
        # the protocol's own asymmetry finding; for a [previous] measure, left − right of its peaks
        value = finding(product, metric) if metric else float(left["product"].iloc[0] - right["product"].iloc[0])
        rows.append(
            {
                "clip": "+".join(names),
                "kind": kind,
                "metric": label,
                "side": "L−R",
                "offset_deg": group[0].offset_deg,
                "group": b["group"],
                "product": value,
                "truth": float(left["truth"].iloc[0] - right["truth"].iloc[0]),
            }
        )
    return rows
