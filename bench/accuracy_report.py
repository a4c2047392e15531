"""Accuracy bench, report: statistics, the targets, and the markdown section written into docs/accuracy.md.

Part of ``bench/accuracy.py`` (run that).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from bench.accuracy_compare import VS_PLANE
from bench.accuracy_truth import BEGIN, BENT, END, GOOD_MAX_DEG, SOFT_MAX_DEG, WRONG_MIN_DEG

# ------------------------------------------------------------------------------------------ statistics


def stats(errors: pd.Series) -> dict[str, float]:
    """Return n, MAE, bias, 95 % limits of agreement and the worst (signed) error of ``errors`` (deg)."""
    e = errors.dropna().to_numpy(float)
    if not len(e):
        return {"n": 0, **dict.fromkeys(("mae", "bias", "sd", "loa_lo", "loa_hi", "worst"), np.nan)}
    sd = float(e.std(ddof=1)) if len(e) > 1 else 0.0
    bias = float(e.mean())
    return {
        "n": len(e),
        "mae": float(np.abs(e).mean()),
        "bias": bias,
        "sd": sd,
        "loa_lo": bias - 1.96 * sd,
        "loa_hi": bias + 1.96 * sd,
        "worst": float(e[np.argmax(np.abs(e))]),
    }


def _fmt(x: float, signed: bool = False) -> str:
    if not np.isfinite(x):
        return "–"
    return f"{x:+.1f}" if signed else f"{x:.1f}"


def stats_table(df: pd.DataFrame, value: str, truth: str, by: list[str], count: str = "frames") -> str:
    """Return a markdown table of error statistics of ``value − truth`` grouped by ``by``."""
    head = [*by, count, "MAE", "bias", "SD", "95 % LoA", "worst"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for keys, sub in df.groupby(by, sort=False):
        keys = keys if isinstance(keys, tuple) else (keys,)
        s = stats(sub[value] - sub[truth])
        if not s["n"]:
            continue
        cells = [str(int(k)) if isinstance(k, float) and k.is_integer() else str(k) for k in keys]
        lines.append(
            "| "
            + " | ".join(
                [
                    *cells,
                    str(s["n"]),
                    _fmt(s["mae"]),
                    _fmt(s["bias"], True),
                    _fmt(s["sd"]),
                    f"{_fmt(s['loa_lo'], True)} to {_fmt(s['loa_hi'], True)}",
                    _fmt(s["worst"], True),
                ]
            )
            + " |"
        )
    return "\n".join(lines)


def mae_by_offset(df: pd.DataFrame, value: str, truth: str) -> str:
    """Return a markdown table: MAE (bias) per metric and camera offset."""
    offsets = sorted(df["offset_deg"].unique())
    head = ["metric", *[f"{o:.0f}° off" for o in offsets]]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for metric, sub in df.groupby("metric", sort=False):
        cells = [metric]
        for o in offsets:
            s = stats(sub[sub["offset_deg"] == o][value] - sub[sub["offset_deg"] == o][truth])
            cells.append(f"{_fmt(s['mae'])} ({_fmt(s['bias'], True)})" if s["n"] else "–")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def view_table(views: pd.DataFrame) -> str:
    """Return a markdown table of view-check flag rates by camera offset and protocol."""
    lines = [
        "| camera off the required view | seen from the body | clips | flagged | rate "
        "| product's estimate of the offset: median (range) |",
        "|---|---|---|---|---|---|",
    ]
    for off, sub in views.groupby("offset_deg"):
        est = sub["off_by_deg"]
        lines.append(
            f"| {off:.0f}° | {sub['true_offset_deg'].min():.0f}–{sub['true_offset_deg'].max():.0f}° "
            f"| {len(sub)} | {int(sub['flagged'].sum())} | {100 * sub['flagged'].mean():.0f} % "
            f"| {est.median():.0f}° ({est.min():.0f}–{est.max():.0f}°) |"
        )
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------ targets


def targets(frames: pd.DataFrame, clips: pd.DataFrame, asym: pd.DataFrame, views: pd.DataFrame) -> list[str]:
    """Return the issue's targets as markdown lines: target, measured, met or not."""
    good_f = frames[frames["offset_deg"] <= GOOD_MAX_DEG]
    out = []

    def mae(metrics: list[str]) -> tuple[float, int]:
        s = stats(good_f[good_f["metric"].isin(metrics)].eval("product - truth"))
        return s["mae"], s["n"]

    checks = [
        ("shoulder flexion, side view, camera ≤ 10° off: MAE ≤ 3°", ["shoulder flexion (side view)"], 3.0),
        ("seated hip IR/ER: MAE ≤ 3°", ["seated hip IR/ER: shank to vertical"], 3.0),
        ("squat knee flexion: MAE ≤ 5°", ["squat knee flexion (side view)"], 5.0),
        ("squat hip flexion: MAE ≤ 5°", ["squat hip flexion (side view)"], 5.0),
        ("knee FPPA (the angle in the frontal image, `rig_2d`): MAE ≤ 4°",
         ["knee FPPA (squat, front)", "knee FPPA (single-leg squat, front)"], 4.0),
    ]
    for text, metrics, limit in checks:
        value, n = mae(metrics)
        out.append(f"| {text} | {_fmt(value)}° ({n} frames) | {'met' if value <= limit else '**not met**'} |")
    rom = ["shoulder flexion peak", "hip IR peak", "hip ER peak", "squat depth: knee flexion peak"]
    good_c = clips[(clips["offset_deg"] <= GOOD_MAX_DEG) & clips["metric"].isin(rom)]
    err = (good_c["product"] - good_c["truth"]).abs()
    n_bad = int((err > 5.0).sum() + err.isna().sum())
    out.append(
        f"| peak range of motion per side within 5° on every good-view clip | {len(good_c) - n_bad} of "
        f"{len(good_c)} within 5° (worst {_fmt(err.max())}°) | {'met' if n_bad == 0 else '**not met**'} |"
    )
    own = ~asym["metric"].str.contains("[previous]", regex=False) & ~asym["metric"].str.contains(VS_PLANE, regex=False)
    own &= ~asym["metric"].str.contains(BENT, regex=False)
    good_a = asym[(asym["offset_deg"] <= GOOD_MAX_DEG) & own]
    err = (good_a["product"] - good_a["truth"]).abs()
    n_bad = int((err > 4.0).sum() + err.isna().sum())
    out.append(
        f"| left − right asymmetry within 4° (good views) | {len(good_a) - n_bad} of {len(good_a)} within 4° "
        f"(worst {_fmt(err.max())}°) | {'met' if n_bad == 0 else '**not met**'} |"
    )
    wrong = views[views["offset_deg"] >= WRONG_MIN_DEG]
    good = views[views["offset_deg"] <= GOOD_MAX_DEG]
    rw, rg = 100 * wrong["flagged"].mean(), 100 * good["flagged"].mean()
    out.append(
        f"| wrong-view clips (≥ 30° off) flagged ≥ 95 % | {int(wrong['flagged'].sum())} of {len(wrong)} = "
        f"{rw:.0f} % | {'met' if rw >= 95 else '**not met**'} |"
    )
    out.append(
        f"| good-view clips (≤ 10° off) flagged ≤ 5 % | {int(good['flagged'].sum())} of {len(good)} = "
        f"{rg:.0f} % | {'met' if rg <= 5 else '**not met**'} |"
    )
    return ["| target | measured | |", "|---|---|---|", *out]


