"""Does a clip show the screen's movement? Checks each protocol runs before it measures anything.

A screening number means something only for the movement it was defined on: a jump analysed as a
squat has "reps" and "depth", but no squat. Each protocol therefore recognises its movement first
(``recognise`` on the protocol) and measures only the repetitions that look like it. The checks are
geometric and use the image (``position``, px, y down) in units of the subject's torso length
(mid-shoulder to mid-hip), so they hold for any body size, distance and resolution:

- *feet planted*: neither ankle rises by more than ``MAX_ANKLE_RISE_TORSO`` during a rep and
  ``FEET_MARGIN_S`` around it, and the two feet do not leave the ground together: the lowest point
  of each foot (ankle, heel or toe) rises by ``MAX_BOTH_FEET_RISE_TORSO`` or less on at least one
  side (a heel rise lifts the ankle, not the toes; a small jump lifts both feet whole; squat and
  reach only);
- *in place*: the hips travel sideways less than ``MAX_HIP_TRAVEL_TORSO`` (walking across); walking
  toward the camera moves the feet in the image, which *feet planted* sees;
- *hips level* (reach): the hips stay within ``MAX_HIP_DROP_STANDING_TORSO`` in height (standing tall);
- *duration*: a rep lasts ``MIN_REP_S``–``MAX_REP_S`` seconds (a jump's dip is shorter);
- *one foot up* (single-leg squat): one ankle sits ``MIN_FOOT_LIFT_TORSO`` above the other;
- *knees flex* (squat): with the hips ``hip_drop`` lower, each seen knee bends by ``MIN_KNEE_FLEX_DEG``
  or more (image angle in a side view, world angle in a front view), or, in a front view, each leg's
  height in the image (ankle y − hip y) shrinks to ``MAX_FRONT_LEG_RATIO`` of its height at the
  rep's start or less: a camera above hip height flattens the world knee angle (80–100° squats read
  16–29°), while the legs' shortening in the image needs no depth;
- *seated*: the thighs look short in a front view (hips at about 90°), under ``MAX_SEATED_THIGH_RATIO``;
- *standing still*: thighs and shanks upright, the hips moving less than ``MAX_STILL_HIP_SD_TORSO``
  and the body's size in the image (torso length) changing by less than ``MAX_STILL_SCALE_CHANGE``
  (walking toward or away from the camera keeps the hips in place in torso units).

The thresholds are wide on purpose: they separate the movement from others, not good from poor
performance (a limited squat is still a squat).
"""

from __future__ import annotations

import collections

import numpy as np
import pandas as pd

from screening.kinematics.nanstats import nanmedian
from screening.kinematics.orientation import point, torso_length
from screening.kinematics.reps import nearest_index
from screening.model.results import MovementCheck, Rep
from screening.model.series import LandmarkSeries
from screening.protocols.base import nearer_view

MAX_ANKLE_RISE_TORSO = 0.2
# Both feet's lowest points up together (a jump): 0.003-0.037 torso in the squats of the fit clips,
# 0.11-0.12 in small (8 cm) jumps, 0.19-0.45 in bigger jumps and hops (chosen after recog_holdout2's first run).
MAX_BOTH_FEET_RISE_TORSO = 0.07
FEET_MARGIN_S = 0.25  # the feet are watched this long before and after each rep too (a jump takes off after its dip)
MAX_HIP_TRAVEL_TORSO = 0.6
MAX_HIP_DROP_STANDING_TORSO = 0.15  # standing tall (reach): the hips stay within this height range
MIN_REP_S = 0.6
MAX_REP_S = 15.0
MIN_FOOT_LIFT_TORSO = 0.12
MIN_KNEE_FLEX_DEG = 30.0
# Front view: a leg whose image height (ankle y - hip y) at the bottom is at most this share of its height at
# the rep's start has bent its knee. Front-view squats of 80-100 deg read 0.67-0.79 on the fit clips (camera
# 1.0-1.5 m high), a single-leg squat's free leg 0.94-0.95, a one-leg hop's legs 0.94-1.0.
MAX_FRONT_LEG_RATIO = 0.88
MAX_SEATED_THIGH_RATIO = 0.6  # thigh height in the image / torso length; standing 0.8-1.0, seated 0.2-0.52 (bench)
MIN_STANDING_SEGMENT_RATIO = 0.55  # thigh and shank height / torso length when standing
MAX_STILL_HIP_SD_TORSO = 0.05
MAX_STILL_ANGLE_RANGE_DEG = 25.0
# Torso length 95th / 5th percentile: 1.01-1.02 standing still in the fit clips, 1.57-2.18 walking toward or
# away from the camera; chosen after recog_holdout2's first run (walk_toward2 passed as standing still).
MAX_STILL_SCALE_CHANGE = 1.15
STILL_JOINTS = tuple(f"{joint}_{side}" for joint in ("knee_flexion", "shoulder_flexion", "shoulder_abduction",
                                                      "elbow_flexion") for side in ("left", "right"))


