"""Held-out clips for movement recognition: other movements, the true movements, two people.

``python -m tools.synth --set recog_holdout`` renders them to ``bench/data/recog_holdout/``
(git-ignored); ``bench/recognition.py`` analyses every clip under every protocol and compares the
product's movement check with the truth. The recognition thresholds were chosen on the clips of
``test_videos/``; these clips were made afterwards, on bodies, looks, lights and camera positions
(height, yaw, distance, image size) used nowhere else in ``tools/synth``, so they are held out.

Three groups:

* **other movements** (no protocol, except standing still, which *is* the posture screen's
  movement): walking diagonally across, toward the camera at an angle and away from it, jogging
  in place, jumping jacks, hopping on one leg, reverse lunges, a toe touch (forward bend), sitting
  down on a chair and standing up, big arm circles, standing still side-on, standing still with the
  arms crossed;
* **true protocol movements** filmed as ``screening protocols`` says: a squat from the side and
  from the front, a single-leg squat, an overhead reach from the side with a soft elbow, a seated
  hip rotation, a standing-still posture video;
* **two people**: a squat while someone walks past behind; a reach and a squat by a person smaller
  and off-centre while a bystander stands (or waves) nearer the camera; two people walking past
  each other.

Each truth JSON has ``notes.recognition``: ``shows`` (the protocol the clip truly shows, or
null), ``acceptable`` (protocols for which a recognition is not an error either, e.g. posture on a
clip where a bystander stands still), ``movement`` (words), ``people`` and, with two people,
``performer`` (index in ``subjects``) and ``performer_more_prominent`` (whether the performer is
the larger, more central person, i.e. the product's first choice).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from tools.synth.body import Colours, Phenotype
from tools.synth.clip import Clip, Keyframes, RepProfile, Subject, View
from tools.synth.render import Lighting
from tools.synth.scenes import GAIT_SPEED_M_S, _squat, _walk

# Bodies and looks used nowhere else in tools/synth (scenes.py, benchset.py).
LEAN_TALL_MAN = Phenotype(gender=0.25, age=0.74, muscle=0.6, weight=0.42, height=0.58, proportions=0.5)
SHORT_WOMAN = Phenotype(gender=0.85, age=0.8, muscle=0.35, weight=0.6, height=0.38, proportions=0.4)
OLDER_STOCKY = Phenotype(gender=0.4, age=0.9, muscle=0.45, weight=0.75, height=0.47, proportions=0.55)
SLIM_WOMAN = Phenotype(gender=0.6, age=0.7, muscle=0.55, weight=0.3, height=0.55, proportions=0.62)
HEAVY_MAN = Phenotype(gender=0.0, age=0.86, muscle=0.75, weight=0.85, height=0.36, proportions=0.45)
TALL_WOMAN = Phenotype(gender=1.0, age=0.67, muscle=0.5, weight=0.4, height=0.62, proportions=0.38)

TEAL_HOODIE = Colours(
    skin=(200, 150, 115), shirt=(30, 130, 130), trousers=(60, 60, 70), shoes=(250, 250, 250), hair=(50, 30, 20),
    long_sleeves=True,
)
ORANGE_VEST = Colours(skin=(95, 62, 45), shirt=(235, 120, 40), trousers=(25, 30, 45), shoes=(60, 60, 60),
                      hair=(10, 8, 8))
PINK_SHORTS = Colours(
    skin=(245, 210, 185), shirt=(220, 120, 160), trousers=(70, 70, 80), shoes=(120, 180, 220), hair=(180, 140, 90),
    shorts=True,
)
OLIVE_LONG = Colours(
    skin=(170, 120, 85), shirt=(110, 115, 60), trousers=(100, 80, 60), shoes=(40, 30, 25), hair=(140, 140, 140),
    long_sleeves=True,
)
NAVY_WHITE = Colours(skin=(130, 90, 65), shirt=(25, 35, 80), trousers=(220, 220, 215), shoes=(20, 20, 20),
                     hair=(20, 15, 10))
LILAC = Colours(skin=(215, 165, 130), shirt=(170, 150, 210), trousers=(45, 45, 45), shoes=(200, 200, 200),
                hair=(90, 50, 30))

WARM_SIDE = Lighting(ambient=0.22, key_intensity=3.2, fill_intensity=0.5, key_azimuth_deg=-70.0,
                     key_elevation_deg=35.0, background=(225, 210, 185), floor=(120, 105, 90))
COOL_TOP = Lighting(ambient=0.3, key_intensity=2.4, fill_intensity=0.9, key_azimuth_deg=20.0,
                    key_elevation_deg=75.0, background=(160, 175, 195), floor=(90, 95, 100))
FLAT_BRIGHT = Lighting(ambient=0.55, key_intensity=1.4, fill_intensity=1.1, key_azimuth_deg=-15.0,
                       background=(240, 238, 232), floor=(175, 170, 160))
DIM_ROOM = Lighting(ambient=0.15, key_intensity=2.8, fill_intensity=0.4, key_azimuth_deg=55.0,
                    key_elevation_deg=20.0, background=(110, 100, 95), floor=(70, 65, 60))

LANDSCAPE = (1280, 720)
PORTRAIT = (720, 1280)


def _truth(shows: str | None, movement: str, acceptable: tuple[str, ...] = (), people: int = 1,
           performer: int | None = None, performer_more_prominent: bool | None = None) -> dict[str, Any]:
    """Return ``notes.recognition`` of a clip."""
    out: dict[str, Any] = {"shows": shows, "acceptable": list(acceptable), "movement": movement, "people": people}
    if people > 1:
        out |= {"performer": performer, "performer_more_prominent": performer_more_prominent}
    return {"recognition": out}


def _mover(body: Phenotype, colours: Colours, start_xy: tuple[float, float], heading_deg: float,
           speed_m_s: float = GAIT_SPEED_M_S, phase0: float = 0.0) -> Subject:
    """A person walking from ``start_xy`` (m) along ``heading_deg`` (0 = facing -y, 90 = facing +x)."""
    h = math.radians(heading_deg)

    def travel(t: float) -> tuple[float, float, float]:
        return (speed_m_s * t * math.sin(h), -speed_m_s * t * math.cos(h), 0.0)

    def angles(t: float) -> dict[str, float]:
        return _walk(t, phase0)

    return Subject(body, colours, angles, flat_feet=(), anchor_feet=(), position_m=start_xy, yaw_deg=heading_deg,
                   travel=travel)


# --------------------------------------------------------------------------------------- other movements


def walk_diagonal() -> Clip:
    """Walking across the image at 45 deg to the camera's line of sight, landscape, low camera."""
    return Clip(
        name="walk_diagonal",
        description="Not a protocol movement: a tall lean man walks across the room diagonally (his path at 45 deg "
        "to the camera's line of sight, moving away and to the image right), 1.2 m/s, 3.5 s; camera low (0.75 m).",
        duration_s=3.5,
        subjects=(_mover(LEAN_TALL_MAN, TEAL_HOODIE, (-1.5, -1.0), 135.0),),
        view=View(azimuth_deg=0.0, height_m=0.75, yfov_deg=46.0, margin=0.05, size_px=LANDSCAPE),
        lighting=WARM_SIDE,
        notes=_truth(None, "walking diagonally across the room"),
        compact_truth=True,
    )