# ------------------------------------------------------------------------------------------ report


def report(frames: pd.DataFrame, clips: pd.DataFrame, asym: pd.DataFrame, views: pd.DataFrame, meta: dict) -> str:
    """Return the generated markdown section."""
    good = frames[frames["offset_deg"] <= GOOD_MAX_DEG]
    peaks = pd.concat([clips, asym], ignore_index=True)
    good_peaks = peaks[peaks["offset_deg"] <= GOOD_MAX_DEG]
    parts = [
        BEGIN,
        f"Run {meta['date']} on {meta['host']}: {meta['n_clips']} clips in {meta['n_units']} analyses "
        f"({meta['n_cached']} with MediaPipe landmarks from the cache), {meta['elapsed_s']:.0f} s "
        f"(load average before/after: {meta['load_before']} / {meta['load_after']}); "
        f"screening {meta['version']} ({meta['commit']}), mediapipe {meta['mediapipe']}.",
        "",
        "### Targets",
        "",
        *targets(frames, clips, asym, views),
        "",
        f"### Per frame, good views (camera ≤ {GOOD_MAX_DEG:.0f}° off), product − clinical truth "
        "(`rig_plane`; for knee FPPA, an angle in the frontal video image by definition, `rig_2d`)",
        "",
        stats_table(good, "product", "truth", ["metric"]),
        "",
        "### Per frame, MAE (bias) by camera offset, product − clinical truth "
        "(knee FPPA: against the image angle, so the landmark error only; its camera-placement error is in the "
        "\"vs the 3-D frontal-plane angle\" rows)",
        "",
        mae_by_offset(frames, "product", "truth"),
        "",
        "### Where the per-frame error comes from (good views; MAE, bias)",
        "",
        decomposition(good),
        "",
        "### Per clip: findings against the truth peaks, good views",
        "",
        stats_table(good_peaks, "product", "truth", ["metric"], count="values"),
        "",
        "### Per clip: findings by camera offset, MAE (bias)",
        "",
        mae_by_offset(peaks, "product", "truth"),
        "",
        "### Body/look group (good views): fit vs held-out",
        "",
        stats_table(good, "product", "truth", ["metric", "group"]),
        "",
        f"### Shoulder flexion peaks with soft elbows (held bent 0–{SOFT_MAX_DEG:.0f}°), good views, by group and bend",
        "",
        soft_elbow_table(clips),
        "",
        "### Simple corrections: fitted on the fit group, scored on held-out bodies and looks (good views)",
        "",
        corrections(frames, peaks),
        "",
        "### Per frame by filming set-up (good views)",
        "",
        by_setup(good),
        "",
        "### View check",
        "",
        view_table(views),
        "",
        "Flagged clips and the reason (all offsets):",
        "",
        *[
            f"- {r.clip} ({r.offset_deg:.0f}° off; estimated {r.off_by_deg:.0f}°): "
            f"{'flagged — ' + r.reason if r.flagged else 'not flagged'}"
            for r in views.itertuples()
            if r.flagged or r.offset_deg >= WRONG_MIN_DEG
        ],
        END,
    ]
    return "\n".join(parts)