def recognised(movement: str, kept: list[Rep], found: int, left_out: list[str]) -> MovementCheck:
    """Return a check that passed with ``kept`` reps of ``found``."""
    reason = f"{movement} found: {len(kept)} of {found} repetitions kept"
    return MovementCheck(movement, True, reason, found, len(kept), tuple(left_out))


def not_recognised(movement: str, why: str, found: int = 0, left_out: list[str] | None = None) -> MovementCheck:
    """Return a failed check: ``why`` says what was seen instead."""
    return MovementCheck(movement, False, f"no {movement} found: {why}", found, 0, tuple(left_out or ()))


def left_out_reasons(left_out: list[str]) -> str:
    """Return the problems of the left-out reps, each once, the most frequent first, with how many reps showed it.

    Each line of ``left_out`` reads "the repetition at 1.2 s was left out: problem; problem".
    """
    problems = collections.Counter(problem for line in left_out for problem in line.split(": ", 1)[-1].split("; "))
    ranked = sorted(problems.items(), key=lambda item: (-item[1], item[0]))
    return "; ".join(problem if count == 1 else f"{problem}, {count} times" for problem, count in ranked)


def _scale(clip_series: LandmarkSeries) -> float:
    """Return the median torso length of the clip (px), NaN when never seen."""
    torso = torso_length(clip_series)
    return float(nanmedian(torso)) if np.isfinite(torso).any() else float("nan")


def _frames(times: np.ndarray, rep: Rep) -> np.ndarray:
    """Return the mask of samples within ``rep``."""
    return (times >= rep.start_s) & (times <= rep.end_s)


def _spread(values: np.ndarray) -> float:
    """Return the 95th − 5th percentile of the finite ``values`` (0 when there are fewer than 2)."""
    finite = values[np.isfinite(values)]
    return float(np.percentile(finite, 95) - np.percentile(finite, 5)) if len(finite) >= 2 else 0.0


def thigh_height_ratio(series: LandmarkSeries, side: str) -> np.ndarray:
    """Return per frame the thigh's height in the image (knee y − hip y) over the torso length."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return (point(series, f"{side}_knee")[:, 1] - point(series, f"{side}_hip")[:, 1]) / torso_length(series)


def shank_height_ratio(series: LandmarkSeries, side: str) -> np.ndarray:
    """Return per frame the shank's height in the image (ankle y − knee y) over the torso length."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return (point(series, f"{side}_ankle")[:, 1] - point(series, f"{side}_knee")[:, 1]) / torso_length(series)


