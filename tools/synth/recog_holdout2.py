"""A second held-out set for movement recognition and people, made after the issue-13 fixes.

``python -m tools.synth --set recog_holdout2`` renders it to ``bench/data/recog_holdout2/``
(git-ignored); ``python bench/recognition.py --data bench/data/recog_holdout2 --cache
bench/data/recog_holdout2_landmarks`` analyses every clip under every protocol. The first set
(``tools/synth/recog_holdout.py``) became fit data when the census tiles and the front-view leg
test were chosen on it; this one was defined and rendered after those choices were committed, on
bodies, looks, lights, cameras and image sizes used nowhere else in ``tools/synth`` (1024×576,
576×1024, 960×720, 720×960 pixels; camera heights 0.82–1.78 m).

Three groups, as in the first set (``notes.recognition`` has the same fields):

* **other movements**: walking across at an angle, walking toward the camera, two countermovement
  jumps from the front (a deep dip before each), small jumps from the side, marching in place, a
  hip hinge ("good morning", knees soft) from a high camera, calf raises, arm swings; standing
  still three-quarter-on (the posture screen's movement);
* **true protocol movements**: front-view squats from high cameras (1.78 m, 90°; 1.32 m, a
  limited 70°), a side squat, a two-arm reach from the front, a single-leg squat on the left leg,
  a seated hip rotation;
* **two people**: a front squat with a small person standing far back; a side reach while a
  second person walks in mid-clip and stops; a squat by a smaller person behind a nearer bystander
  who stands still; two people walking, one near and one far.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from tools.synth.body import Colours, Phenotype
from tools.synth.clip import Clip, Keyframes, RepProfile, Subject, View
from tools.synth.recog_holdout import _mover, _sway, _truth
from tools.synth.render import Lighting
from tools.synth.scenes import _squat, _walk

# Bodies and looks used nowhere else in tools/synth.
BROAD_YOUNG_MAN = Phenotype(gender=0.08, age=0.69, muscle=0.8, weight=0.58, height=0.5, proportions=0.42)
PETITE_OLDER_WOMAN = Phenotype(gender=0.92, age=0.94, muscle=0.3, weight=0.48, height=0.28, proportions=0.52)
LANKY_TEEN = Phenotype(gender=0.35, age=0.62, muscle=0.38, weight=0.25, height=0.66, proportions=0.58)
ROUND_MAN = Phenotype(gender=0.18, age=0.83, muscle=0.4, weight=0.95, height=0.44, proportions=0.5)
ATHLETIC_WOMAN = Phenotype(gender=0.78, age=0.71, muscle=0.72, weight=0.42, height=0.57, proportions=0.47)
AVERAGE_PERSON = Phenotype(gender=0.5, age=0.76, muscle=0.5, weight=0.62, height=0.48, proportions=0.56)

RED_TRACKSUIT = Colours(skin=(185, 130, 95), shirt=(180, 35, 40), trousers=(150, 30, 35), shoes=(245, 245, 245),
                        hair=(30, 20, 15), long_sleeves=True)
YELLOW_TEE = Colours(skin=(235, 195, 160), shirt=(230, 200, 50), trousers=(40, 60, 110), shoes=(90, 50, 30),
                     hair=(200, 170, 110))
GREY_SHORTS2 = Colours(skin=(120, 80, 55), shirt=(140, 140, 145), trousers=(35, 35, 40), shoes=(220, 60, 60),
                       hair=(15, 10, 10), shorts=True)
GREEN_DRESSY = Colours(skin=(210, 160, 120), shirt=(40, 110, 60), trousers=(160, 150, 130), shoes=(50, 40, 35),
                       hair=(110, 70, 40), long_sleeves=True)
BLACK_ALL = Colours(skin=(160, 110, 80), shirt=(25, 25, 28), trousers=(30, 30, 35), shoes=(25, 25, 25),
                    hair=(20, 20, 20))
BEIGE_BLUE = Colours(skin=(240, 205, 175), shirt=(215, 200, 170), trousers=(70, 110, 170), shoes=(240, 240, 235),
                     hair=(150, 150, 150), shorts=True)

GREEN_ROOM = Lighting(ambient=0.25, key_intensity=2.9, fill_intensity=0.7, key_azimuth_deg=-40.0,
                      key_elevation_deg=55.0, background=(170, 195, 165), floor=(100, 110, 90))
EVENING = Lighting(ambient=0.12, key_intensity=3.4, fill_intensity=0.3, key_azimuth_deg=80.0,
                   key_elevation_deg=15.0, background=(80, 70, 90), floor=(60, 55, 50))
HAZY_WHITE = Lighting(ambient=0.6, key_intensity=1.1, fill_intensity=1.3, key_azimuth_deg=10.0,
                      key_elevation_deg=60.0, background=(250, 250, 248), floor=(200, 200, 195))
GYM = Lighting(ambient=0.3, key_intensity=2.2, fill_intensity=1.0, key_azimuth_deg=-65.0,
               key_elevation_deg=40.0, background=(190, 180, 165), floor=(130, 90, 60))

WIDE = (1024, 576)
TALL = (576, 1024)
FOUR_THREE = (960, 720)
THREE_FOUR = (720, 960)


def _standing(elbows: float = 8.0) -> Callable[[float], dict[str, float]]:
    """Standing still with a slight sway, arms hanging, elbows bent ``elbows`` deg."""
    return lambda t: _sway(t, {"elbow_flexion_left": elbows, "elbow_flexion_right": elbows + 3.0})


# --------------------------------------------------------------------------------------- other movements


def walk_across_angled2() -> Clip:
    """Walking across the image on a path 30 deg off the image plane, high camera, 4:3."""
    return Clip(
        name="walk_across_angled2",
        description="Not a protocol movement: a broad young man walks across the room from the image right to the "
        "left, his path 30 deg off the image plane (moving slightly away), 1.25 m/s, 3.2 s; camera 1.78 m high.",
        duration_s=3.2,
        subjects=(_mover(BROAD_YOUNG_MAN, RED_TRACKSUIT, (1.8, -0.6), -120.0, speed_m_s=1.25, phase0=0.2),),
        view=View(azimuth_deg=0.0, height_m=1.78, yfov_deg=52.0, margin=0.05, size_px=FOUR_THREE),
        lighting=GREEN_ROOM,
        notes=_truth(None, "walking across at an angle"),
        compact_truth=True,
    )


def walk_toward2() -> Clip:
    """Walking straight toward the camera, low camera, portrait."""
    return Clip(
        name="walk_toward2",
        description="Not a protocol movement: a petite older woman walks straight toward the camera (growing in "
        "the image), 0.9 m/s, 3 s; camera 0.82 m high.",
        duration_s=3.0,
        subjects=(_mover(PETITE_OLDER_WOMAN, GREEN_DRESSY, (0.0, 2.2), 0.0, speed_m_s=0.9, phase0=0.5),),
        view=View(azimuth_deg=0.0, height_m=0.82, yfov_deg=56.0, margin=0.06, size_px=TALL),
        lighting=HAZY_WHITE,
        notes=_truth(None, "walking toward the camera"),
        compact_truth=True,
    )


def countermovement_jumps_front2() -> Clip:
    """Two countermovement jumps facing the camera: a deep dip (knees 75 deg), then a 15 cm jump; high camera."""
    start, period, dip_s, flight = 0.4, 1.6, 0.7, 0.35

    def u(t: float) -> float:
        f = t - start
        if f < 0 or f >= 2 * period:
            return 0.0
        f %= period
        return 0.5 * (1 - math.cos(2 * math.pi * f / dip_s)) if f < dip_s else 0.0

    def angles(t: float) -> dict[str, float]:
        return _squat(u(t), knee_deg=75.0, shank_deg=25.0, trunk_deg=35.0, arms_deg=-20.0)

    def lift(t: float) -> tuple[float, float, float]:
        for k in (0, 1):  # take-off as the knees straighten at the end of each dip
            g = t - (start + k * period + dip_s)
            if 0 < g < flight:
                return (0.0, 0.0, 0.5 * 9.81 * g * (flight - g))
        return (0.0, 0.0, 0.0)

    return Clip(
        name="countermovement_jumps_front2",
        description="Not a protocol movement: two countermovement jumps facing the camera (turned 6 deg): a dip to "
        "75 deg knee flexion (arms swung back), then a jump with 0.35 s flight (~15 cm), 1.6 s apart, 3.6 s; "
        "camera 1.7 m high.",
        duration_s=start + 2 * period,
        subjects=(Subject(ATHLETIC_WOMAN, BLACK_ALL, angles, travel=lift),),
        view=View(azimuth_deg=6.0, height_m=1.7, yfov_deg=58.0, margin=0.07, size_px=TALL),
        lighting=GYM,
        notes=_truth(None, "countermovement jumps, front view"),
        compact_truth=True,
    )


def small_jumps_side2() -> Clip:
    """Three small two-footed jumps in place, left side toward the camera."""
    start, period, flight = 0.4, 0.9, 0.26

    def dip(t: float) -> float:
        f = t - start
        if f < 0 or f >= 3 * period:
            return 0.0
        return 0.5 * (1 - math.cos(2 * math.pi * (f % period) / period))

    def angles(t: float) -> dict[str, float]:
        return _squat(dip(t), knee_deg=40.0, shank_deg=15.0, trunk_deg=15.0, arms_deg=10.0)

    def lift(t: float) -> tuple[float, float, float]:
        for k in (1, 2, 3):
            g = t - (start + k * period) + flight / 2
            if 0 < g < flight:
                return (0.0, 0.0, 0.5 * 9.81 * g * (flight - g))
        return (0.0, 0.0, 0.0)

    return Clip(
        name="small_jumps_side2",
        description="Not a protocol movement: three small jumps in place on both feet (dip to 40 deg knee, 0.26 s "
        "flight, ~8 cm), left side toward the camera turned 7 deg toward the front, 3.3 s; camera 1.05 m high.",
        duration_s=start + 3 * period,
        subjects=(Subject(ROUND_MAN, YELLOW_TEE, angles, travel=lift),),
        view=View(azimuth_deg=83.0, height_m=1.05, yfov_deg=50.0, margin=0.07, size_px=THREE_FOUR, aim_at_body=True),
        lighting=EVENING,
        notes=_truth(None, "small jumps in place, side view"),
        compact_truth=True,
    )


def march_in_place2() -> Clip:
    """Marching in place, knees high, three-quarter view."""
    cycle = 1.2

    def angles(t: float) -> dict[str, float]:
        out: dict[str, float] = {}
        for side, shift in (("left", 0.0), ("right", 0.5)):
            lift = max(0.0, math.sin(2 * math.pi * (t / cycle + shift)))
            swing = math.sin(2 * math.pi * (t / cycle + shift + 0.5))
            out |= {
                f"hip_flexion_{side}": 70.0 * lift,
                f"knee_flexion_{side}": 80.0 * lift,
                f"shoulder_flexion_{side}": 30.0 * swing,
                f"elbow_flexion_{side}": 60.0,
            }
        return out

    return Clip(
        name="march_in_place2",
        description="Not a protocol movement: marching in place, thighs up to 70 deg, knees 80 deg, arms swinging "
        "+-30 deg with elbows at 60 deg, 1.2 s per stride, 3.6 s; three-quarter view (camera 35 deg toward the "
        "left side), camera 1.2 m high.",
        duration_s=3.6,
        subjects=(Subject(LANKY_TEEN, BEIGE_BLUE, angles, flat_feet=(), anchor_feet=()),),
        view=View(azimuth_deg=35.0, height_m=1.2, yfov_deg=54.0, margin=0.06, size_px=TALL),
        lighting=GREEN_ROOM,
        notes=_truth(None, "marching in place"),
        compact_truth=True,
    )


def hip_hinge_front2() -> Clip:
    """Two hip hinges ("good mornings": trunk forward 60 deg, knees soft 20 deg) facing a high camera."""
    reps = RepProfile(reps=2, rep_s=1.8, hold_start_s=0.3, hold_end_s=0.3)

    def angles(t: float) -> dict[str, float]:
        out = _squat(reps(t), knee_deg=20.0, shank_deg=5.0, trunk_deg=60.0, arms_deg=0.0)
        return out | {"elbow_flexion_left": 100.0, "elbow_flexion_right": 100.0,
                      "shoulder_abduction_left": 70.0, "shoulder_abduction_right": 70.0}

    return Clip(
        name="hip_hinge_front2",
        description="Not a protocol movement: two hip hinges (a good morning: trunk pitched 60 deg forward, knees "
        "soft, 20 deg, hands behind the head), facing the camera turned -8 deg, 4.2 s; camera 1.65 m high.",
        duration_s=reps.duration_s,
        subjects=(Subject(AVERAGE_PERSON, RED_TRACKSUIT, angles),),
        view=View(azimuth_deg=-8.0, height_m=1.65, yfov_deg=55.0, margin=0.07, size_px=TALL),
        lighting=HAZY_WHITE,
        reps=reps.events(),
        notes=_truth(None, "hip hinge (good morning), front view"),
        compact_truth=True,
    )


def calf_raises2() -> Clip:
    """Three calf raises (up on the toes) facing the camera."""
    reps = RepProfile(reps=3, rep_s=1.2, hold_start_s=0.3, hold_end_s=0.3)

    def angles(t: float) -> dict[str, float]:
        return {"ankle_dorsiflexion_left": -30.0 * reps(t), "ankle_dorsiflexion_right": -30.0 * reps(t),
                "elbow_flexion_left": 10.0, "elbow_flexion_right": 12.0}

    return Clip(
        name="calf_raises2",
        description="Not a protocol movement: three calf raises (ankles to 30 deg plantar flexion, up on the "
        "toes), facing the camera turned 4 deg, 4.2 s; camera 0.95 m high.",
        duration_s=reps.duration_s,
        subjects=(Subject(PETITE_OLDER_WOMAN, YELLOW_TEE, angles, flat_feet=(), anchor_feet=()),),
        view=View(azimuth_deg=4.0, height_m=0.95, yfov_deg=50.0, margin=0.08, size_px=THREE_FOUR),
        lighting=GYM,
        reps=reps.events(),
        notes=_truth(None, "calf raises"),
        compact_truth=True,
    )


def arm_swings_side2() -> Clip:
    """Arms swinging forward and back (+-45 deg) while standing, right side toward the camera."""
    period = 1.1

    def angles(t: float) -> dict[str, float]:
        s = math.sin(2 * math.pi * t / period)
        return {"shoulder_flexion_left": 45.0 * s, "shoulder_flexion_right": -45.0 * s,
                "elbow_flexion_left": 15.0, "elbow_flexion_right": 15.0}

    return Clip(
        name="arm_swings_side2",
        description="Not a protocol movement: standing, both arms swinging forward and back in opposition "
        "(+-45 deg shoulder flexion, 1.1 s per swing), right side toward the camera, 3.5 s; camera 1.4 m high.",
        duration_s=3.5,
        subjects=(Subject(BROAD_YOUNG_MAN, GREY_SHORTS2, angles),),
        view=View(azimuth_deg=-90.0, height_m=1.4, yfov_deg=52.0, margin=0.07, size_px=TALL, aim_at_body=True),
        lighting=EVENING,
        notes=_truth(None, "arm swings"),
        compact_truth=True,
    )


def stand_still_three_quarter2() -> Clip:
    """Standing still three-quarter-on (the posture screen's movement)."""
    return Clip(
        name="stand_still_three_quarter2",
        description="Standing still, three-quarter view (camera 40 deg toward the right side), arms hanging, "
        "slight sway, 3 s; camera 1.3 m high. Standing still is the posture screen's movement.",
        duration_s=3.0,
        subjects=(Subject(ROUND_MAN, GREEN_DRESSY, _standing()),),
        view=View(azimuth_deg=-40.0, height_m=1.3, yfov_deg=50.0, margin=0.08, size_px=FOUR_THREE),
        lighting=GYM,
        notes=_truth("posture", "standing still, three-quarter view"),
        compact_truth=True,
    )


# ----------------------------------------------------------------------------------- true protocol movements

SQUAT_REPS2 = RepProfile(reps=3, rep_s=1.6, hold_start_s=0.3, hold_end_s=0.3)  # 5.4 s


def squat_front_high2() -> Clip:
    """Front-view squat to 90 deg from a camera 1.78 m high, portrait."""
    depth = {"knee_deg": 90.0, "shank_deg": 26.0, "trunk_deg": 32.0, "arms_deg": 85.0}
    return Clip(
        name="squat_front_high2",
        description="Bodyweight squat, 3 reps to 90 deg knee flexion, arms forward, facing the camera (turned "
        "-4 deg); camera 1.78 m high (above the head), portrait.",
        duration_s=SQUAT_REPS2.duration_s,
        subjects=(Subject(LANKY_TEEN, RED_TRACKSUIT, lambda t: _squat(SQUAT_REPS2(t), **depth)),),
        view=View(azimuth_deg=-4.0, height_m=1.78, yfov_deg=56.0, margin=0.07, size_px=TALL),
        lighting=EVENING,
        reps=SQUAT_REPS2.events(),
        notes=_truth("squat", "bodyweight squat, front view, high camera") | depth,
        compact_truth=True,
    )


def squat_front_limited2() -> Clip:
    """A limited front-view squat (70 deg) from a camera 1.32 m high, turned 10 deg, 4:3."""
    depth = {"knee_deg": 70.0, "shank_deg": 20.0, "trunk_deg": 28.0, "arms_deg": 70.0}
    return Clip(
        name="squat_front_limited2",
        description="Bodyweight squat, 3 reps to only 70 deg knee flexion (a limited squat), facing the camera "
        "turned 10 deg; camera 1.32 m high, 4:3.",
        duration_s=SQUAT_REPS2.duration_s,
        subjects=(Subject(ROUND_MAN, BEIGE_BLUE, lambda t: _squat(SQUAT_REPS2(t), **depth)),),
        view=View(azimuth_deg=10.0, height_m=1.32, yfov_deg=50.0, margin=0.07, size_px=FOUR_THREE),
        lighting=HAZY_WHITE,
        reps=SQUAT_REPS2.events(),
        notes=_truth("squat", "limited squat, front view") | depth,
        compact_truth=True,
    )


def squat_side2() -> Clip:
    """Side-view squat to 105 deg, left side toward the camera."""
    depth = {"knee_deg": 105.0, "shank_deg": 30.0, "trunk_deg": 40.0, "arms_deg": 90.0}
    return Clip(
        name="squat_side2",
        description="Bodyweight squat, 3 reps to 105 deg knee flexion, left side toward the camera turned 5 deg "
        "toward the back; camera 0.88 m high, 3:4 portrait.",
        duration_s=SQUAT_REPS2.duration_s,
        subjects=(Subject(ATHLETIC_WOMAN, GREY_SHORTS2, lambda t: _squat(SQUAT_REPS2(t), **depth)),),
        view=View(azimuth_deg=95.0, height_m=0.88, yfov_deg=50.0, margin=0.07, size_px=THREE_FOUR, aim_at_body=True),
        lighting=GREEN_ROOM,
        reps=SQUAT_REPS2.events(),
        notes=_truth("squat", "bodyweight squat, side view") | depth,
        compact_truth=True,
    )


def reach_front2() -> Clip:
    """Both arms overhead together, front view, soft elbows."""
    reps = RepProfile(reps=3, rep_s=1.5, hold_start_s=0.3, hold_end_s=0.3)
    peak = 162.0

    def angles(t: float) -> dict[str, float]:
        u = reps(t)
        return {"shoulder_flexion_left": peak * u, "shoulder_flexion_right": (peak - 6.0) * u,
                "elbow_flexion_left": 5.0, "elbow_flexion_right": 7.0}

    return Clip(
        name="reach_front2",
        description="Overhead reach of both arms together, 3 reps to 162 deg (left) and 156 deg (right) shoulder "
        "flexion, elbows soft (5-7 deg), facing the camera turned 5 deg; camera 1.15 m high.",
        duration_s=reps.duration_s,
        subjects=(Subject(PETITE_OLDER_WOMAN, BLACK_ALL, angles),),
        view=View(azimuth_deg=5.0, height_m=1.15, yfov_deg=54.0, margin=0.07, size_px=TALL),
        lighting=GREEN_ROOM,
        reps=reps.events(),
        notes=_truth("overhead_reach", "overhead reach, both arms, front view")
        | {"peak_shoulder_flexion_deg": {"left": peak, "right": peak - 6.0}},
        compact_truth=True,
    )


def single_leg_squat_left2() -> Clip:
    """Single-leg squat on the left leg, front view."""
    reps = RepProfile(reps=3, rep_s=1.5, hold_start_s=0.3, hold_end_s=0.3)
    knee, shank, trunk, drop = 60.0, 20.0, 20.0, 5.0

    def angles(t: float) -> dict[str, float]:
        u = reps(t)
        k, s, tr, d = knee * u, shank * u, trunk * u, drop * u
        return {
            "pelvis_forward_tilt": tr,
            "pelvis_right_drop": d,  # the free (right) side drops
            "trunk_right_lateral_flexion": -d,
            "hip_adduction_left": d,
            "knee_flexion_left": k,
            "hip_flexion_left": k - s + tr,
            "ankle_dorsiflexion_left": s,
            "hip_flexion_right": 40.0 + tr,
            "knee_flexion_right": 75.0,
            "shoulder_abduction_left": 12.0,
            "shoulder_abduction_right": 12.0,
            "elbow_flexion_left": 90.0,
            "elbow_flexion_right": 90.0,
            "neck_flexion": -tr / 2,
            "head_flexion": -tr / 2,
        }

    return Clip(
        name="single_leg_squat_left2",
        description="Single-leg squat on the left leg facing the camera turned 5 deg, right leg lifted forward "
        "(thigh 40 deg, knee 75 deg), hands at the hips, 3 reps to 60 deg left knee flexion with a 5 deg right "
        "pelvic drop; camera 1.0 m high.",
        duration_s=reps.duration_s,
        subjects=(Subject(BROAD_YOUNG_MAN, YELLOW_TEE, angles, flat_feet=("left",), anchor_feet=("left",)),),
        view=View(azimuth_deg=5.0, height_m=1.0, yfov_deg=52.0, margin=0.08, size_px=TALL),
        lighting=HAZY_WHITE,
        reps=reps.events(),
        notes=_truth("single_leg_squat", "single-leg squat on the left leg") | {"peak_knee_flexion_left_deg": knee},
        compact_truth=True,
    )


def hip_rotation2() -> Clip:
    """Seated hip rotation, left side first, front view turned -6 deg."""
    seat = {
        "hip_flexion_left": 90.0, "hip_flexion_right": 90.0, "knee_flexion_left": 90.0, "knee_flexion_right": 90.0,
        "shoulder_flexion_left": 25.0, "shoulder_flexion_right": 25.0, "elbow_flexion_left": 60.0,
        "elbow_flexion_right": 60.0, "hip_internal_rotation_left": 0.0, "hip_internal_rotation_right": 0.0,
    }
    ir, er = {"left": 34.0, "right": 28.0}, {"left": 38.0, "right": 42.0}
    keys: list[tuple[float, dict[str, float]]] = [(0.0, dict(seat)), (0.25, {})]
    t = 0.25
    for side, other in (("left", "right"), ("right", "left")):
        rot = f"hip_internal_rotation_{side}"
        keys += [
            (round(t + 0.5, 6), {rot: ir[side]}),
            (round(t + 1.0, 6), {rot: 0.0, f"knee_flexion_{other}": 108.0}),
            (round(t + 1.5, 6), {rot: -er[side]}),
            (round(t + 2.0, 6), {rot: 0.0}),
            (round(t + 2.2, 6), {f"knee_flexion_{other}": 90.0}),
        ]
        t = round(t + 2.2, 6)
    keys.append((t + 0.25, {}))
    return Clip(
        name="hip_rotation2",
        description="Seated hip rotation on a stool, facing the camera turned -6 deg: left hip IR 34 deg, ER 38 deg, "
        "then right IR 28, ER 42 deg; camera 0.9 m high, 3:4 portrait.",
        duration_s=t + 0.25,
        subjects=(Subject(ATHLETIC_WOMAN, GREEN_DRESSY, Keyframes(tuple(keys)), "seated", (), ()),),
        view=View(azimuth_deg=-6.0, height_m=0.9, yfov_deg=50.0, margin=0.08, size_px=THREE_FOUR),
        lighting=EVENING,
        notes=_truth("hip_rotation", "seated hip rotation") | {"peak_hip_internal_rotation_deg": ir,
                                                                 "peak_hip_external_rotation_deg": er},
        compact_truth=True,
    )


# ------------------------------------------------------------------------------------------------ two people


def squat_with_far_person2() -> Clip:
    """A front squat while a small person stands far back, off to the side."""
    depth = {"knee_deg": 95.0, "shank_deg": 27.0, "trunk_deg": 35.0, "arms_deg": 85.0}
    far = Subject(PETITE_OLDER_WOMAN, YELLOW_TEE, _standing(12.0), position_m=(2.3, 4.6), yaw_deg=-20.0)
    return Clip(
        name="squat_with_far_person2",
        description="Two people: a broad young man squats 3 reps to 95 deg facing the camera (turned 3 deg); a "
        "petite woman stands still 4.6 m further back and to the image right (about a quarter of the image "
        "height). The squatter is the larger, more central person. Camera 1.25 m high, landscape.",
        duration_s=SQUAT_REPS2.duration_s,
        subjects=(Subject(BROAD_YOUNG_MAN, BLACK_ALL, lambda t: _squat(SQUAT_REPS2(t), **depth)), far),
        view=View(azimuth_deg=3.0, height_m=1.25, yfov_deg=50.0, margin=0.05, size_px=WIDE, fit_subjects=(0,)),
        lighting=GYM,
        reps=SQUAT_REPS2.events(),
        notes=_truth("squat", "squat, a small person standing far back", acceptable=("posture",), people=2,
                     performer=0, performer_more_prominent=True)
        | depth | {"acceptable_why": "posture: the far person stands still, so a posture screen of them is right"},
        compact_truth=True,
    )


def reach_with_person_entering2() -> Clip:
    """A side reach while a second person walks into the image mid-clip and stops."""
    reps = RepProfile(reps=3, rep_s=1.5, hold_start_s=0.3, hold_end_s=0.3)
    peak = 160.0
    enter_s, walk_s, speed = 1.0, 1.7, 1.2

    def reach(t: float) -> dict[str, float]:
        return {"shoulder_flexion_left": peak * reps(t), "elbow_flexion_left": 6.0}

    def walker_angles(t: float) -> dict[str, float]:
        w = t - enter_s
        return _walk(w, 0.1) if 0.0 <= w < walk_s else _sway(t, {"elbow_flexion_left": 10.0,
                                                                  "elbow_flexion_right": 10.0})

    def travel(t: float) -> tuple[float, float, float]:
        w = min(max(t - enter_s, 0.0), walk_s)
        return (-speed * w, 0.0, 0.0)

    entering = Subject(AVERAGE_PERSON, BEIGE_BLUE, walker_angles, flat_feet=(), anchor_feet=(),
                       position_m=(4.3, 1.6), yaw_deg=-90.0, travel=travel)
    return Clip(
        name="reach_with_person_entering2",
        description="Two people: a lanky teen, left side toward the camera, raises the left arm to 160 deg 3 times; "
        "from 1.0 s a second person walks into the image from the right (1.6 m further back), 1.2 m/s for 1.7 s, "
        "and stands still. The reacher is the larger, more central person. Camera 1.5 m high, landscape.",
        duration_s=reps.duration_s,
        subjects=(Subject(LANKY_TEEN, GREEN_DRESSY, reach, yaw_deg=-90.0), entering),
        view=View(azimuth_deg=0.0, height_m=1.5, yfov_deg=52.0, margin=0.06, size_px=WIDE, fit_subjects=(0,)),
        lighting=HAZY_WHITE,
        reps=reps.events(),
        notes=_truth("overhead_reach", "overhead reach, a person walks in mid-clip", acceptable=("posture",),
                     people=2, performer=0, performer_more_prominent=True)
        | {"peak_shoulder_flexion_left_deg": peak, "enters_at_s": enter_s,
           "acceptable_why": "posture: the person who walks in then stands still"},
        compact_truth=True,
    )


def squat_behind_bystander2() -> Clip:
    """A side squat by a smaller person further back while a nearer bystander stands still."""
    depth = {"knee_deg": 95.0, "shank_deg": 26.0, "trunk_deg": 36.0, "arms_deg": 80.0}
    bystander = Subject(ROUND_MAN, GREY_SHORTS2, lambda t: _sway(t, {
        "shoulder_flexion_left": 35.0, "shoulder_flexion_right": 30.0, "elbow_flexion_left": 95.0,
        "elbow_flexion_right": 100.0, "neck_flexion": 20.0}), position_m=(-0.6, -0.8), yaw_deg=12.0)
    return Clip(
        name="squat_behind_bystander2",
        description="Two people: the person screened (an athletic woman, left side toward the camera) squats 3 reps "
        "to 95 deg 2.2 m further back and to the image right; nearer the camera, left of centre, a round man "
        "stands still looking at a phone (elbows bent). The performer is the smaller, off-centre person. Camera "
        "1.2 m high, 4:3.",
        duration_s=SQUAT_REPS2.duration_s,
        subjects=(Subject(ATHLETIC_WOMAN, RED_TRACKSUIT, lambda t: _squat(SQUAT_REPS2(t), **depth),
                          position_m=(1.1, 1.4), yaw_deg=-90.0), bystander),
        view=View(azimuth_deg=0.0, height_m=1.2, yfov_deg=50.0, margin=0.05, size_px=FOUR_THREE),
        lighting=GREEN_ROOM,
        reps=SQUAT_REPS2.events(),
        notes=_truth("squat", "squat behind a bystander standing still", acceptable=("posture",), people=2,
                     performer=0, performer_more_prominent=False)
        | depth | {"acceptable_why": "posture: the bystander stands still"},
        compact_truth=True,
    )


def walk_near_and_far2() -> Clip:
    """Two people walking across, one near the camera and one far back."""
    return Clip(
        name="walk_near_and_far2",
        description="Not a protocol movement, two people: a man walks left to right near the camera, a woman right "
        "to left 4 m further back (about half his size in the image), 1.1-1.3 m/s, 3.2 s; camera 1.6 m high.",
        duration_s=3.2,
        subjects=(
            _mover(BROAD_YOUNG_MAN, YELLOW_TEE, (-2.0, 0.0), 90.0, speed_m_s=1.3),
            _mover(ATHLETIC_WOMAN, BLACK_ALL, (2.5, 4.0), -90.0, speed_m_s=1.1, phase0=0.35),
        ),
        view=View(azimuth_deg=0.0, height_m=1.6, yfov_deg=50.0, margin=0.04, size_px=WIDE),
        lighting=EVENING,
        notes=_truth(None, "two people walking, one near and one far", people=2, performer=None,
                     performer_more_prominent=None),
        compact_truth=True,
    )


CLIPS: dict[str, Callable[[], Clip]] = {
    f.__name__: f
    for f in (
        walk_across_angled2,
        walk_toward2,
        countermovement_jumps_front2,
        small_jumps_side2,
        march_in_place2,
        hip_hinge_front2,
        calf_raises2,
        arm_swings_side2,
        stand_still_three_quarter2,
        squat_front_high2,
        squat_front_limited2,
        squat_side2,
        reach_front2,
        single_leg_squat_left2,
        hip_rotation2,
        squat_with_far_person2,
        reach_with_person_entering2,
        squat_behind_bystander2,
        walk_near_and_far2,
    )
}