def walk_toward_oblique() -> Clip:
    """Walking toward the camera on a path 25 deg off its axis, high camera."""
    return Clip(
        name="walk_toward_oblique",
        description="Not a protocol movement: a short woman walks toward the camera on a path 25 deg off its axis "
        "(from the image right), 1.2 m/s, 3 s; camera high (1.65 m), looking down.",
        duration_s=3.0,
        subjects=(_mover(SHORT_WOMAN, PINK_SHORTS, (1.5, 1.8), -25.0, phase0=0.3),),
        view=View(azimuth_deg=0.0, height_m=1.65, yfov_deg=58.0, margin=0.06, size_px=PORTRAIT),
        lighting=FLAT_BRIGHT,
        notes=_truth(None, "walking toward the camera at an angle"),
        compact_truth=True,
    )


def walk_away() -> Clip:
    """Walking straight away from the camera, back to it."""
    return Clip(
        name="walk_away",
        description="Not a protocol movement: an older stocky person walks straight away from the camera (back "
        "toward it, shrinking in the image), 1.0 m/s, 3 s.",
        duration_s=3.0,
        subjects=(_mover(OLDER_STOCKY, OLIVE_LONG, (0.0, -1.2), 180.0, speed_m_s=1.0, phase0=0.6),),
        view=View(azimuth_deg=0.0, height_m=1.25, yfov_deg=50.0, margin=0.06, size_px=PORTRAIT),
        lighting=COOL_TOP,
        notes=_truth(None, "walking away from the camera"),
        compact_truth=True,
    )


def jog_in_place() -> Clip:
    """Jogging in place facing the camera, 15 deg off the front view."""
    cycle = 0.7  # one stride (left and right step)

    def angles(t: float) -> dict[str, float]:
        out: dict[str, float] = {"pelvis_forward_tilt": 6.0}
        for side, shift in (("left", 0.0), ("right", 0.5)):
            lift = max(0.0, math.sin(2 * math.pi * (t / cycle + shift))) ** 1.5
            swing = math.sin(2 * math.pi * (t / cycle + shift))
            out |= {
                f"hip_flexion_{side}": 8.0 + 55.0 * lift,
                f"knee_flexion_{side}": 10.0 + 85.0 * lift,
                f"ankle_dorsiflexion_{side}": -20.0 * lift,
                f"shoulder_flexion_{side}": -35.0 * swing,
                f"elbow_flexion_{side}": 90.0,
            }
        return out

    def bounce(t: float) -> tuple[float, float, float]:
        return (0.0, 0.0, 0.04 * abs(math.sin(2 * math.pi * t / cycle)))

    return Clip(
        name="jog_in_place",
        description="Not a protocol movement: jogging in place facing the camera (15 deg off the front), knees "
        "up to 60 deg hip flexion, elbows bent 90 deg, arms swinging +-35 deg, a 0.7 s stride, 4 s.",
        duration_s=4.0,
        subjects=(Subject(SLIM_WOMAN, NAVY_WHITE, angles, flat_feet=(), anchor_feet=(), travel=bounce),),
        view=View(azimuth_deg=15.0, height_m=1.0, yfov_deg=52.0, margin=0.07, size_px=PORTRAIT),
        lighting=DIM_ROOM,
        notes=_truth(None, "jogging in place") | {"stride_s": cycle},
        compact_truth=True,
    )