def rep_problems(
    series: LandmarkSeries,
    rep: Rep,
    *,
    feet_planted: bool = True,
    no_jump: bool = False,
    in_place: bool = True,
    knees_flex: bool = False,
    one_foot_up: bool = False,
    hips_level: bool = False,
    angles: pd.DataFrame | None = None,
) -> list[str]:
    """Return why ``rep`` does not look like a screening repetition (empty when it does).

    ``knees_flex`` needs the clip's ``angles`` (degrees, indexed by time in s). ``no_jump`` (squat,
    reach) refuses a rep in which both feet leave the ground together; the forward bend leaves it
    out, since the hands and trunk hide the feet of a front view at the bottom of the bend.
    """
    times = series["time"].values
    mask = _frames(times, rep)
    torso = _scale(series)
    problems = []
    if not MIN_REP_S <= rep.duration_s <= MAX_REP_S:
        problems.append(f"lasted {rep.duration_s:.2f} s (a repetition takes {MIN_REP_S:g}–{MAX_REP_S:g} s)")
    if not np.isfinite(torso) or not mask.any():
        return [*problems, "the body was not seen during it"]
    around = (times >= rep.start_s - FEET_MARGIN_S) & (times <= rep.end_s + FEET_MARGIN_S)
    ankles = {s: point(series, f"{s}_ankle")[around, 1] / torso for s in ("left", "right")}
    if in_place and _spread(point(series, "mid_hip")[mask, 0] / torso) > MAX_HIP_TRAVEL_TORSO:
        problems.append("the person moved across the view (walking?)")
    if hips_level and _spread(point(series, "mid_hip")[mask, 1] / torso) > MAX_HIP_DROP_STANDING_TORSO:
        problems.append("the hips went down and up (a squat or a bend rather than standing tall?)")
    if one_foot_up:
        lift = float(nanmedian(np.abs(ankles["left"] - ankles["right"])))
        if not lift >= MIN_FOOT_LIFT_TORSO:
            problems.append("both feet stayed on the ground (a double-leg squat?)")
        stance = "left" if nanmedian(ankles["left"]) >= nanmedian(ankles["right"]) else "right"
        if feet_planted and _spread(ankles[stance]) > MAX_ANKLE_RISE_TORSO:
            problems.append("the stance foot left the ground (a hop or a jump?)")
    elif feet_planted and max(_spread(ankles["left"]), _spread(ankles["right"])) > MAX_ANKLE_RISE_TORSO:
        problems.append("the feet left the ground (a jump or a step?)")
    elif no_jump and min(_spread(foot_bottom(series, s)[around] / torso) for s in ("left", "right")) > \
            MAX_BOTH_FEET_RISE_TORSO:
        problems.append("both feet left the ground together (a jump?)")
    if knees_flex and angles is not None:
        problems += _knee_problems(angles, rep, series if nearer_view(series) == "front" else None)
    return problems


def foot_bottom(series: LandmarkSeries, side: str) -> np.ndarray:
    """Return per frame the image y (px, down) of the foot's lowest landmark: ankle, heel or toe."""
    ys = np.stack([point(series, f"{side}_{part}")[:, 1] for part in ("ankle", "heel", "foot_index")])
    with np.errstate(invalid="ignore"):
        return np.fmax(np.fmax(ys[0], ys[1]), ys[2])


