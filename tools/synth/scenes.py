"""One function per test clip; every parameter is explicit here.

Each function returns a :class:`tools.synth.clip.Clip`. ``CLIPS`` maps the clip
name to its function, in the order the CLI renders them.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from tools.synth.body import Body, Colours, Phenotype
from tools.synth.clip import Clip, Keyframes, RepProfile, Subject, View
from tools.synth.render import look_from
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
    )
}