def jumping_jacks() -> Clip:
    """Four jumping jacks facing the camera."""
    period = 1.0

    def u(t: float) -> float:
        return 0.5 * (1 - math.cos(2 * math.pi * max(0.0, t - 0.3) / period)) if 0.3 < t < 4.3 else 0.0

    def angles(t: float) -> dict[str, float]:
        a = u(t)
        return {
            "shoulder_abduction_left": 165.0 * a,
            "shoulder_abduction_right": 165.0 * a,
            "elbow_flexion_left": 10.0,
            "elbow_flexion_right": 10.0,
            "hip_adduction_left": -16.0 * a,
            "hip_adduction_right": -16.0 * a,
            "knee_flexion_left": 12.0 * abs(math.sin(2 * math.pi * t / period)),
            "knee_flexion_right": 12.0 * abs(math.sin(2 * math.pi * t / period)),
        }

    def hop(t: float) -> tuple[float, float, float]:
        if not 0.3 < t < 4.3:
            return (0.0, 0.0, 0.0)
        return (0.0, 0.0, 0.07 * abs(math.sin(2 * math.pi * (t - 0.3) / period)))

    return Clip(
        name="jumping_jacks",
        description="Not a protocol movement: four jumping jacks facing the camera (8 deg off): arms swung out "
        "and up to 165 deg, legs out 16 deg, a small hop at each change, 1 s each, 4.6 s.",
        duration_s=4.6,
        subjects=(Subject(HEAVY_MAN, ORANGE_VEST, angles, anchor_feet=(), travel=hop),),
        view=View(azimuth_deg=-8.0, height_m=1.35, yfov_deg=60.0, margin=0.06, size_px=PORTRAIT),
        lighting=FLAT_BRIGHT,
        notes=_truth(None, "jumping jacks"),
        compact_truth=True,
    )


def hop_one_leg() -> Clip:
    """Three hops in place on the left leg, the right knee bent, three-quarter view."""
    start, period, flight = 0.5, 1.0, 0.28

    def knee_dip(t: float) -> float:
        u = t - start
        if u < 0 or u >= 3 * period:
            return 0.0
        f = (u % period) / period
        return 0.5 * (1 - math.cos(2 * math.pi * f))

    def angles(t: float) -> dict[str, float]:
        d = knee_dip(t)
        return {
            "knee_flexion_left": 35.0 * d,
            "hip_flexion_left": 25.0 * d + 8.0 * d,
            "pelvis_forward_tilt": 8.0 * d,
            "ankle_dorsiflexion_left": 20.0 * d,
            "hip_flexion_right": 25.0,
            "knee_flexion_right": 85.0,
            "shoulder_abduction_left": 20.0,
            "shoulder_abduction_right": 25.0,
            "elbow_flexion_left": 30.0,
            "elbow_flexion_right": 30.0,
        }

    def lift(t: float) -> tuple[float, float, float]:
        for k in (1, 2, 3):  # take-off as the knee straightens after each dip, flight centred on the dip's end
            g = t - (start + k * period) + flight / 2
            if 0 < g < flight:
                return (0.0, 0.0, 0.5 * 9.81 * g * (flight - g))
        return (0.0, 0.0, 0.0)

    return Clip(
        name="hop_one_leg",
        description="Not a protocol movement: standing on the left leg (right knee bent 85 deg, foot behind), "
        "three hops in place: dip to 35 deg knee flexion, take-off, 0.28 s flight (~10 cm); three-quarter "
        "view (camera 65 deg toward the left side), 4 s.",
        duration_s=4.0,
        subjects=(Subject(TALL_WOMAN, LILAC, angles, flat_feet=("left",), anchor_feet=("left",), travel=lift),),
        view=View(azimuth_deg=65.0, height_m=0.95, yfov_deg=50.0, margin=0.07, size_px=PORTRAIT),
        lighting=WARM_SIDE,
        notes=_truth(None, "hopping on one leg"),
        compact_truth=True,
    )