def soft_elbow_table(clips: pd.DataFrame) -> str:
    """Return a markdown table: shoulder flexion peak error by measure, body/look group and elbow bend (good views).

    Reach clips whose elbow is held bent at most ``SOFT_MAX_DEG`` (the ``soft_fit``/``soft_holdout`` groups
    and the straight-elbow clips); per row: clips, MAE, bias, the share within 5° and the worst error.
    """
    peaks = clips[
        clips["kind"].isin(["reach", "reach_trunk"])
        & clips["metric"].str.startswith("shoulder flexion peak")
        & (clips["offset_deg"] <= GOOD_MAX_DEG)
    ]
    if "elbow_deg" not in peaks or peaks.empty:
        return "(no reach clips)"
    peaks = peaks.sort_values(["group", "elbow_deg"], kind="stable")
    bends = pd.cut(peaks["elbow_deg"], [-0.1, 0.5, 5.5, SOFT_MAX_DEG + 0.1], labels=["0°", "1–5°", "6–10°"])
    lines = ["| measure | group | elbow bend | clips | MAE | bias | within 5° | worst |", "|---" * 8 + "|"]
    for (metric, group, bend), sub in peaks.groupby(["metric", "group", bends], sort=False, observed=True):
        e = (sub["product"] - sub["truth"]).dropna()
        if e.empty:
            continue
        s = stats(e)
        within = int((e.abs() <= 5.0).sum())
        lines.append(
            f"| {metric} | {group} | {bend} | {s['n']} | {_fmt(s['mae'])} | {_fmt(s['bias'], True)} "
            f"| {within} of {s['n']} ({100 * within / s['n']:.0f} %) | {_fmt(s['worst'], True)} |"
        )
    return "\n".join(lines)


