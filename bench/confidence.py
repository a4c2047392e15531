"""Does each confidence level hold its bound? Peak errors of the accuracy bench grouped by the finding's confidence.

The accuracy bench (``bench/accuracy.py``) compares each finding with the rendered truth. This adds,
for every compared finding, the confidence the product gave it, and reports per level and metric:
count, MAE, 95th percentile and worst |error|, and the share within the metric's stated bound
(``Metric.high_bound`` in ``screening/protocols/metrics.py``, the bound "high" stands for).
Ungraded findings (wrong view, implausible) count as "invalid".

    python bench/confidence.py                       # clips in bench/data/synth, cached landmarks
    python bench/confidence.py --data DIR --only holdout3
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.accuracy import BENT, REPO, clip_rows, load_truth, run_product, units  # noqa: E402

# the accuracy bench's row labels -> the finding they compare ([previous] and [candidate] rows are not the product)
LABEL_METRIC = {
    "shoulder flexion peak": "shoulder_flexion",
    "hip IR peak": "hip_internal_rotation",
    "hip ER peak": "hip_external_rotation",
    "squat depth: knee flexion peak": "squat_depth_knee_flexion",
    "knee FPPA peak (squat)": "knee_valgus_fppa",
    "knee FPPA peak (single-leg squat)": "knee_valgus_fppa",
    "contralateral pelvic drop": "contralateral_pelvic_drop",
    "trunk extension during reach": "trunk_extension_during_reach",
    "shoulder tilt (photo)": "shoulder_tilt",
    "forward head (photo)": "forward_head",
}
LEVELS = ("high", "medium", "low", "invalid")


def finding_of(findings: list[Any], metric: str, side: str) -> Any | None:
    """Return the product's finding ``metric``/``side`` (graded first), or None."""
    matches = [f for f in findings if f.metric == metric and (not side or f.side == side)]
    return min(matches, key=lambda f: f.severity == "invalid") if matches else None


def confidence_rows(clip: Any, product: Any) -> list[dict[str, Any]]:
    """Return the bench's rows of one clip that compare a product finding, with that finding's confidence."""
    rows = []
    for row in clip_rows(clip, product):
        metric = LABEL_METRIC.get(row["metric"].replace(f", {BENT}", ""))
        finding = finding_of(product.findings, metric, row["side"]) if metric else None
        if finding is None:
            continue
        level = "invalid" if finding.severity == "invalid" else finding.confidence
        value = finding.value if finding.value is not None else finding.details.get("implausible_value", np.nan)
        rows.append({**row, "finding": metric, "confidence": level, "product": value,
                     "reason": finding.confidence_reason})
    return rows


def level_table(rows: pd.DataFrame) -> str:
    """Return the markdown table of |error| by metric and confidence level."""
    from screening.protocols.metrics import METRICS

    rows = rows.assign(error=(rows["product"] - rows["truth"]).abs())
    lines = ["| metric | confidence | n | MAE | p95 | worst | bound | within bound |",
             "|---|---|---|---|---|---|---|---|"]
    for (metric, level), group in rows.groupby(["finding", "confidence"], sort=True):
        errors = group["error"].dropna()
        bound = METRICS[metric].high_bound
        within = f"{(errors <= bound).mean():.0%}" if bound is not None and len(errors) else "–"
        stats = (f"{errors.mean():.1f}° | {np.percentile(errors, 95):.1f}° | {errors.max():.1f}°" if len(errors)
                 else "– | – | –")
        lines.append(f"| {metric} | {level} | {len(group)} | {stats} | "
                     f"{'–' if bound is None else f'{bound:g}°'} | {within} |")
    for level in LEVELS:
        errors = rows.loc[rows["confidence"] == level, "error"].dropna()
        if len(errors):
            lines.append(f"| **all** | **{level}** | {len(errors)} | {errors.mean():.1f}° | "
                         f"{np.percentile(errors, 95):.1f}° | {errors.max():.1f}° | | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the product on the bench clips (cached landmarks) and print the confidence-level table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=REPO / "bench/data/synth", help="rendered clips + truth JSON")
    parser.add_argument("--cache", type=Path, default=REPO / "bench/data/landmarks", help="raw landmark cache")
    parser.add_argument("--only", help="analyse only clips whose name contains this")
    parser.add_argument("--csv", type=Path, help="also write the rows to this CSV file")
    args = parser.parse_args(argv)
    clips = [c for c in load_truth(args.data) if not args.only or args.only in c.name]
    if not clips:
        print(f"Expected benchmark clips in {args.data}, found none: python -m tools.synth --set bench",
              file=sys.stderr)
        return 2
    rows: list[dict[str, Any]] = []
    for group in units(clips):
        for clip, product in zip(group, run_product(group, args.cache, fresh=False), strict=True):
            rows += confidence_rows(clip, product)
    table = pd.DataFrame(rows)
    print(f"{len(clips)} clips, {len(table)} compared findings\n")
    print(level_table(table))
    if args.csv:
        table.to_csv(args.csv, index=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