def reverse_lunge() -> Clip:
    """Two reverse lunges (right leg steps back), right side toward the camera."""
    stand = {"hip_flexion_left": 0.0, "knee_flexion_left": 0.0, "ankle_dorsiflexion_left": 0.0,
             "hip_flexion_right": 0.0, "knee_flexion_right": 0.0, "ankle_dorsiflexion_right": 0.0,
             "pelvis_forward_tilt": 0.0}
    split = {"hip_flexion_left": 30.0, "knee_flexion_left": 25.0, "ankle_dorsiflexion_left": 5.0,
             "hip_flexion_right": -25.0, "knee_flexion_right": 30.0, "ankle_dorsiflexion_right": 15.0,
             "pelvis_forward_tilt": 5.0}
    bottom = {"hip_flexion_left": 85.0, "knee_flexion_left": 90.0, "ankle_dorsiflexion_left": 5.0,
              "hip_flexion_right": -12.0, "knee_flexion_right": 65.0, "ankle_dorsiflexion_right": 30.0,
              "pelvis_forward_tilt": 8.0}
    keys: list[tuple[float, dict[str, float]]] = [(0.0, stand), (0.3, stand)]
    t = 0.3
    for _ in range(2):
        keys += [(round(t + 0.5, 6), split), (round(t + 1.0, 6), bottom), (round(t + 1.5, 6), split),
                 (round(t + 2.0, 6), stand)]
        t = round(t + 2.0, 6)
    keys.append((t + 0.3, stand))
    return Clip(
        name="reverse_lunge",
        description="Not a protocol movement: two reverse lunges, the right leg stepping back, the left foot "
        "planted: front knee to 90 deg, back knee to 65 deg near the floor, trunk upright; right side toward "
        "the camera (turned 10 deg toward the front), 4.6 s.",
        duration_s=t + 0.3,
        subjects=(Subject(LEAN_TALL_MAN, NAVY_WHITE, Keyframes(tuple(keys)), flat_feet=("left",),
                          anchor_feet=("left",)),),
        view=View(azimuth_deg=-80.0, height_m=0.85, yfov_deg=48.0, margin=0.07, size_px=PORTRAIT, aim_at_body=True),
        lighting=COOL_TOP,
        notes=_truth(None, "reverse lunges") | {"keyframes": [[k, v] for k, v in keys]},
        compact_truth=True,
    )


def toe_touch() -> Clip:
    """Two forward bends to touch the toes, knees straight, left side toward the camera."""
    reps = RepProfile(reps=2, rep_s=2.0, hold_start_s=0.3, hold_end_s=0.3)

    def angles(t: float) -> dict[str, float]:
        u = reps(t)
        hinge, curl = 75.0 * u, 30.0 * u  # pelvis pitched forward, trunk flexed on the pelvis
        return {
            "pelvis_forward_tilt": hinge,
            "trunk_extension": -curl,
            "neck_flexion": 10.0 * u,
            "shoulder_flexion_left": (hinge + curl) * 1.05,
            "shoulder_flexion_right": (hinge + curl) * 1.05,
            "knee_flexion_left": 4.0 * u,
            "knee_flexion_right": 4.0 * u,
        }

    return Clip(
        name="toe_touch",
        description="Not a protocol movement: two forward bends toward the toes (pelvis pitched 75 deg forward, "
        "trunk flexed 30 deg on it, arms hanging toward the feet, knees nearly straight), left side toward the "
        "camera turned 12 deg toward the back, 4.6 s.",
        duration_s=reps.duration_s,
        subjects=(Subject(OLDER_STOCKY, PINK_SHORTS, angles),),
        view=View(azimuth_deg=102.0, height_m=1.1, yfov_deg=55.0, margin=0.08, size_px=PORTRAIT, aim_at_body=True),
        lighting=WARM_SIDE,
        reps=reps.events(),
        notes=_truth(None, "toe touch (forward bend)"),
        compact_truth=True,
    )


def sit_to_stand() -> Clip:
    """Sitting down on a stool and standing up again, three-quarter view."""

    def crouch(knee: float, shank: float, trunk: float, arms: float) -> dict[str, float]:
        a = {"pelvis_forward_tilt": trunk}
        for side in ("left", "right"):
            a |= {
                f"knee_flexion_{side}": knee,
                f"hip_flexion_{side}": knee - shank + trunk,
                f"ankle_dorsiflexion_{side}": shank,
                f"shoulder_flexion_{side}": arms,
                f"elbow_flexion_{side}": 20.0 + arms / 3,
            }
        return a

    stand = crouch(0.0, 0.0, 0.0, 0.0)
    keys = [
        (0.0, stand),
        (0.4, stand),
        (1.0, crouch(55.0, 14.0, 38.0, 25.0)),
        (1.5, crouch(92.0, 4.0, 20.0, 30.0)),
        (2.6, crouch(92.0, 4.0, 12.0, 30.0)),
        (3.1, crouch(60.0, 14.0, 42.0, 30.0)),
        (3.7, stand),
        (4.2, stand),
    ]
    return Clip(
        name="sit_to_stand",
        description="Not a protocol movement: standing, the person sits down on a stool (trunk leaning 38 deg "
        "forward on the way, knees 92 deg seated, thighs level), sits 1.1 s, and stands up again; three-quarter "
        "view (camera 40 deg toward the right side), 4.2 s.",
        duration_s=4.2,
        subjects=(Subject(HEAVY_MAN, TEAL_HOODIE, Keyframes(tuple(keys)), stool_at_s=2.0),),
        view=View(azimuth_deg=-40.0, height_m=1.05, yfov_deg=55.0, margin=0.07, size_px=PORTRAIT),
        lighting=DIM_ROOM,
        notes=_truth(None, "sitting down on a chair and standing up") | {"keyframes": [[k, v] for k, v in keys]},
        compact_truth=True,
    )


