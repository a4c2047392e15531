"""One function per test clip; every parameter is explicit here.

Each function returns a :class:`tools.synth.clip.Clip`. ``CLIPS`` maps the clip
name to its function, in the order the CLI renders them.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from tools.synth.body import Body, Colours, Phenotype
from tools.synth.clip import Clip, Keyframes, RepProfile, Subject, View
from tools.synth.render import Lighting, look_from
from tools.synth.truth import plane_measures

# Bodies (anny phenotype, each value in [0, 1]; gender 0 = male, age 0.667 = young adult).
MAN = Phenotype(gender=0.0, age=0.7, muscle=0.5, weight=0.5, height=0.4)
WOMAN = Phenotype(gender=1.0, age=0.72, muscle=0.4, weight=0.55, height=0.45)
OLDER_HEAVY_MAN = Phenotype(gender=0.1, age=0.95, muscle=0.4, weight=0.8, height=0.35)
TALL_SLIM_WOMAN = Phenotype(gender=0.9, age=0.68, muscle=0.45, weight=0.2, height=0.52, proportions=0.6)
MUSCULAR_MAN = Phenotype(gender=0.0, age=0.75, muscle=0.85, weight=0.6, height=0.45)
SHORT_HEAVY_WOMAN = Phenotype(gender=1.0, age=0.85, muscle=0.4, weight=0.75, height=0.3)

# Clothing and skin colours (RGB 0-255).
BLUE_SHIRT = Colours()
RED_TOP_DARK_SKIN = Colours(
    skin=(120, 80, 56), shirt=(170, 40, 50), trousers=(30, 35, 70), shoes=(40, 40, 40), hair=(20, 15, 10)
)
GREEN_TOP = Colours(
    skin=(198, 134, 96),
    shirt=(60, 120, 70),
    trousers=(40, 50, 90),
    shoes=(90, 60, 40),
    hair=(90, 90, 90),
    long_sleeves=True,
)
YELLOW_TOP = Colours(
    skin=(235, 190, 160),
    shirt=(220, 180, 40),
    trousers=(25, 25, 30),
    shoes=(200, 60, 60),
    hair=(150, 100, 50),
    long_sleeves=True,
)
GREY_SHORTS = Colours(
    skin=(176, 128, 94),
    shirt=(120, 120, 125),
    trousers=(30, 30, 30),
    shoes=(240, 240, 240),
    hair=(30, 20, 15),
    shorts=True,
)
PURPLE_TOP = Colours(
    skin=(90, 60, 45), shirt=(110, 60, 140), trousers=(60, 70, 90), shoes=(230, 230, 230), hair=(15, 10, 10)
)


# Still time before/after the repetitions is a whole number of frames at 30 fps and
# each peak falls on a frame, so the peak angle appears exactly in the truth.
REACH_REPS = RepProfile(reps=2, rep_s=1.8, hold_start_s=0.2, hold_end_s=0.2)  # 4.0 s
SQUAT_REPS = RepProfile(reps=3, rep_s=1.6, hold_start_s=0.2, hold_end_s=0.2)  # 5.2 s
SLS_REPS = RepProfile(reps=3, rep_s=1.4, hold_start_s=0.3, hold_end_s=0.3)  # 4.8 s


def _reach(side: str, peak_deg: float, reps: RepProfile = REACH_REPS):
    def angles(t: float) -> dict[str, float]:
        return {f"shoulder_flexion_{side}": peak_deg * reps(t)}

    return angles


def overhead_reach_side_left() -> Clip:
    """Left arm raised forward 0 -> 170 deg and back, 2 reps, left side to camera."""
    peak = 170.0
    return Clip(
        name="overhead_reach_side_left",
        description="Standing, left side toward the camera (camera square to the sagittal "
        "plane); left arm raised forward and up from the side to 170 deg shoulder "
        "flexion and back, elbow straight, 2 reps.",
        duration_s=REACH_REPS.duration_s,
        subjects=(Subject(MAN, BLUE_SHIRT, _reach("left", peak)),),
        view=View(azimuth_deg=90.0, height_m=1.2, yfov_deg=55.0, margin=0.06),
        reps=REACH_REPS.events(),
        notes={"peak_shoulder_flexion_left_deg": peak},
    )


def overhead_reach_side_right() -> Clip:
    """Right arm raised forward to a limited 140 deg, 2 reps, right side to camera."""
    peak = 140.0
    return Clip(
        name="overhead_reach_side_right",
        description="Standing, right side toward the camera; right arm raised forward to "
        "140 deg shoulder flexion (limited) and back, elbow straight, 2 reps. Pair with "
        "overhead_reach_side_left (170 deg) for a known left/right asymmetry.",
        duration_s=REACH_REPS.duration_s,
        subjects=(Subject(WOMAN, RED_TOP_DARK_SKIN, _reach("right", peak)),),
        view=View(azimuth_deg=-90.0, height_m=1.0, yfov_deg=50.0, margin=0.1),
        reps=REACH_REPS.events(),
        notes={"peak_shoulder_flexion_right_deg": peak},
    )


def overhead_reach_front() -> Clip:
    """Both arms raised forward together, left to 170 deg, right to 150 deg, front view."""
    left, right = 170.0, 150.0

    def angles(t: float) -> dict[str, float]:
        u = REACH_REPS(t)
        return {"shoulder_flexion_left": left * u, "shoulder_flexion_right": right * u}

    return Clip(
        name="overhead_reach_front",
        description="Standing, facing the camera; both arms raised forward and up together, "
        "left to 170 deg and right to 150 deg shoulder flexion, elbows straight, 2 reps.",
        duration_s=REACH_REPS.duration_s,
        subjects=(Subject(OLDER_HEAVY_MAN, GREEN_TOP, angles),),
        view=View(azimuth_deg=0.0, height_m=1.4, yfov_deg=60.0, margin=0.1),
        reps=REACH_REPS.events(),
        notes={"peak_shoulder_flexion_left_deg": left, "peak_shoulder_flexion_right_deg": right},
    )


def overhead_reach_trunk_extension() -> Clip:
    """Left arm to 150 deg relative to the trunk while the trunk extends 15 deg."""
    arm, trunk = 150.0, 15.0

    def angles(t: float) -> dict[str, float]:
        u = REACH_REPS(t)
        return {"shoulder_flexion_left": arm * u, "trunk_extension": trunk * u}

    return Clip(
        name="overhead_reach_trunk_extension",
        description="Standing, left side toward the camera; left arm raised to 150 deg "
        "shoulder flexion relative to the trunk while the trunk leans back 15 deg "
        "(extension about the hip-centre axis), so the arm's elevation from vertical is "
        "165 deg: a compensation that inflates an arm-to-vertical measure. 2 reps.",
        duration_s=REACH_REPS.duration_s,
        subjects=(Subject(TALL_SLIM_WOMAN, YELLOW_TOP, angles),),
        view=View(azimuth_deg=90.0, height_m=0.9, yfov_deg=55.0, margin=0.08),
        reps=REACH_REPS.events(),
        notes={
            "peak_shoulder_flexion_left_deg": arm,
            "peak_trunk_extension_deg": trunk,
            "peak_arm_elevation_from_vertical_left_deg": arm + trunk,
        },
    )


def hip_rotation_seated_front() -> Clip:
    """Seated hip rotation, each side in turn: foot out (IR) then foot in (ER)."""
    seat = {
        "hip_flexion_left": 90.0,
        "hip_flexion_right": 90.0,
        "knee_flexion_left": 90.0,
        "knee_flexion_right": 90.0,
        # Hands resting on the thighs.
        "shoulder_flexion_left": 35.0,
        "shoulder_flexion_right": 35.0,
        "elbow_flexion_left": 45.0,
        "elbow_flexion_right": 45.0,
        "hip_internal_rotation_left": 0.0,
        "hip_internal_rotation_right": 0.0,
    }
    ir = {"left": 35.0, "right": 25.0}
    er = {"left": 40.0, "right": 40.0}
    # While one foot swings in, the other knee bends to 115 deg (foot tucked back) so
    # the two shanks do not intersect.
    tuck = 115.0
    keys: list[tuple[float, dict[str, float]]] = [(0.0, dict(seat)), (0.2, {})]
    t = 0.2
    for side, other in (("left", "right"), ("right", "left")):
        rot = f"hip_internal_rotation_{side}"
        keys += [
            (t + 0.4, {rot: ir[side]}),
            (t + 0.8, {rot: 0.0}),
            (t + 1.0, {f"knee_flexion_{other}": tuck}),
            (t + 1.5, {rot: -er[side]}),
            (t + 2.0, {rot: 0.0}),
            (t + 2.2, {f"knee_flexion_{other}": 90.0}),
        ]
        t = round(t + 2.2, 6)
    keys.append((t + 0.2, {}))
    frames = Keyframes(tuple(keys))
    return Clip(
        name="hip_rotation_seated_front",
        description="Seated on a box stool, facing the camera, hips and knees at 90 deg, "
        "thighs horizontal toward the camera. Left hip internal rotation 35 deg (foot "
        "swings OUT) and back, left external rotation 40 deg (foot swings IN) and back, "
        "then the right side: internal 25 deg, external 40 deg. The measure is the shank "
        "angle from vertical in the frontal plane (rig_plane.shank_from_vertical_lateral_*: "
        "+ = foot lateral = internal rotation). While one foot swings in, the other knee "
        "bends to 115 deg so the shanks do not collide.",
        duration_s=t + 0.2,
        subjects=(Subject(MUSCULAR_MAN, GREY_SHORTS, frames, stance="seated", flat_feet=(), anchor_feet=()),),
        view=View(azimuth_deg=0.0, height_m=0.8, yfov_deg=55.0, margin=0.08),
        notes={
            "peak_hip_internal_rotation_deg": ir,
            "peak_hip_external_rotation_deg": er,
            "keyframes": [[k, v] for k, v in keys],
        },
    )


def _squat(u: float, knee_deg: float, shank_deg: float, trunk_deg: float, arms_deg: float) -> dict[str, float]:
    """Bilateral squat at depth fraction ``u``, feet flat.

    Knee flexion ``knee``, shank forward lean (= ankle dorsiflexion) ``shank``, trunk
    forward lean ``trunk``: the thigh's forward pitch is ``knee - shank`` and hip
    flexion (thigh to trunk line) is ``knee - shank + trunk``. The arms rise to
    ``arms_deg`` from vertical (shoulder flexion ``arms + trunk``) and the neck and
    head extend by half the trunk lean each, to keep the gaze level.
    """
    k, s, t = knee_deg * u, shank_deg * u, trunk_deg * u
    out = {"pelvis_forward_tilt": t, "neck_flexion": -t / 2, "head_flexion": -t / 2}
    for side in ("left", "right"):
        out |= {
            f"knee_flexion_{side}": k,
            f"hip_flexion_{side}": k - s + t,
            f"shoulder_flexion_{side}": arms_deg * u + t,
        }
    return out


def _solve_valgus(body: Body, angles: dict[str, float], side: str, fppa_deg: float) -> float:
    """Hip adduction = knee valgus (deg) giving a frontal-plane projection angle.

    Adding the same angle of hip adduction and of knee valgus moves the knee toward
    the midline while the ankle stays nearly in place.
    """
    lateral = np.array([1.0, 0.0, 0.0])

    def fppa(c: float) -> float:
        a = dict(angles)
        a[f"hip_adduction_{side}"] = a.get(f"hip_adduction_{side}", 0.0) + c
        a[f"knee_valgus_{side}"] = a.get(f"knee_valgus_{side}", 0.0) + c
        p = body.pose(a)
        return plane_measures(p.joints, lateral)[f"knee_fppa_{side}"]

    lo, hi = 0.0, 20.0
    for _ in range(30):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if fppa(mid) < fppa_deg else (lo, mid)
    return round((lo + hi) / 2, 3)


SQUAT = {"knee_deg": 100.0, "shank_deg": 30.0, "trunk_deg": 40.0, "arms_deg": 90.0}


def squat_front() -> Clip:
    """Bodyweight squat to 100 deg knee flexion, 3 reps, left knee valgus, front view."""
    fppa = 10.0
    body = Body(SHORT_HEAVY_WOMAN, PURPLE_TOP)
    valgus = _solve_valgus(body, _squat(1.0, **SQUAT), "left", fppa)

    def angles(t: float) -> dict[str, float]:
        u = SQUAT_REPS(t)
        return _squat(u, **SQUAT) | {"hip_adduction_left": valgus * u, "knee_valgus_left": valgus * u}

    return Clip(
        name="squat_front",
        description="Bodyweight squat facing the camera, 3 reps to 100 deg knee flexion "
        "(shank forward lean 30 deg, trunk forward lean 40 deg, arms raised forward to "
        "horizontal); the left knee caves inward: frontal-plane projection angle 10 deg at the "
        "bottom (rig_plane.knee_fppa_left), the right knee stays aligned.",
        duration_s=SQUAT_REPS.duration_s,
        subjects=(Subject(SHORT_HEAVY_WOMAN, PURPLE_TOP, angles),),
        view=View(azimuth_deg=0.0, height_m=1.0, yfov_deg=55.0, margin=0.08),
        reps=SQUAT_REPS.events(),
        notes={**SQUAT, "peak_knee_fppa_left_deg": fppa, "hip_adduction_and_knee_valgus_left_deg": valgus},
    )


def squat_side() -> Clip:
    """The same squat seen from the left side, no valgus."""

    def angles(t: float) -> dict[str, float]:
        return _squat(SQUAT_REPS(t), **SQUAT)

    return Clip(
        name="squat_side",
        description="Bodyweight squat, left side toward the camera, 3 reps to 100 deg knee "
        "flexion (hip flexion 110 deg to the trunk line, shank forward lean 30 deg = ankle "
        "dorsiflexion, trunk forward lean 40 deg, arms raised forward to horizontal = 130 deg "
        "shoulder flexion to the trunk line).",
        duration_s=SQUAT_REPS.duration_s,
        subjects=(Subject(MUSCULAR_MAN, YELLOW_TOP, angles),),
        view=View(azimuth_deg=90.0, height_m=1.1, yfov_deg=50.0, margin=0.08),
        reps=SQUAT_REPS.events(),
        notes=dict(SQUAT),
    )


def single_leg_squat_front_left() -> Clip:
    """Single-leg squat on the left leg with right pelvic drop and left knee valgus."""
    knee, shank, trunk, drop, fppa = 60.0, 20.0, 25.0, 5.0, 10.0
    lifted = {"hip_world_flexion_right": 60.0, "knee_flexion_right": 90.0}

    def base(u: float) -> dict[str, float]:
        k, s, t, d = knee * u, shank * u, trunk * u, drop * u
        return {
            "pelvis_forward_tilt": t,
            "pelvis_right_drop": d,
            # Keep the trunk and the stance femur upright in the frontal plane.
            "trunk_right_lateral_flexion": -d,
            "hip_adduction_left": d,
            "knee_flexion_left": k,
            "hip_flexion_left": k - s + t,
            "hip_flexion_right": lifted["hip_world_flexion_right"] + t,
            "knee_flexion_right": lifted["knee_flexion_right"],
            "shoulder_abduction_left": 10.0,
            "shoulder_abduction_right": 10.0,
            "neck_flexion": -t / 2,
            "head_flexion": -t / 2,
        }

    body = Body(WOMAN, GREEN_TOP)
    valgus = _solve_valgus(body, base(1.0), "left", fppa)

    def angles(t: float) -> dict[str, float]:
        u = SLS_REPS(t)
        a = base(u)
        a["hip_adduction_left"] += valgus * u
        a["knee_valgus_left"] = valgus * u
        return a

    return Clip(
        name="single_leg_squat_front_left",
        description="Single-leg squat facing the camera: stands on the left leg, right leg "
        "lifted forward (thigh 60 deg forward of vertical, knee 90 deg); 3 reps to 60 deg "
        "left knee flexion with a 5 deg right (contralateral) pelvic drop and left knee "
        "valgus (frontal-plane projection angle 10 deg) at the bottom.",
        duration_s=SLS_REPS.duration_s,
        subjects=(Subject(WOMAN, GREEN_TOP, angles, flat_feet=("left",), anchor_feet=("left",)),),
        view=View(azimuth_deg=0.0, height_m=1.0, yfov_deg=55.0, margin=0.08),
        reps=SLS_REPS.events(),
        notes={
            "peak_knee_flexion_left_deg": knee,
            "peak_pelvis_right_drop_deg": drop,
            "peak_knee_fppa_left_deg": fppa,
            "extra_hip_adduction_and_knee_valgus_left_deg": valgus,
        },
    )


def _posture_angles(body: Body, drop_m: float, forward_head_deg: float) -> dict[str, float]:
    """Right clavicle depression giving a ``drop_m`` lower right shoulder joint."""
    base = {"neck_flexion": forward_head_deg, "head_flexion": -forward_head_deg}

    def drop(a: float) -> float:
        p = body.pose(base | {"clavicle_depression_right": a})
        return float(p.joints["left_shoulder"][2] - p.joints["right_shoulder"][2])

    lo, hi = 0.0, 40.0
    for _ in range(30):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if drop(mid) < drop_m else (lo, mid)
    return base | {"clavicle_depression_right": round((lo + hi) / 2, 3)}


def _posture(name: str, azimuth_deg: float) -> Clip:
    drop_m, head_deg = 0.03, 15.0
    angles = _posture_angles(Body(MAN, BLUE_SHIRT), drop_m, head_deg)
    return Clip(
        name=name,
        description="Standing still (photo). Right shoulder 3 cm lower than the left "
        "(right shoulder girdle depressed; rig_plane.shoulder_height_left_minus_right), "
        "forward head: neck inclined 15 deg forward relative to the trunk with the head "
        "levelled back 15 deg (head translated forward).",
        duration_s=0.0,
        subjects=(Subject(MAN, BLUE_SHIRT, lambda t: dict(angles)),),
        view=View(azimuth_deg=azimuth_deg, height_m=1.3, yfov_deg=55.0, margin=0.08),
        still=True,
        notes={"right_shoulder_drop_m": drop_m, "forward_head_neck_flexion_deg": head_deg},
    )


def posture_front() -> Clip:
    """Standing posture photo, front view."""
    return _posture("posture_front", 0.0)


def posture_side() -> Clip:
    """Standing posture photo, left side view."""
    return _posture("posture_side", 90.0)


def overhead_reach_wrong_view() -> Clip:
    """overhead_reach_side_left filmed with the camera 45 deg off the side view."""
    clip = overhead_reach_side_left()
    return Clip(
        name="overhead_reach_wrong_view",
        description="Same subject and movement as overhead_reach_side_left (left arm to 170 "
        "deg, 2 reps) but the camera is 45 deg off the side view (between the front and "
        "the left side): the sagittal plane is not square to the camera, so 2D angles are "
        "wrong; the product should warn.",
        duration_s=clip.duration_s,
        subjects=clip.subjects,
        view=View(azimuth_deg=45.0, height_m=1.2, yfov_deg=55.0, margin=0.06),
        reps=clip.reps,
        notes=clip.notes | {"camera_azimuth_from_side_view_deg": 45.0},
    )


def two_people() -> Clip:
    """Two people in a landscape frame: one raises both arms, the other squats."""
    reps = REACH_REPS

    def reach(t: float) -> dict[str, float]:
        u = reps(t)
        return {"shoulder_flexion_left": 160.0 * u, "shoulder_flexion_right": 160.0 * u}

    def squat(t: float) -> dict[str, float]:
        return _squat(reps(t), **SQUAT)

    return Clip(
        name="two_people",
        description="Two people facing the camera (landscape): on the image left an older "
        "man raises both arms to 160 deg, on the right a woman squats to 100 deg knee "
        "flexion; 2 reps each, in step. The truth's top-level frame fields describe the "
        "first (left) person, other_subjects the second.",
        duration_s=reps.duration_s,
        subjects=(
            Subject(OLDER_HEAVY_MAN, GREEN_TOP, reach, position_m=(-0.55, 0.0)),
            Subject(TALL_SLIM_WOMAN, RED_TOP_DARK_SKIN, squat, position_m=(0.55, 0.1), yaw_deg=-10.0),
        ),
        view=View(azimuth_deg=0.0, height_m=1.2, yfov_deg=45.0, margin=0.06, size_px=(1280, 720)),
        reps=reps.events(),
    )


def no_person() -> Clip:
    """An empty rendered room, 1 s."""
    return Clip(
        name="no_person",
        description="The empty room (floor and background) of the other clips, nobody in it, 1 s.",
        duration_s=1.0,
        subjects=(),
        fixed_camera=look_from(0.0, 3.0, 1.2, (0.0, 0.0, 1.0)),
    )


# ---------------------------------------------------------------------------------------------
# Non-protocol movements (every screen must reject them) and real-life situations. Their truth
# JSON is compact (set angles, rig-plane measures and 2D joints per frame): the point is the
# situation, not 2D angle agreement.

GAIT_CYCLE_S = 1.1  # one stride (two steps)
GAIT_SPEED_M_S = 1.2


def _bump(phase: float, centre: float, width: float) -> float:
    """Gaussian bump on the gait cycle (phase and centre in cycles, wrapped)."""
    d = (phase - centre + 0.5) % 1.0 - 0.5
    return math.exp(-((d / width) ** 2))


def _walk_leg(side: str, phase: float) -> dict[str, float]:
    """Sagittal leg and arm angles of one side at ``phase`` of its gait cycle (0 = heel strike).

    Hip flexion 30 deg at heel strike to -10 deg at toe-off, knee 15 deg at loading and 60 deg
    in swing, ankle 8 deg dorsiflexion at mid-stance and 15 deg plantarflexion at push-off; the
    arm swings opposite to the leg (shoulder flexion -15 to +20 deg), elbow 15-30 deg.
    """
    c = math.cos(2 * math.pi * phase)
    return {
        f"hip_flexion_{side}": 10.0 + 20.0 * c,
        f"knee_flexion_{side}": 4.0 + 12.0 * _bump(phase, 0.12, 0.07) + 56.0 * _bump(phase, 0.72, 0.11),
        f"ankle_dorsiflexion_{side}": 8.0 * _bump(phase, 0.4, 0.1) - 15.0 * _bump(phase, 0.6, 0.06),
        f"shoulder_flexion_{side}": 2.5 - 17.5 * c,
        f"elbow_flexion_{side}": 22.0 - 8.0 * c,
    }


def _walk(t: float, phase0: float = 0.0) -> dict[str, float]:
    """Walking angles at time ``t`` (s): both legs half a cycle apart, trunk slightly forward."""
    phase = (t / GAIT_CYCLE_S + phase0) % 1.0
    return {"pelvis_forward_tilt": 3.0, **_walk_leg("left", phase), **_walk_leg("right", (phase + 0.5) % 1.0)}


def _walker(body: Phenotype, colours: Colours, start_xy: tuple[float, float], heading_deg: float) -> Subject:
    """A person walking at ``GAIT_SPEED_M_S`` from ``start_xy`` (m), facing and moving along ``heading_deg``.

    ``heading_deg`` is the yaw (0 = facing ``-y``, 90 = facing ``+x``). The feet follow the leg
    chain (no anchoring), the lowest point touches the floor.
    """
    h = math.radians(heading_deg)
    direction = (math.sin(h), -math.cos(h))

    def travel(t: float) -> tuple[float, float, float]:
        d = GAIT_SPEED_M_S * t
        return (d * direction[0], d * direction[1], 0.0)

    return Subject(
        body, colours, _walk, flat_feet=(), anchor_feet=(), position_m=start_xy, yaw_deg=heading_deg, travel=travel
    )


def walk_side() -> Clip:
    """Walking across the image, left side toward the camera, 3 s (landscape)."""
    duration = 3.0
    return Clip(
        name="walk_side",
        description="Not a protocol movement: a man walks across the image from right to left at 1.2 m/s "
        "(stride 1.1 s), his left side toward the camera, 3 s. Every screen should reject it.",
        duration_s=duration,
        subjects=(_walker(MAN, GREY_SHORTS, (0.0, 1.8), 0.0),),
        view=View(azimuth_deg=90.0, height_m=1.2, yfov_deg=40.0, margin=0.06, size_px=(1280, 720)),
        notes={"movement": "walking", "speed_m_s": GAIT_SPEED_M_S, "gait_cycle_s": GAIT_CYCLE_S},
        compact_truth=True,
    )


def walk_front() -> Clip:
    """Walking toward the camera, 3 s."""
    duration = 3.0
    return Clip(
        name="walk_front",
        description="Not a protocol movement: a woman walks toward the camera at 1.2 m/s (3.6 m in 3 s, "
        "growing in the image), facing it. Every screen should reject it.",
        duration_s=duration,
        subjects=(_walker(WOMAN, RED_TOP_DARK_SKIN, (0.0, 1.8), 0.0),),
        view=View(azimuth_deg=0.0, height_m=1.3, yfov_deg=55.0, margin=0.06),
        notes={"movement": "walking toward the camera", "speed_m_s": GAIT_SPEED_M_S, "gait_cycle_s": GAIT_CYCLE_S},
        compact_truth=True,
    )


JUMP_S = 1.5  # one jump, stand -> stand


def _jump_keys(t0: float) -> list[tuple[float, dict[str, float]]]:
    """Key poses of one counter-movement jump starting at ``t0`` (s); flight from +0.55 to +0.95 s."""

    def crouch(
        knee: float, shank: float, trunk: float, arms: float, elbow: float, ankle: float | None = None
    ) -> dict[str, float]:
        """Knee flexion, shank forward lean, trunk forward lean, arms and elbows (deg); the ankle
        angle keeps the foot flat unless given (negative = toes pointed)."""
        a = {"pelvis_forward_tilt": trunk}
        for side in ("left", "right"):
            a |= {
                f"knee_flexion_{side}": knee,
                f"hip_flexion_{side}": knee - shank + trunk,
                f"ankle_dorsiflexion_{side}": shank if ankle is None else ankle,
                f"shoulder_flexion_{side}": arms,
                f"elbow_flexion_{side}": elbow,
            }
        return a

    def r(x: float) -> float:
        return round(t0 + x, 6)

    return [
        (r(0.35), crouch(75.0, 25.0, 35.0, -45.0, 20.0)),
        (r(0.55), crouch(2.0, 0.0, 0.0, 150.0, 10.0, ankle=-35.0)),
        (r(0.75), crouch(15.0, 0.0, 5.0, 120.0, 15.0, ankle=-25.0)),
        (r(0.95), crouch(8.0, 0.0, 3.0, 70.0, 15.0, ankle=-15.0)),
        (r(1.2), crouch(50.0, 20.0, 25.0, 30.0, 25.0)),
        (r(JUMP_S), crouch(0.0, 0.0, 0.0, 0.0, 5.0)),
    ]


def _jumps(n: int, start_s: float, flight_s: float = 0.4) -> tuple[Keyframes, Callable[[float], tuple]]:
    """Angles and lift (ballistic flight) of ``n`` jumps in place from ``start_s`` (s)."""
    rest = {"pelvis_forward_tilt": 0.0, "elbow_flexion_left": 5.0, "elbow_flexion_right": 5.0}
    keys: list[tuple[float, dict[str, float]]] = [(0.0, rest), (start_s, {})]
    for k in range(n):
        keys += _jump_keys(start_s + k * JUMP_S)

    def lift(t: float) -> tuple[float, float, float]:
        u = t - start_s
        k = int(u // JUMP_S)
        f = u - k * JUMP_S - 0.55
        if u < 0 or k >= n or not 0 < f < flight_s:
            return (0.0, 0.0, 0.0)
        return (0.0, 0.0, 0.5 * 9.81 * f * (flight_s - f))

    return Keyframes(tuple(keys)), lift


def _jump_clip(name: str, azimuth_deg: float, body: Phenotype, colours: Colours, what: str) -> Clip:
    n, start = 2, 0.3
    angles, lift = _jumps(n, start)
    return Clip(
        name=name,
        description=f"Not a protocol movement: two counter-movement jumps in place ({what}): crouch to 75 deg "
        "knee flexion with the arms swung back, take-off with the arms swung up to 150 deg, 0.4 s flight "
        "(~20 cm), landing absorbed to 50 deg knee flexion. Every screen should reject it.",
        duration_s=start + n * JUMP_S + 0.3,
        subjects=(Subject(body, colours, angles, flat_feet=(), travel=lift),),
        view=View(azimuth_deg=azimuth_deg, height_m=1.1, yfov_deg=55.0, margin=0.08),
        notes={
            "movement": "jumping in place",
            "jumps": [{"crouch_s": start + k * JUMP_S + 0.35, "flight_s": [start + k * JUMP_S + 0.55,
                                                                          start + k * JUMP_S + 0.95]}
                      for k in range(n)],
            "flight_height_m": round(9.81 * 0.4**2 / 8, 3),
        },
        compact_truth=True,
    )


def jump_front() -> Clip:
    """Two jumps in place, facing the camera."""
    return _jump_clip("jump_front", 0.0, MUSCULAR_MAN, PURPLE_TOP, "facing the camera")


def jump_side() -> Clip:
    """Two jumps in place, left side toward the camera."""
    return _jump_clip("jump_side", 90.0, TALL_SLIM_WOMAN, GREY_SHORTS, "left side toward the camera")


def stand_still_front() -> Clip:
    """Standing still facing the camera, 4 s, with a slight postural sway."""

    def angles(t: float) -> dict[str, float]:
        sway = math.sin(2 * math.pi * t / 3.1)
        return {
            "pelvis_forward_tilt": 1.0 * sway,
            "trunk_right_lateral_flexion": 0.8 * math.sin(2 * math.pi * t / 2.3),
            "elbow_flexion_left": 8.0,
            "elbow_flexion_right": 10.0,
            "head_flexion": 3.0 * math.sin(2 * math.pi * t / 4.0),
        }

    return Clip(
        name="stand_still_front",
        description="Not a protocol movement (except posture): standing still facing the camera, arms "
        "hanging, 4 s, with a slight sway (pelvis +-1 deg forward, trunk +-0.8 deg sideways, head +-3 deg). "
        "The movement screens should reject it.",
        duration_s=4.0,
        subjects=(Subject(OLDER_HEAVY_MAN, YELLOW_TOP, angles),),
        view=View(azimuth_deg=0.0, height_m=1.3, yfov_deg=55.0, margin=0.08),
        notes={"movement": "standing still"},
        compact_truth=True,
    )


def arm_wave_front() -> Clip:
    """Casual arm swinging, then a right-hand wave, facing the camera, 4 s."""
    keys: list[tuple[float, dict[str, float]]] = [(0.0, {"elbow_flexion_left": 10.0, "elbow_flexion_right": 10.0})]
    t = 0.0
    for k in range(3):  # loose arm swings, arms opposite
        a = 25.0 if k % 2 == 0 else -20.0
        t = round(t + 0.4, 6)
        keys.append((t, {"shoulder_flexion_left": a, "shoulder_flexion_right": -a, "elbow_flexion_left": 20.0}))
    t = round(t + 0.4, 6)
    keys.append((t, {"shoulder_flexion_left": 0.0, "shoulder_flexion_right": 0.0, "elbow_flexion_left": 10.0}))
    t = round(t + 0.5, 6)
    keys.append((t, {"shoulder_abduction_right": 115.0, "shoulder_flexion_right": 20.0, "elbow_flexion_right": 60.0}))
    for k in range(4):  # wave: the forearm sways at the elbow
        t = round(t + 0.3, 6)
        keys.append((t, {"elbow_flexion_right": 30.0 if k % 2 == 0 else 75.0}))
    t = round(t + 0.5, 6)
    keys.append((t, {"shoulder_abduction_right": 0.0, "shoulder_flexion_right": 0.0, "elbow_flexion_right": 10.0}))
    keys.append((4.0, {}))
    return Clip(
        name="arm_wave_front",
        description="Not a protocol movement: facing the camera, the arms swing loosely forward and back "
        "(+-20-25 deg, opposite), then the right hand waves (arm out to the side 115 deg, elbow 30-75 deg "
        "sway, 4 times) and drops, 4 s. The reach screen should reject it (the arm is not raised forward "
        "overhead), the other screens too.",
        duration_s=4.0,
        subjects=(Subject(SHORT_HEAVY_WOMAN, GREEN_TOP, Keyframes(tuple(keys))),),
        view=View(azimuth_deg=0.0, height_m=1.2, yfov_deg=55.0, margin=0.08),
        notes={"movement": "arm swinging and waving", "keyframes": [[k, v] for k, v in keys]},
        compact_truth=True,
    )


BACKLIGHT = Lighting(
    ambient=0.08,
    key_intensity=6.0,
    fill_intensity=0.25,
    key_azimuth_deg=180.0,
    key_elevation_deg=25.0,
    background=(250, 248, 240),
    floor=(200, 195, 185),
)


def squat_walker_backlit() -> Clip:
    """A man squats (side view) while a woman walks past behind him, backlit, landscape."""
    reps = SQUAT_REPS

    def squat(t: float) -> dict[str, float]:
        return _squat(reps(t), **SQUAT)

    # The walker is 1.6 m further from the camera (at -x, camera at +x) and crosses the whole image.
    walker = _walker(TALL_SLIM_WOMAN, BLUE_SHIRT, (-1.6, -3.2), 180.0)
    return Clip(
        name="squat_walker_backlit",
        description="Two people, backlit: strong light from behind the people toward the camera, a bright "
        "background, dim front light (faces and fronts dark). In front a man squats 3 reps to 100 deg knee "
        "flexion, left side toward the camera (as squat_side); 1.6 m behind him a woman walks across the "
        "image at 1.2 m/s (enters on the left at about 0.2 s, leaves on the right at about 5 s) and passes "
        "behind him. The screen should analyse the squatter and report the second person.",
        duration_s=reps.duration_s,
        subjects=(Subject(MUSCULAR_MAN, YELLOW_TOP, squat), walker),
        view=View(azimuth_deg=90.0, height_m=1.1, yfov_deg=42.0, margin=0.06, size_px=(1280, 720), fit_subjects=(0,)),
        reps=reps.events(),
        lighting=BACKLIGHT,
        notes={**SQUAT, "subject": "first (squats)", "other": "walks past behind", "walker_speed_m_s": GAIT_SPEED_M_S},
        compact_truth=True,
    )


def enter_then_reach() -> Clip:
    """A person walks into the image from the right, stops, then does 2 left-arm overhead reaches."""
    walk_s, settle_s, peak = 1.6, 0.2, 165.0
    start = walk_s + settle_s
    reach_reps = RepProfile(reps=2, rep_s=1.6, hold_start_s=start, hold_end_s=0.2)
    distance = GAIT_SPEED_M_S * walk_s * 0.75  # eased: average speed 3/4 of the walking speed

    def travel(t: float) -> tuple[float, float, float]:
        u = min(t / walk_s, 1.0)
        # Constant speed, slowing down over the last third to a stop at walk_s.
        s = u if u < 2 / 3 else 2 / 3 + (u - 2 / 3) - 1.5 * (u - 2 / 3) ** 2
        return (0.0, distance * (1.0 - s / (5 / 6)), 0.0)

    def angles(t: float) -> dict[str, float]:
        if t < walk_s:
            w = min(1.0, (walk_s - t) / 0.5)  # the gait fades out over the last 0.5 s
            return {k: v * w for k, v in _walk(t).items()} | {"shoulder_flexion_left": 0.0}
        return {"shoulder_flexion_left": peak * reach_reps(t)}

    return Clip(
        name="enter_then_reach",
        description=f"A person walks into the image (from the image right, left side toward the camera), "
        f"stops at {walk_s:.1f} s, stands still {settle_s:.1f} s, then raises the left arm forward to "
        f"{peak:.0f} deg shoulder flexion and back twice, elbow straight. At frame 0 the person is outside the "
        "image. The reach screen should find the reaches and ignore the entry.",
        duration_s=reach_reps.duration_s,
        subjects=(Subject(WOMAN, PURPLE_TOP, angles, flat_feet=(), anchor_feet=(), travel=travel),),
        view=View(azimuth_deg=90.0, height_m=1.2, yfov_deg=55.0, margin=0.08, fit_from_s=walk_s),
        reps=reach_reps.events(),
        notes={"peak_shoulder_flexion_left_deg": peak, "stops_at_s": walk_s, "walk_distance_m": round(distance, 3)},
        compact_truth=True,
    )


def squat_partial_body() -> Clip:
    """Side-view squat framed from the head to the knees (feet and shins out of the image)."""
    reps = RepProfile(reps=2, rep_s=1.6, hold_start_s=0.2, hold_end_s=0.2)

    def squat(t: float) -> dict[str, float]:
        return _squat(reps(t), **SQUAT)

    return Clip(
        name="squat_partial_body",
        description="Partial body: a bodyweight squat, 2 reps to 100 deg knee flexion, left side toward the "
        "camera (landscape, close), framed from the head to about the knees "
        "(the camera fits only the body above 0.5 m): "
        "ankles, feet and most of the shins are out of the image. The screen should say what it cannot "
        "measure (ankle, heel) rather than guess.",
        duration_s=reps.duration_s,
        subjects=(Subject(MAN, RED_TOP_DARK_SKIN, squat),),
        view=View(azimuth_deg=90.0, height_m=1.2, yfov_deg=45.0, margin=0.03, size_px=(1280, 720), fit_above_m=0.5),
        reps=reps.events(),
        notes={**SQUAT, "framing": "head to knees (body above 0.5 m)"},
        compact_truth=True,
    )


# Standing forward bend (toe touch): the pelvis pitches forward on the thighs (hip flexion) and the
# trunk flexes on the pelvis (lumbar flexion), arms hanging toward the feet, knees straight.
TOE_TOUCH_REPS = RepProfile(reps=2, rep_s=2.4, hold_start_s=0.3, hold_end_s=0.3)  # 5.4 s
TOE_TOUCH = {"hinge_deg": 65.0, "curl_deg": 35.0, "knee_deg": 3.0}


def _toe_touch(u: float, hinge_deg: float, curl_deg: float, knee_deg: float, lateral_deg: float = 0.0) -> dict:
    """Forward bend at fraction ``u``: pelvis pitched ``hinge_deg``, trunk flexed ``curl_deg`` on it."""
    hinge, curl = hinge_deg * u, curl_deg * u
    return {
        "pelvis_forward_tilt": hinge,
        "hip_flexion_left": hinge,  # the thighs stay vertical: hip flexion (thigh to pelvis) = the pelvis's pitch
        "hip_flexion_right": hinge,
        "trunk_extension": -curl,
        "trunk_right_lateral_flexion": lateral_deg * u,
        "neck_flexion": 15.0 * u,
        "shoulder_flexion_left": hinge + curl,
        "shoulder_flexion_right": hinge + curl,
        "knee_flexion_left": knee_deg * u,
        "knee_flexion_right": knee_deg * u,
    }


def _fingertip_gap(body: Body, angles: dict[str, float]) -> dict[str, float]:
    """Truth of the fingertip-to-floor distance at the bottom: lowest hand vertex above the lowest foot vertex (m).

    Returned with the standing height (m) and the distance in % of it, the unit the screen reports.
    """
    posed = body.pose(angles)
    z = posed.vertices[:, 2]
    hand = np.isin(body.vertex_segment, ["forearm_left", "forearm_right"])
    gap = float(z[hand].min() - z.min())
    return {"fingertip_floor_gap_m": round(gap, 4), "standing_height_m": round(body.standing_height_m, 4),
            "fingertip_floor_gap_pct_height": round(100.0 * gap / body.standing_height_m, 2)}


def toe_touch_side() -> Clip:
    """Standing forward bend toward the toes, 2 reps, left side to camera, knees straight."""

    def angles(t: float) -> dict[str, float]:
        return _toe_touch(TOE_TOUCH_REPS(t), **TOE_TOUCH)

    return Clip(
        name="toe_touch_side",
        description="Standing forward bend (toe touch), left side toward the camera, 2 reps: pelvis pitched 65 deg "
        "forward on the thighs, trunk flexed 35 deg on the pelvis, arms hanging toward the feet, knees straight "
        "(3 deg); the thighs stay vertical (hip flexion to the pelvis = its pitch).",
        duration_s=TOE_TOUCH_REPS.duration_s,
        subjects=(Subject(TALL_SLIM_WOMAN, GREY_SHORTS, angles),),
        view=View(azimuth_deg=90.0, height_m=1.0, yfov_deg=50.0, margin=0.08),
        reps=TOE_TOUCH_REPS.events(),
        notes=dict(TOE_TOUCH) | _fingertip_gap(Body(TALL_SLIM_WOMAN, GREY_SHORTS), _toe_touch(1.0, **TOE_TOUCH)),
    )


def toe_touch_front() -> Clip:
    """The same forward bend facing the camera, the trunk deviating to the right at the bottom."""
    lateral = 12.0

    def angles(t: float) -> dict[str, float]:
        return _toe_touch(TOE_TOUCH_REPS(t), **TOE_TOUCH, lateral_deg=lateral)

    return Clip(
        name="toe_touch_front",
        description="Standing forward bend (toe touch) facing the camera, 2 reps, as toe_touch_side, with the trunk "
        "bending 12 deg to the right (trunk_right_lateral_flexion) at the bottom: a sideways deviation.",
        duration_s=TOE_TOUCH_REPS.duration_s,
        subjects=(Subject(MAN, BLUE_SHIRT, angles),),
        view=View(azimuth_deg=0.0, height_m=1.0, yfov_deg=50.0, margin=0.08),
        reps=TOE_TOUCH_REPS.events(),
        notes={**TOE_TOUCH, "lateral_deg": lateral}
        | _fingertip_gap(Body(MAN, BLUE_SHIRT), _toe_touch(1.0, **TOE_TOUCH, lateral_deg=lateral)),
    )


CLIPS: dict[str, Callable[[], Clip]] = {
    f.__name__: f
    for f in (
        overhead_reach_side_left,
        overhead_reach_side_right,
        overhead_reach_front,
        overhead_reach_trunk_extension,
        hip_rotation_seated_front,
        squat_front,
        squat_side,
        single_leg_squat_front_left,
        posture_front,
        posture_side,
        overhead_reach_wrong_view,
        two_people,
        no_person,
        walk_side,
        walk_front,
        jump_front,
        jump_side,
        stand_still_front,
        arm_wave_front,
        squat_walker_backlit,
        enter_then_reach,
        squat_partial_body,
        toe_touch_side,
        toe_touch_front,
    )
}
