"""A third, small held-out set for movement recognition, made after the fixes chosen on ``recog_holdout2``.

``python -m tools.synth --set recog_holdout3`` renders it to ``bench/data/recog_holdout3/``
(git-ignored); ``python bench/recognition.py --data bench/data/recog_holdout3 --cache
bench/data/recog_holdout3_landmarks`` analyses every clip under every protocol. The first run of
``recog_holdout2`` showed three non-protocol movements with graded findings (small jumps as a
squat, walking toward the camera as standing still, arm swings as a reach); the checks then
changed on it (both feet leaving the ground together, the body's size changing, a reach's rise
counted from the side), so ``recog_holdout2`` is fit data for those. This set was defined and
rendered after those changes were committed, on bodies, looks, lights, cameras and image sizes
used nowhere else (800×600, 600×800, 1152×648, 648×1152 pixels; camera heights 0.92–1.72 m):
the same kinds of movement done differently, the true movements next to them, and one scene with
a second person standing at a third of the image height.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from tools.synth.body import Colours, Phenotype
from tools.synth.clip import Clip, RepProfile, Subject, View
from tools.synth.recog_holdout import _mover, _sway, _truth
from tools.synth.render import Lighting
from tools.synth.scenes import _squat

# Bodies and looks used nowhere else in tools/synth.
STOUT_WOMAN = Phenotype(gender=0.88, age=0.81, muscle=0.42, weight=0.82, height=0.41, proportions=0.44)
WIRY_MAN = Phenotype(gender=0.12, age=0.73, muscle=0.66, weight=0.28, height=0.53, proportions=0.61)
TALL_OLDER_MAN = Phenotype(gender=0.03, age=0.97, muscle=0.44, weight=0.55, height=0.64, proportions=0.48)
MID_WOMAN = Phenotype(gender=0.68, age=0.66, muscle=0.52, weight=0.5, height=0.46, proportions=0.53)

PURPLE_SET = Colours(skin=(200, 145, 110), shirt=(100, 50, 140), trousers=(60, 40, 90), shoes=(255, 255, 255),
                     hair=(40, 25, 20), long_sleeves=True)
CORAL_SHORTS = Colours(skin=(110, 75, 50), shirt=(240, 130, 110), trousers=(30, 50, 60), shoes=(30, 30, 30),
                       hair=(10, 10, 10), shorts=True)
DENIM = Colours(skin=(230, 185, 150), shirt=(80, 110, 160), trousers=(50, 70, 110), shoes=(140, 100, 60),
                hair=(170, 170, 170))
BROWN_KNIT = Colours(skin=(175, 125, 90), shirt=(120, 80, 50), trousers=(200, 190, 170), shoes=(70, 70, 75),
                     hair=(60, 35, 20), long_sleeves=True)

WARM_LAMP = Lighting(ambient=0.2, key_intensity=3.0, fill_intensity=0.6, key_azimuth_deg=50.0,
                     key_elevation_deg=30.0, background=(215, 190, 160), floor=(110, 85, 70))
BLUE_HOUR = Lighting(ambient=0.28, key_intensity=2.0, fill_intensity=0.8, key_azimuth_deg=-25.0,
                     key_elevation_deg=65.0, background=(140, 160, 200), floor=(80, 85, 105))
STUDIO = Lighting(ambient=0.45, key_intensity=1.8, fill_intensity=1.2, key_azimuth_deg=30.0,
                  key_elevation_deg=50.0, background=(230, 225, 215), floor=(160, 155, 150))

SMALL_LANDSCAPE = (800, 600)
SMALL_PORTRAIT = (600, 800)
WIDE2 = (1152, 648)
TALL2 = (648, 1152)


def _jumps(start: float, period: float, count: int, flight: float) -> Callable[[float], tuple[float, float, float]]:
    """Flights of ``flight`` s (both feet) centred at ``start + k * period``, k = 1..count."""

    def lift(t: float) -> tuple[float, float, float]:
        for k in range(1, count + 1):
            g = t - (start + k * period) + flight / 2
            if 0 < g < flight:
                return (0.0, 0.0, 0.5 * 9.81 * g * (flight - g))
        return (0.0, 0.0, 0.0)

    return lift


def _dips(start: float, period: float, count: int) -> Callable[[float], float]:
    """0-1 cosine dips, one per ``period`` from ``start``."""

    def u(t: float) -> float:
        f = t - start
        if f < 0 or f >= count * period:
            return 0.0
        return 0.5 * (1 - math.cos(2 * math.pi * (f % period) / period))

    return u


# --------------------------------------------------------------------------------------- other movements


def small_jumps_front3() -> Clip:
    """Three small two-footed jumps facing the camera (dips to 45 deg knee, ~7 cm flights)."""
    start, period, count = 0.4, 1.0, 3
    dip = _dips(start, period, count)
    return Clip(
        name="small_jumps_front3",
        description="Not a protocol movement: three small jumps on both feet facing the camera (turned -5 deg): a "
        "dip to 45 deg knee flexion, then a 0.24 s flight (~7 cm), 1 s apart, 3.7 s; camera 1.2 m high.",
        duration_s=start + count * period + 0.3,
        subjects=(Subject(STOUT_WOMAN, DENIM, lambda t: _squat(dip(t), knee_deg=45.0, shank_deg=16.0,
                                                                 trunk_deg=18.0, arms_deg=15.0),
                          travel=_jumps(start, period, count, 0.24)),),
        view=View(azimuth_deg=-5.0, height_m=1.2, yfov_deg=52.0, margin=0.07, size_px=SMALL_PORTRAIT),
        lighting=WARM_LAMP,
        notes=_truth(None, "small jumps in place, front view"),
        compact_truth=True,
    )


def pogo_hops_side3() -> Clip:
    """Pogo hops: springy two-footed hops with nearly straight knees, right side toward the camera."""
    start, period, count = 0.3, 0.6, 5
    dip = _dips(start, period, count)
    return Clip(
        name="pogo_hops_side3",
        description="Not a protocol movement: five pogo hops on both feet (knees bend only 25 deg, 0.2 s flights, "
        "~5 cm), 0.6 s apart, right side toward the camera turned 8 deg toward the front, 3.6 s; camera 0.92 m high.",
        duration_s=start + count * period + 0.3,
        subjects=(Subject(WIRY_MAN, CORAL_SHORTS, lambda t: _squat(dip(t), knee_deg=25.0, shank_deg=10.0,
                                                                  trunk_deg=8.0, arms_deg=20.0),
                          travel=_jumps(start, period, count, 0.2)),),
        view=View(azimuth_deg=-82.0, height_m=0.92, yfov_deg=50.0, margin=0.07, size_px=TALL2, aim_at_body=True),
        lighting=BLUE_HOUR,
        notes=_truth(None, "pogo hops, side view"),
        compact_truth=True,
    )


def walk_away_angled3() -> Clip:
    """Walking away from the camera at 20 deg off its axis, high camera."""
    return Clip(
        name="walk_away_angled3",
        description="Not a protocol movement: a tall older man walks away from the camera on a path 20 deg off its "
        "axis (toward the image right), 1.0 m/s, 3 s; camera 1.72 m high.",
        duration_s=3.0,
        subjects=(_mover(TALL_OLDER_MAN, BROWN_KNIT, (0.4, -0.8), 160.0, speed_m_s=1.0, phase0=0.15),),
        view=View(azimuth_deg=0.0, height_m=1.72, yfov_deg=55.0, margin=0.06, size_px=SMALL_PORTRAIT),
        lighting=STUDIO,
        notes=_truth(None, "walking away from the camera at an angle"),
        compact_truth=True,
    )


def walk_toward_slow3() -> Clip:
    """Walking slowly straight toward the camera, camera at hip height."""
    return Clip(
        name="walk_toward_slow3",
        description="Not a protocol movement: a woman walks slowly (0.7 m/s) straight toward the camera, 3.4 s; "
        "camera 1.0 m high, landscape.",
        duration_s=3.4,
        subjects=(_mover(MID_WOMAN, PURPLE_SET, (0.0, 2.0), 0.0, speed_m_s=0.7, phase0=0.45),),
        view=View(azimuth_deg=0.0, height_m=1.0, yfov_deg=50.0, margin=0.06, size_px=SMALL_LANDSCAPE),
        lighting=WARM_LAMP,
        notes=_truth(None, "walking slowly toward the camera"),
        compact_truth=True,
    )


def arm_swings_front3() -> Clip:
    """Both arms swinging together forward and back (+-55 deg) facing the camera."""
    period = 1.3

    def angles(t: float) -> dict[str, float]:
        s = 55.0 * math.sin(2 * math.pi * t / period)
        return {"shoulder_flexion_left": s, "shoulder_flexion_right": s, "elbow_flexion_left": 12.0,
                "elbow_flexion_right": 12.0}

    return Clip(
        name="arm_swings_front3",
        description="Not a protocol movement: standing, both arms swinging together forward and back (+-55 deg "
        "shoulder flexion, 1.3 s per swing), facing the camera turned 7 deg, 3.9 s; camera 1.45 m high.",
        duration_s=3.9,
        subjects=(Subject(TALL_OLDER_MAN, CORAL_SHORTS, angles),),
        view=View(azimuth_deg=7.0, height_m=1.45, yfov_deg=54.0, margin=0.07, size_px=TALL2),
        lighting=STUDIO,
        notes=_truth(None, "arm swings, both arms together, front view"),
        compact_truth=True,
    )


def arm_pendulum_side3() -> Clip:
    """One arm swinging like a pendulum (-50 to +50 deg), left side toward the camera."""
    period = 1.2

    def angles(t: float) -> dict[str, float]:
        return {"shoulder_flexion_left": 50.0 * math.sin(2 * math.pi * t / period), "elbow_flexion_left": 8.0}

    return Clip(
        name="arm_pendulum_side3",
        description="Not a protocol movement: the left arm swinging like a pendulum from 50 deg behind to 50 deg in "
        "front (1.2 s per swing), left side toward the camera, 3.6 s; camera 1.3 m high.",
        duration_s=3.6,
        subjects=(Subject(MID_WOMAN, BROWN_KNIT, angles),),
        view=View(azimuth_deg=90.0, height_m=1.3, yfov_deg=50.0, margin=0.07, size_px=SMALL_PORTRAIT,
                  aim_at_body=True),
        lighting=BLUE_HOUR,
        notes=_truth(None, "arm pendulum swings, side view"),
        compact_truth=True,
    )


def stand_still_front3() -> Clip:
    """Standing still facing the camera (the posture screen's movement)."""
    return Clip(
        name="stand_still_front3",
        description="Standing still facing the camera turned 3 deg, arms hanging, slight sway, 3 s; camera 1.1 m "
        "high. Standing still is the posture screen's movement.",
        duration_s=3.0,
        subjects=(Subject(WIRY_MAN, DENIM, lambda t: _sway(t, {"elbow_flexion_left": 7.0,
                                                              "elbow_flexion_right": 9.0})),),
        view=View(azimuth_deg=3.0, height_m=1.1, yfov_deg=52.0, margin=0.08, size_px=SMALL_PORTRAIT),
        lighting=STUDIO,
        notes=_truth("posture", "standing still, front view"),
        compact_truth=True,
    )


# ----------------------------------------------------------------------------------- true protocol movements

SQUAT_REPS3 = RepProfile(reps=3, rep_s=1.7, hold_start_s=0.3, hold_end_s=0.3)  # 5.7 s


def squat_front_high3() -> Clip:
    """Front-view squat to 85 deg from a camera 1.6 m high."""
    depth = {"knee_deg": 85.0, "shank_deg": 25.0, "trunk_deg": 30.0, "arms_deg": 80.0}
    return Clip(
        name="squat_front_high3",
        description="Bodyweight squat, 3 reps to 85 deg knee flexion, facing the camera turned 6 deg; camera 1.6 m "
        "high, landscape.",
        duration_s=SQUAT_REPS3.duration_s,
        subjects=(Subject(STOUT_WOMAN, PURPLE_SET, lambda t: _squat(SQUAT_REPS3(t), **depth)),),
        view=View(azimuth_deg=6.0, height_m=1.6, yfov_deg=50.0, margin=0.07, size_px=WIDE2),
        lighting=BLUE_HOUR,
        reps=SQUAT_REPS3.events(),
        notes=_truth("squat", "bodyweight squat, front view, high camera") | depth,
        compact_truth=True,
    )


def squat_side3() -> Clip:
    """Side-view squat to 100 deg, right side toward the camera."""
    depth = {"knee_deg": 100.0, "shank_deg": 30.0, "trunk_deg": 38.0, "arms_deg": 90.0}
    return Clip(
        name="squat_side3",
        description="Bodyweight squat, 3 reps to 100 deg knee flexion, right side toward the camera; camera 1.0 m "
        "high, 600x800.",
        duration_s=SQUAT_REPS3.duration_s,
        subjects=(Subject(TALL_OLDER_MAN, DENIM, lambda t: _squat(SQUAT_REPS3(t), **depth)),),
        view=View(azimuth_deg=-90.0, height_m=1.0, yfov_deg=52.0, margin=0.07, size_px=SMALL_PORTRAIT,
                  aim_at_body=True),
        lighting=WARM_LAMP,
        reps=SQUAT_REPS3.events(),
        notes=_truth("squat", "bodyweight squat, side view") | depth,
        compact_truth=True,
    )


def reach_side3() -> Clip:
    """Left-arm overhead reach, left side toward the camera, 3 reps."""
    reps = RepProfile(reps=3, rep_s=1.5, hold_start_s=0.3, hold_end_s=0.3)
    peak = 150.0

    def angles(t: float) -> dict[str, float]:
        return {"shoulder_flexion_left": peak * reps(t), "elbow_flexion_left": 7.0}

    return Clip(
        name="reach_side3",
        description="Overhead reach of the left arm, 3 reps to 150 deg shoulder flexion (a limited reach), elbow "
        "soft (7 deg), left side toward the camera turned 6 deg toward the front; camera 1.35 m high.",
        duration_s=reps.duration_s,
        subjects=(Subject(WIRY_MAN, PURPLE_SET, angles),),
        view=View(azimuth_deg=84.0, height_m=1.35, yfov_deg=52.0, margin=0.07, size_px=TALL2, aim_at_body=True),
        lighting=WARM_LAMP,
        reps=reps.events(),
        notes=_truth("overhead_reach", "overhead reach, left arm") | {"peak_shoulder_flexion_left_deg": peak},
        compact_truth=True,
    )


# ------------------------------------------------------------------------------------------------ two people


def squat_with_person_behind3() -> Clip:
    """A front squat while a second person stands 3 m further back, off to the side."""
    other = Subject(MID_WOMAN, CORAL_SHORTS, lambda t: _sway(t, {"elbow_flexion_left": 15.0,
                                                                "elbow_flexion_right": 10.0}),
                    position_m=(-1.6, 3.0), yaw_deg=25.0)
    depth = {"knee_deg": 95.0, "shank_deg": 28.0, "trunk_deg": 34.0, "arms_deg": 85.0}
    return Clip(
        name="squat_with_person_behind3",
        description="Two people: a wiry man squats 3 reps to 95 deg facing the camera; a woman stands still 3 m "
        "further back, to the image left (about a third of the image height). The squatter is the larger, more "
        "central person. Camera 1.15 m high, landscape.",
        duration_s=SQUAT_REPS3.duration_s,
        subjects=(Subject(WIRY_MAN, BROWN_KNIT, lambda t: _squat(SQUAT_REPS3(t), **depth)), other),
        view=View(azimuth_deg=0.0, height_m=1.15, yfov_deg=50.0, margin=0.05, size_px=WIDE2, fit_subjects=(0,)),
        lighting=STUDIO,
        reps=SQUAT_REPS3.events(),
        notes=_truth("squat", "squat, a person standing behind", acceptable=("posture",), people=2, performer=0,
                     performer_more_prominent=True)
        | depth | {"acceptable_why": "posture: the person behind stands still"},
        compact_truth=True,
    )


CLIPS: dict[str, Callable[[], Clip]] = {
    f.__name__: f
    for f in (
        small_jumps_front3,
        pogo_hops_side3,
        walk_away_angled3,
        walk_toward_slow3,
        arm_swings_front3,
        arm_pendulum_side3,
        stand_still_front3,
        squat_front_high3,
        squat_side3,
        reach_side3,
        squat_with_person_behind3,
    )
}