def arm_circles() -> Clip:
    """Three big forward arm circles with both arms, right side toward the camera."""
    start, period, n = 0.3, 1.3, 3

    def angles(t: float) -> dict[str, float]:
        u = min(max(t - start, 0.0), n * period) / period
        flexion = 360.0 * u  # 0 -> forward and up -> overhead -> behind -> back at the side
        abduction = 20.0 * math.sin(math.pi * (u % 1.0))
        return {
            "shoulder_flexion_left": flexion,
            "shoulder_flexion_right": flexion,
            "shoulder_abduction_left": abduction,
            "shoulder_abduction_right": abduction,
            "elbow_flexion_left": 8.0,
            "elbow_flexion_right": 8.0,
        }

    return Clip(
        name="arm_circles",
        description="Not a protocol movement: three big arm circles with both arms together (forward, up, "
        "overhead, back and down behind the body, a little out to the side), 1.3 s each, elbows nearly "
        "straight; right side toward the camera (turned 5 deg toward the back), 4.5 s. Unlike a reach, the arm "
        "does not come back down the way it went up.",
        duration_s=start + n * period + 0.3,
        subjects=(Subject(SLIM_WOMAN, OLIVE_LONG, angles),),
        view=View(azimuth_deg=-95.0, height_m=1.45, yfov_deg=50.0, margin=0.07, size_px=PORTRAIT, aim_at_body=True),
        lighting=COOL_TOP,
        notes=_truth(None, "arm circles"),
        compact_truth=True,
    )


def _sway(t: float, arms: dict[str, float]) -> dict[str, float]:
    """Standing still with a slight postural sway."""
    return {
        "pelvis_forward_tilt": 0.8 * math.sin(2 * math.pi * t / 3.4),
        "trunk_right_lateral_flexion": 0.6 * math.sin(2 * math.pi * t / 2.6),
        "head_flexion": 2.5 * math.sin(2 * math.pi * t / 3.9),
        **arms,
    }


def stand_still_side() -> Clip:
    """Standing still, right side toward the camera, high camera."""
    return Clip(
        name="stand_still_side",
        description="Standing still (the posture screen's movement, no other screen's), right side toward the "
        "camera, arms hanging, slight sway (pelvis +-0.8 deg, trunk +-0.6 deg, head +-2.5 deg), 3.5 s; camera "
        "1.55 m high.",
        duration_s=3.5,
        subjects=(Subject(TALL_WOMAN, ORANGE_VEST, lambda t: _sway(t, {"elbow_flexion_left": 6.0,
                                                                       "elbow_flexion_right": 6.0})),),
        view=View(azimuth_deg=-90.0, height_m=1.55, yfov_deg=50.0, margin=0.08, size_px=PORTRAIT),
        lighting=FLAT_BRIGHT,
        notes=_truth("posture", "standing still, side-on"),
        compact_truth=True,
    )


def stand_arms_crossed() -> Clip:
    """Standing still with the arms crossed, 12 deg off the front view, landscape."""
    arms = {
        "shoulder_flexion_left": 28.0,
        "shoulder_flexion_right": 22.0,
        "shoulder_abduction_left": 8.0,
        "shoulder_abduction_right": 12.0,
        "shoulder_internal_rotation_left": 75.0,
        "shoulder_internal_rotation_right": 70.0,
        "elbow_flexion_left": 110.0,
        "elbow_flexion_right": 118.0,
    }
    return Clip(
        name="stand_arms_crossed",
        description="Standing still with the arms crossed in front of the chest (shoulders turned in 70-75 deg, "
        "elbows 110-118 deg), slight sway, facing the camera turned 12 deg, 3.5 s. Standing still is the posture "
        "screen's movement (the crossed arms hide the hands, not the landmarks it measures); no other screen's.",
        duration_s=3.5,
        subjects=(Subject(HEAVY_MAN, LILAC, lambda t: _sway(t, arms)),),
        view=View(azimuth_deg=-12.0, height_m=1.2, yfov_deg=45.0, margin=0.08, size_px=LANDSCAPE),
        lighting=WARM_SIDE,
        notes=_truth("posture", "standing still with the arms crossed"),
        compact_truth=True,
    )


# ----------------------------------------------------------------------------------- true protocol movements

SQUAT_REPS = RepProfile(reps=3, rep_s=1.5, hold_start_s=0.2, hold_end_s=0.3)  # 5.0 s


def squat_side_holdout() -> Clip:
    """Bodyweight squat, right side toward the camera, low landscape camera."""
    depth = {"knee_deg": 95.0, "shank_deg": 28.0, "trunk_deg": 36.0, "arms_deg": 85.0}
    return Clip(
        name="squat_side_holdout",
        description="Bodyweight squat, 3 reps to 95 deg knee flexion (trunk lean 36 deg, arms forward), right "
        "side toward the camera turned 6 deg toward the front; landscape, camera 0.75 m high.",
        duration_s=SQUAT_REPS.duration_s,
        subjects=(Subject(HEAVY_MAN, PINK_SHORTS, lambda t: _squat(SQUAT_REPS(t), **depth)),),
        view=View(azimuth_deg=-84.0, height_m=0.75, yfov_deg=44.0, margin=0.07, size_px=LANDSCAPE, aim_at_body=True),
        lighting=COOL_TOP,
        reps=SQUAT_REPS.events(),
        notes=_truth("squat", "bodyweight squat, side view") | depth,
        compact_truth=True,
    )