def leg_height_ratio(series: LandmarkSeries, side: str, rep: Rep) -> float:
    """Return the leg's height in the image (ankle y − hip y) at the bottom of ``rep`` over that at its start."""
    times = series["time"].values
    start, bottom = nearest_index(times, rep.start_s), nearest_index(times, rep.peak_s)
    height = point(series, f"{side}_ankle")[:, 1] - point(series, f"{side}_hip")[:, 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        return float(height[bottom] / height[start]) if height[start] > 0 else float("nan")


def _knee_problems(angles: pd.DataFrame, rep: Rep, front_series: LandmarkSeries | None = None) -> list[str]:
    """Return the knees that did not flex by ``MIN_KNEE_FLEX_DEG`` from the start to the bottom of ``rep``.

    The larger of the image (2-D) and world (3-D) knee flexion change counts: the image angle holds
    in a side view, the world angle in a front view, where the thigh points at the camera. In a
    front view (``front_series`` given), a leg that shortened in the image to ``MAX_FRONT_LEG_RATIO``
    of its height or less bent its knee too (:func:`leg_height_ratio`).
    """
    times = angles.index.to_numpy()
    start, bottom = nearest_index(times, rep.start_s), nearest_index(times, rep.peak_s)
    problems = []
    for side in ("left", "right"):
        changes = [float(angles[c].iloc[bottom] - angles[c].iloc[start])
                   for c in (f"knee_flexion_{side}", f"knee_flexion_3d_{side}") if c in angles]
        changes = [c for c in changes if np.isfinite(c)]
        if not changes or max(changes) >= MIN_KNEE_FLEX_DEG:
            continue
        bend = max(changes)
        problem = f"the {side} knee bent only {bend:.0f}°" if bend >= 1.0 else f"the {side} knee did not bend"
        if front_series is not None:
            ratio = leg_height_ratio(front_series, side, rep)
            if ratio <= MAX_FRONT_LEG_RATIO:
                continue
            if np.isfinite(ratio):
                problem += f" and the leg kept {ratio:.0%} of its height"
        problems.append(problem + " (a squat bends both knees)")
    return problems


def keep_reps(
    series: LandmarkSeries, reps: list[Rep], what: str, angles: pd.DataFrame | None = None, **checks: bool
) -> tuple[list[Rep], list[str]]:
    """Return the reps that look like ``what`` and one line per rep left out, saying why."""
    kept, left_out = [], []
    for rep in reps:
        problems = rep_problems(series, rep, angles=angles, **checks)
        if problems:
            left_out.append(f"the {what} at {rep.peak_s:.1f} s was left out: {'; '.join(problems)}")
        else:
            kept.append(rep)
    return kept, left_out


def from_reps(
    movement: str, series: LandmarkSeries, reps: list[Rep], no_reps: str, angles: pd.DataFrame | None = None,
    **checks: bool,
) -> MovementCheck:
    """Return the movement check of a clip from its candidate ``reps`` (``no_reps`` says why there are none)."""
    if not reps:
        return not_recognised(movement, no_reps)
    kept, left_out = keep_reps(series, reps, "repetition", angles, **checks)
    if kept:
        return recognised(movement, kept, len(reps), left_out)
    return not_recognised(movement, f"{len(reps)} candidate repetition(s), none like it "
                          f"({left_out_reasons(left_out)})", len(reps), left_out)


def seated_problem(series: LandmarkSeries) -> str | None:
    """Return why the subject does not look seated with hips at about 90° (None when they do)."""
    ratios = [thigh_height_ratio(series, side) for side in ("left", "right")]
    values = [float(nanmedian(np.abs(r))) for r in ratios if np.isfinite(r).any()]
    if not values:
        return "the hips and knees were not seen"
    if max(values) > MAX_SEATED_THIGH_RATIO:
        return "the thighs look upright, not level with the seat (standing rather than seated?)"
    return None


def standing_still_problem(series: LandmarkSeries, angles: pd.DataFrame) -> str | None:
    """Return why the subject does not look like standing still (None when they do)."""
    segments = [thigh_height_ratio(series, s) for s in ("left", "right")]
    segments += [shank_height_ratio(series, s) for s in ("left", "right")]
    heights = [float(nanmedian(s)) for s in segments if np.isfinite(s).any()]
    if not heights:
        return "the legs were not seen"
    if min(heights) < MIN_STANDING_SEGMENT_RATIO:
        return "the legs are not upright (sitting, squatting or lying rather than standing?)"
    if series.sizes["time"] < 3:
        return None
    torso = _scale(series)
    lengths = torso_length(series)
    lengths = lengths[np.isfinite(lengths) & (lengths > 0)]
    if len(lengths) >= 3:
        change = float(np.percentile(lengths, 95) / np.percentile(lengths, 5))
        if change > MAX_STILL_SCALE_CHANGE:
            return (f"the body's size in the image changed by {change - 1:.0%} (walking toward or away from the "
                    "camera?)")
    hip = point(series, "mid_hip") / torso
    sway = max(float(np.nanstd(hip[:, 0])), float(np.nanstd(hip[:, 1])))
    if sway > MAX_STILL_HIP_SD_TORSO:
        return f"the body moved (hip sway {sway:.2f} torso lengths; walking, jumping or exercising?)"
    for column in STILL_JOINTS:
        if column in angles and _spread(angles[column].to_numpy(dtype=float)) > MAX_STILL_ANGLE_RANGE_DEG:
            return f"the joints moved ({column.replace('_', ' ')} changed by over {MAX_STILL_ANGLE_RANGE_DEG:.0f}°)"
    return None