def decomposition(good: pd.DataFrame) -> str:
    """Return a markdown table splitting the error into 2-D projection and landmark error, and filtering."""
    head = [
        "metric",
        "product − rig_plane (total)",
        "rig_2d − rig_plane (2-D projection)",
        "product − rig_2d (landmarks)",
        "keypoints_2d − rig_2d (surface vs joint centre)",
        "unfiltered − rig_plane",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for metric, sub in good.groupby("metric", sort=False):
        cells = [metric]
        for a, b in (
            ("product", "rig_plane"),
            ("rig_2d", "rig_plane"),
            ("product", "rig_2d"),
            ("keypoints_2d", "rig_2d"),
            ("unfiltered", "rig_plane"),
        ):
            s = stats(sub[a] - sub[b])
            cells.append(f"{_fmt(s['mae'])} ({_fmt(s['bias'], True)})")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def corrections(frames: pd.DataFrame, peaks: pd.DataFrame) -> str:
    """Return a markdown table: simple corrections fitted on the ``fit`` group, scored on ``holdout``.

    Good views only. Two candidate corrections per metric, both fitted on the fit group:
    subtract the fit group's mean error (offset), or a straight line ``truth ≈ a + b·product``
    (least squares). Per clip, the same for the findings (offset only). The held-out clips are
    other bodies and looks under the same cycle of camera set-ups and lights.
    """
    head = [
        "metric",
        "fitted on (n)",
        "offset",
        "line a + b·x",
        "held-out raw MAE (bias)",
        "held-out offset-corrected",
        "held-out line-corrected",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for table, value, truth, unit in ((frames, "product", "truth", "frames"), (peaks, "product", "truth", "clips")):
        good = table[(table["offset_deg"] <= GOOD_MAX_DEG)].dropna(subset=[value, truth])
        for metric, sub in good.groupby("metric", sort=False):
            fit, held = sub[sub["group"] == "fit"], sub[sub["group"] == "holdout"]
            if len(fit) < 2 or held.empty:
                continue
            offset = float((fit[value] - fit[truth]).mean())
            b, a = np.polyfit(fit[value], fit[truth], 1) if fit[value].std() > 1.0 else (1.0, -offset)
            raw = stats(held[value] - held[truth])
            off = stats(held[value] - offset - held[truth])
            line = stats(a + b * held[value] - held[truth])
            lines.append(
                f"| {metric} | fit group, {len(fit)} {unit} | {-offset:+.1f}° | {a:+.1f} + {b:.3f}·x "
                f"| {_fmt(raw['mae'])} ({_fmt(raw['bias'], True)}) | {_fmt(off['mae'])} ({_fmt(off['bias'], True)}) "
                f"| {_fmt(line['mae'])} ({_fmt(line['bias'], True)}) |"
            )
    return "\n".join(lines)


def by_setup(good: pd.DataFrame) -> str:
    """Return a markdown table: per-frame MAE (bias) on good views by image orientation, distance and shirt."""
    cuts = {
        "image": good["image"],
        "camera distance": pd.cut(good["distance_m"], [0, 2.0, 3.0, 10], labels=["< 2 m", "2–3 m", "> 3 m"]),
        "shirt colour (RGB)": good["shirt"],
    }
    lines = ["| metric | split | value | frames | MAE (bias) |", "|---|---|---|---|---|"]
    for metric, sub in good.groupby("metric", sort=False):
        for split, key in cuts.items():
            for value, part in sub.groupby(key.loc[sub.index], observed=True):
                s = stats(part["product"] - part["truth"])
                lines.append(
                    f"| {metric} | {split} | {value} | {s['n']} | {_fmt(s['mae'])} ({_fmt(s['bias'], True)}) |"
                )
    return "\n".join(lines)


def write_doc(doc: Path, section: str) -> None:
    """Replace the generated section of ``doc`` (or append it)."""
    text = doc.read_text() if doc.exists() else "# Accuracy\n\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    doc.write_text(text)