def squat_front_holdout() -> Clip:
    """Shallower bodyweight squat facing the camera, high camera."""
    depth = {"knee_deg": 80.0, "shank_deg": 24.0, "trunk_deg": 30.0, "arms_deg": 80.0}
    return Clip(
        name="squat_front_holdout",
        description="Bodyweight squat, 3 reps to 80 deg knee flexion (a limited squat), facing the camera turned "
        "7 deg; portrait, camera 1.5 m high.",
        duration_s=SQUAT_REPS.duration_s,
        subjects=(Subject(SLIM_WOMAN, TEAL_HOODIE, lambda t: _squat(SQUAT_REPS(t), **depth)),),
        view=View(azimuth_deg=7.0, height_m=1.5, yfov_deg=57.0, margin=0.07, size_px=PORTRAIT),
        lighting=DIM_ROOM,
        reps=SQUAT_REPS.events(),
        notes=_truth("squat", "bodyweight squat, front view") | depth,
        compact_truth=True,
    )


def single_leg_squat_right_holdout() -> Clip:
    """Single-leg squat on the right leg, front view."""
    reps = RepProfile(reps=3, rep_s=1.4, hold_start_s=0.3, hold_end_s=0.3)  # 4.8 s
    knee, shank, trunk, drop = 55.0, 18.0, 22.0, 4.0

    def angles(t: float) -> dict[str, float]:
        u = reps(t)
        k, s, tr, d = knee * u, shank * u, trunk * u, drop * u
        return {
            "pelvis_forward_tilt": tr,
            "pelvis_right_drop": -d,  # the free (left) side drops
            "trunk_right_lateral_flexion": d,
            "hip_adduction_right": d,
            "knee_flexion_right": k,
            "hip_flexion_right": k - s + tr,
            "ankle_dorsiflexion_right": s,
            "hip_flexion_left": 45.0 + tr,
            "knee_flexion_left": 80.0,
            "shoulder_abduction_left": 15.0,
            "shoulder_abduction_right": 15.0,
            "neck_flexion": -tr / 2,
            "head_flexion": -tr / 2,
        }

    return Clip(
        name="single_leg_squat_right_holdout",
        description="Single-leg squat on the right leg facing the camera turned -6 deg, left leg lifted forward "
        "(thigh 45 deg, knee 80 deg), 3 reps to 55 deg right knee flexion with a 4 deg left pelvic drop; camera "
        "0.9 m high.",
        duration_s=reps.duration_s,
        subjects=(Subject(SHORT_WOMAN, NAVY_WHITE, angles, flat_feet=("right",), anchor_feet=("right",)),),
        view=View(azimuth_deg=-6.0, height_m=0.9, yfov_deg=52.0, margin=0.08, size_px=PORTRAIT),
        lighting=WARM_SIDE,
        reps=reps.events(),
        notes=_truth("single_leg_squat", "single-leg squat on the right leg") | {"peak_knee_flexion_right_deg": knee},
        compact_truth=True,
    )


def reach_side_right_holdout() -> Clip:
    """Right-arm overhead reach, right side toward the camera, soft elbow, 3 reps."""
    reps = RepProfile(reps=3, rep_s=1.4, hold_start_s=0.3, hold_end_s=0.3)  # 4.8 s
    peak = 158.0

    def angles(t: float) -> dict[str, float]:
        return {"shoulder_flexion_right": peak * reps(t), "elbow_flexion_right": 6.0}

    return Clip(
        name="reach_side_right_holdout",
        description="Overhead reach of the right arm, 3 reps to 158 deg shoulder flexion, elbow soft (6 deg), "
        "right side toward the camera turned 8 deg toward the back; camera 1.6 m high.",
        duration_s=reps.duration_s,
        subjects=(Subject(LEAN_TALL_MAN, ORANGE_VEST, angles),),
        view=View(azimuth_deg=-98.0, height_m=1.6, yfov_deg=53.0, margin=0.07, size_px=PORTRAIT, aim_at_body=True),
        lighting=FLAT_BRIGHT,
        reps=reps.events(),
        notes=_truth("overhead_reach", "overhead reach, right arm") | {"peak_shoulder_flexion_right_deg": peak},
        compact_truth=True,
    )


def hip_rotation_holdout() -> Clip:
    """Seated hip rotation, right side first, front view turned 8 deg."""
    seat = {
        "hip_flexion_left": 90.0, "hip_flexion_right": 90.0, "knee_flexion_left": 90.0, "knee_flexion_right": 90.0,
        "shoulder_flexion_left": 30.0, "shoulder_flexion_right": 30.0, "elbow_flexion_left": 50.0,
        "elbow_flexion_right": 50.0, "hip_internal_rotation_left": 0.0, "hip_internal_rotation_right": 0.0,
    }
    ir, er = {"right": 30.0, "left": 38.0}, {"right": 35.0, "left": 30.0}
    keys: list[tuple[float, dict[str, float]]] = [(0.0, dict(seat)), (0.2, {})]
    t = 0.2
    for side, other in (("right", "left"), ("left", "right")):
        rot = f"hip_internal_rotation_{side}"
        keys += [
            (round(t + 0.45, 6), {rot: ir[side]}),
            (round(t + 0.9, 6), {rot: 0.0, f"knee_flexion_{other}": 112.0}),
            (round(t + 1.4, 6), {rot: -er[side]}),
            (round(t + 1.9, 6), {rot: 0.0}),
            (round(t + 2.1, 6), {f"knee_flexion_{other}": 90.0}),
        ]
        t = round(t + 2.1, 6)
    keys.append((t + 0.2, {}))
    return Clip(
        name="hip_rotation_holdout",
        description="Seated hip rotation on a stool, facing the camera turned 8 deg: right hip IR 30 deg (foot "
        "out) and ER 35 deg (foot in), then left IR 38, ER 30 deg; camera 0.85 m high.",
        duration_s=t + 0.2,
        subjects=(Subject(SHORT_WOMAN, OLIVE_LONG, Keyframes(tuple(keys)), "seated", (), ()),),
        view=View(azimuth_deg=8.0, height_m=0.85, yfov_deg=50.0, margin=0.08, size_px=PORTRAIT),
        lighting=COOL_TOP,
        notes=_truth("hip_rotation", "seated hip rotation") | {"peak_hip_internal_rotation_deg": ir,
                                                                 "peak_hip_external_rotation_deg": er},
        compact_truth=True,
    )


def posture_video_holdout() -> Clip:
    """A still standing-posture video, front view (the posture screen from a video)."""
    return Clip(
        name="posture_video_holdout",
        description="Standing relaxed and still for a posture screen, filmed (3 s video) from the front turned "
        "-5 deg, arms hanging, slight sway; camera 1.0 m high.",
        duration_s=3.0,
        subjects=(Subject(OLDER_STOCKY, NAVY_WHITE, lambda t: _sway(t, {"elbow_flexion_left": 8.0,
                                                                        "elbow_flexion_right": 5.0})),),
        view=View(azimuth_deg=-5.0, height_m=1.0, yfov_deg=55.0, margin=0.08, size_px=PORTRAIT),
        lighting=DIM_ROOM,
        notes=_truth("posture", "standing still, front view"),
        compact_truth=True,
    )


# ------------------------------------------------------------------------------------------------ two people


def squat_with_passerby() -> Clip:
    """A front-view squat while a second person walks past diagonally behind."""
    depth = {"knee_deg": 100.0, "shank_deg": 28.0, "trunk_deg": 38.0, "arms_deg": 90.0}
    walker = _mover(TALL_WOMAN, OLIVE_LONG, (-2.6, 2.2), 75.0, speed_m_s=1.3)
    return Clip(
        name="squat_with_passerby",
        description="Two people: a tall lean man squats 3 reps to 100 deg knee flexion facing the camera (5 deg "
        "off); a woman walks past behind him (about 1.5 m further away) on a diagonal path, left to right, 1.3 m/s. "
        "The squatter is the larger, more central person.",
        duration_s=SQUAT_REPS.duration_s,
        subjects=(Subject(LEAN_TALL_MAN, PINK_SHORTS, lambda t: _squat(SQUAT_REPS(t), **depth)), walker),
        view=View(azimuth_deg=5.0, height_m=1.15, yfov_deg=44.0, margin=0.06, size_px=LANDSCAPE, fit_subjects=(0,)),
        lighting=WARM_SIDE,
        reps=SQUAT_REPS.events(),
        notes=_truth("squat", "squat, someone walks past behind", people=2, performer=0,
                     performer_more_prominent=True) | depth,
        compact_truth=True,
    )


def reach_behind_bystander() -> Clip:
    """A reach by a person further back and off-centre while a bystander stands nearer the camera."""
    reps = RepProfile(reps=3, rep_s=1.4, hold_start_s=0.3, hold_end_s=0.3)
    peak = 165.0

    def reach(t: float) -> dict[str, float]:
        return {"shoulder_flexion_right": peak * reps(t), "elbow_flexion_right": 4.0}

    bystander = Subject(OLDER_STOCKY, ORANGE_VEST, lambda t: _sway(t, {"elbow_flexion_left": 10.0,
                                                                      "elbow_flexion_right": 10.0}),
                        position_m=(-0.2, -0.9), yaw_deg=-15.0)
    return Clip(
        name="reach_behind_bystander",
        description="Two people: the person screened (a slim woman, right side toward the camera) raises her "
        "right arm to 165 deg 3 times, 2.4 m further back and to the image right; a bystander stands still nearer "
        "the camera, left of centre, facing it. The performer is the smaller, off-centre person.",
        duration_s=reps.duration_s,
        subjects=(Subject(SLIM_WOMAN, TEAL_HOODIE, reach, position_m=(1.3, 1.5), yaw_deg=90.0), bystander),
        view=View(azimuth_deg=0.0, height_m=1.3, yfov_deg=50.0, margin=0.05, size_px=LANDSCAPE),
        lighting=FLAT_BRIGHT,
        reps=reps.events(),
        notes=_truth("overhead_reach", "overhead reach behind a standing bystander", acceptable=("posture",),
                     people=2, performer=0, performer_more_prominent=False)
        | {"peak_shoulder_flexion_right_deg": peak,
           "acceptable_why": "posture: the bystander stands still, so a posture screen of the bystander is right"},
        compact_truth=True,
    )


def squat_behind_waver() -> Clip:
    """A side-view squat by a person further back and off-centre while a bystander nearer the camera waves."""
    depth = {"knee_deg": 90.0, "shank_deg": 25.0, "trunk_deg": 35.0, "arms_deg": 90.0}
    keys: list[tuple[float, dict[str, float]]] = [(0.0, {"elbow_flexion_left": 10.0, "elbow_flexion_right": 10.0})]
    t = 0.0
    for k in range(2):
        t = round(t + 0.5, 6)
        keys.append((t, {"shoulder_abduction_left": 110.0, "shoulder_flexion_left": 25.0, "elbow_flexion_left": 50.0}))
        for j in range(4):
            t = round(t + 0.3, 6)
            keys.append((t, {"elbow_flexion_left": 25.0 if j % 2 == 0 else 70.0}))
        t = round(t + 0.5, 6)
        keys.append((t, {"shoulder_abduction_left": 0.0, "shoulder_flexion_left": 0.0, "elbow_flexion_left": 10.0}))
        if k == 0:
            t = round(t + 0.3, 6)
            keys.append((t, {"shoulder_flexion_right": 30.0, "elbow_flexion_right": 60.0}))
            t = round(t + 0.3, 6)
            keys.append((t, {"shoulder_flexion_right": 0.0, "elbow_flexion_right": 10.0}))
    keys.append((max(t + 0.2, SQUAT_REPS.duration_s), {}))
    waver = Subject(SHORT_WOMAN, LILAC, Keyframes(tuple(keys)), position_m=(0.5, -1.1), yaw_deg=10.0)
    return Clip(
        name="squat_behind_waver",
        description="Two people: the person screened (a heavy man, left side toward the camera) squats 3 reps to "
        "90 deg knee flexion 2.4 m further back and to the image left; nearer the camera, right of centre, a short "
        "woman faces it and waves twice with her left hand and gestures. The performer is the smaller, "
        "off-centre person.",
        duration_s=SQUAT_REPS.duration_s,
        subjects=(Subject(HEAVY_MAN, NAVY_WHITE, lambda t: _squat(SQUAT_REPS(t), **depth), position_m=(-1.0, 1.3),
                          yaw_deg=-90.0), waver),
        view=View(azimuth_deg=0.0, height_m=1.1, yfov_deg=48.0, margin=0.05, size_px=LANDSCAPE),
        lighting=COOL_TOP,
        reps=SQUAT_REPS.events(),
        notes=_truth("squat", "squat behind a waving bystander", people=2, performer=0,
                     performer_more_prominent=False) | depth,
        compact_truth=True,
    )


def walk_two_people() -> Clip:
    """Two people walking past each other across the image, side view."""
    return Clip(
        name="walk_two_people",
        description="Not a protocol movement, two people: a man walks right to left and a woman left to right, "
        "passing each other (she 1.2 m further away), 1.1-1.3 m/s, 3.5 s; landscape, camera 1.4 m high.",
        duration_s=3.5,
        subjects=(
            _mover(LEAN_TALL_MAN, OLIVE_LONG, (2.0, 0.0), -90.0, speed_m_s=1.2),
            _mover(TALL_WOMAN, TEAL_HOODIE, (-2.0, 1.2), 90.0, speed_m_s=1.1, phase0=0.4),
        ),
        view=View(azimuth_deg=0.0, height_m=1.4, yfov_deg=48.0, margin=0.04, size_px=LANDSCAPE),
        lighting=DIM_ROOM,
        notes=_truth(None, "two people walking past each other", people=2, performer=None,
                     performer_more_prominent=None),
        compact_truth=True,
    )


CLIPS: dict[str, Callable[[], Clip]] = {
    f.__name__: f
    for f in (
        walk_diagonal,
        walk_toward_oblique,
        walk_away,
        jog_in_place,
        jumping_jacks,
        hop_one_leg,
        reverse_lunge,
        toe_touch,
        sit_to_stand,
        arm_circles,
        stand_still_side,
        stand_arms_crossed,
        squat_side_holdout,
        squat_front_holdout,
        single_leg_squat_right_holdout,
        reach_side_right_holdout,
        hip_rotation_holdout,
        posture_video_holdout,
        squat_with_passerby,
        reach_behind_bystander,
        squat_behind_waver,
        walk_two_people,
    )
}
