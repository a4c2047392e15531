"""A fourth held-out set, for the people census: far people, made after the zoom tiles were chosen.

``python -m tools.synth --set recog_holdout4`` renders it to ``bench/data/recog_holdout4/``
(git-ignored); ``python bench/recognition.py --data bench/data/recog_holdout4 --cache
bench/data/recog_holdout4_landmarks`` analyses every clip under every protocol. The census's zoom
tiles (half the short side, ``screening/pose/census.py``) were chosen on the two far people that
``recog_holdout2`` missed; this set was defined after that change was committed, on bodies, looks,
lights, cameras and image sizes used nowhere else (1280×720, 720×1280, 1024×768; camera heights
1.05–1.45 m): protocol movements with a second person far behind (about a fifth to a third of the
image height: standing, walking across, turned away), and two one-person clips whose zoomed hands and
feet must not count as people.

Its first render put the second person outside the image in three of the five two-person scenes (for the
side views "behind" was taken along the wrong axis: see ``recog_holdout5``); only ``squat_front_far_person4``
and ``stand_still_far_walker4`` show two people. The walker of the latter led to searching the census's
larger tiles at every count, so this set is fit data for that change.
"""

from __future__ import annotations

from collections.abc import Callable

from tools.synth.body import Colours, Phenotype
from tools.synth.clip import Clip, RepProfile, Subject, View
from tools.synth.recog_holdout import _mover, _sway, _truth
from tools.synth.render import Lighting
from tools.synth.scenes import _squat

# Bodies and looks used nowhere else in tools/synth.
SOLID_MAN = Phenotype(gender=0.08, age=0.79, muscle=0.72, weight=0.66, height=0.47, proportions=0.5)
SLIGHT_WOMAN = Phenotype(gender=0.92, age=0.71, muscle=0.36, weight=0.3, height=0.43, proportions=0.57)
LANKY_MAN = Phenotype(gender=0.18, age=0.68, muscle=0.5, weight=0.38, height=0.7, proportions=0.42)
OLDER_WOMAN = Phenotype(gender=0.74, age=0.99, muscle=0.33, weight=0.62, height=0.39, proportions=0.46)
BROAD_WOMAN = Phenotype(gender=0.58, age=0.76, muscle=0.64, weight=0.74, height=0.52, proportions=0.51)

TEAL_TRACK = Colours(skin=(185, 135, 100), shirt=(20, 120, 120), trousers=(20, 60, 60), shoes=(235, 235, 235),
                     hair=(30, 20, 15), long_sleeves=True)
RED_TEE = Colours(skin=(125, 88, 62), shirt=(190, 30, 40), trousers=(45, 45, 50), shoes=(250, 250, 250),
                  hair=(12, 10, 9), shorts=True)
KHAKI = Colours(skin=(238, 200, 172), shirt=(190, 175, 130), trousers=(110, 95, 70), shoes=(50, 40, 30),
                hair=(200, 170, 110))
NAVY_STRIPE = Colours(skin=(160, 112, 80), shirt=(35, 45, 90), trousers=(180, 180, 185), shoes=(90, 30, 30),
                      hair=(45, 30, 22))
LILAC = Colours(skin=(215, 170, 140), shirt=(180, 150, 210), trousers=(70, 60, 80), shoes=(20, 20, 20),
                hair=(90, 55, 30), long_sleeves=True)

GYM = Lighting(ambient=0.33, key_intensity=2.6, fill_intensity=0.7, key_azimuth_deg=-55.0, key_elevation_deg=40.0,
               background=(205, 200, 185), floor=(125, 120, 110))
HALL = Lighting(ambient=0.4, key_intensity=2.2, fill_intensity=0.9, key_azimuth_deg=15.0, key_elevation_deg=70.0,
                background=(175, 185, 195), floor=(105, 110, 115))
WINDOW = Lighting(ambient=0.24, key_intensity=3.2, fill_intensity=0.5, key_azimuth_deg=75.0, key_elevation_deg=20.0,
                  background=(235, 230, 215), floor=(150, 140, 125))

WIDE3 = (1280, 720)
TALL3 = (720, 1280)
FOUR_THREE = (1024, 768)

SQUAT_REPS4 = RepProfile(reps=3, rep_s=1.6, hold_start_s=0.4, hold_end_s=0.3)  # 5.5 s
REACH_REPS4 = RepProfile(reps=3, rep_s=1.5, hold_start_s=0.4, hold_end_s=0.3)  # 5.2 s


def _stander(body: Phenotype, colours: Colours, position_m: tuple[float, float], yaw_deg: float) -> Subject:
    """A second person standing still with a slight sway at ``position_m``, turned ``yaw_deg``."""
    return Subject(body, colours, lambda t: _sway(t, {"elbow_flexion_left": 10.0, "elbow_flexion_right": 12.0}),
                   position_m=position_m, yaw_deg=yaw_deg)


def squat_side_far_person4() -> Clip:
    """Side squat; a second person stands 5 m further back, to the image right."""
    depth = {"knee_deg": 95.0, "shank_deg": 28.0, "trunk_deg": 35.0, "arms_deg": 90.0}
    return Clip(
        name="squat_side_far_person4",
        description="Two people: a solid man squats 3 reps to 95 deg, left side toward the camera; a slight woman "
        "stands still 5 m further back and to the image right (about a fifth of the image height). Camera 1.1 m "
        "high, landscape.",
        duration_s=SQUAT_REPS4.duration_s,
        subjects=(Subject(SOLID_MAN, TEAL_TRACK, lambda t: _squat(SQUAT_REPS4(t), **depth)),
                  _stander(SLIGHT_WOMAN, RED_TEE, (-2.6, 5.0), -90.0)),
        view=View(azimuth_deg=90.0, height_m=1.1, yfov_deg=50.0, margin=0.06, size_px=WIDE3, fit_subjects=(0,),
                  aim_at_body=True),
        lighting=GYM,
        reps=SQUAT_REPS4.events(),
        notes=_truth("squat", "side squat, a person standing far behind", people=2, performer=0,
                     performer_more_prominent=True) | depth,
        compact_truth=True,
    )


def reach_side_far_walker4() -> Clip:
    """Side reach (right arm); a second person walks across 5.5 m further back."""
    peak = 160.0

    def angles(t: float) -> dict[str, float]:
        return {"shoulder_flexion_right": peak * REACH_REPS4(t), "elbow_flexion_right": 5.0}

    return Clip(
        name="reach_side_far_walker4",
        description="Two people: a lanky man reaches overhead with the right arm, 3 reps to 160 deg, right side "
        "toward the camera; an older woman walks across 5.5 m further back at 1.0 m/s (about a fifth of the image "
        "height). Camera 1.3 m high, portrait.",
        duration_s=REACH_REPS4.duration_s,
        subjects=(Subject(LANKY_MAN, KHAKI, angles),
                  _mover(OLDER_WOMAN, NAVY_STRIPE, (2.6, 5.5), 180.0, speed_m_s=1.0, phase0=0.3)),
        view=View(azimuth_deg=-90.0, height_m=1.3, yfov_deg=55.0, margin=0.06, size_px=TALL3, fit_subjects=(0,),
                  aim_at_body=True),
        lighting=HALL,
        reps=REACH_REPS4.events(),
        notes=_truth("overhead_reach", "side reach, a person walking across far behind", people=2, performer=0,
                     performer_more_prominent=True) | {"peak_shoulder_flexion_right_deg": peak},
        compact_truth=True,
    )


def squat_front_far_person4() -> Clip:
    """Front squat; a second person stands 6 m further back, turned half away, to the image left."""
    depth = {"knee_deg": 90.0, "shank_deg": 26.0, "trunk_deg": 32.0, "arms_deg": 85.0}
    return Clip(
        name="squat_front_far_person4",
        description="Two people: a broad woman squats 3 reps to 90 deg facing the camera; a solid man stands still "
        "6 m further back, to the image left, turned half away (about a fifth of the image height). "
        "Camera 1.05 m high, 1024x768.",
        duration_s=SQUAT_REPS4.duration_s,
        subjects=(Subject(BROAD_WOMAN, LILAC, lambda t: _squat(SQUAT_REPS4(t), **depth)),
                  _stander(SOLID_MAN, KHAKI, (-2.2, 6.0), 160.0)),
        view=View(azimuth_deg=4.0, height_m=1.05, yfov_deg=48.0, margin=0.06, size_px=FOUR_THREE, fit_subjects=(0,)),
        lighting=WINDOW,
        reps=SQUAT_REPS4.events(),
        notes=_truth("squat", "front squat, a person standing far behind, turned half away", people=2, performer=0,
                     performer_more_prominent=True) | depth,
        compact_truth=True,
    )


def stand_still_far_walker4() -> Clip:
    """Standing still facing the camera (posture); a second person walks across 4.5 m further back."""
    return Clip(
        name="stand_still_far_walker4",
        description="Two people: an older woman stands still facing the camera, arms hanging, slight sway; a lanky "
        "man walks across 4.5 m further back at 1.2 m/s (about a quarter of the image height). Camera 1.2 m high, "
        "portrait.",
        duration_s=4.0,
        subjects=(Subject(OLDER_WOMAN, TEAL_TRACK, lambda t: _sway(t, {"elbow_flexion_left": 8.0,
                                                                      "elbow_flexion_right": 6.0})),
                  _mover(LANKY_MAN, RED_TEE, (-2.4, 4.5), 90.0, speed_m_s=1.2, phase0=0.6)),
        view=View(azimuth_deg=-3.0, height_m=1.2, yfov_deg=56.0, margin=0.07, size_px=TALL3, fit_subjects=(0,)),
        lighting=GYM,
        notes=_truth("posture", "standing still, a person walking across far behind", people=2, performer=0,
                     performer_more_prominent=True),
        compact_truth=True,
    )


def squat_side_far_pair_view4() -> Clip:
    """Side squat (right side); a second person stands 4 m further back, to the image left; camera 1.45 m high."""
    depth = {"knee_deg": 100.0, "shank_deg": 30.0, "trunk_deg": 38.0, "arms_deg": 90.0}
    return Clip(
        name="squat_side_far_pair_view4",
        description="Two people: a slight woman squats 3 reps to 100 deg, right side toward the camera; a broad "
        "woman stands still 4 m further back, to the image left (about a quarter of the image height). "
        "Camera 1.45 m high, 1024x768.",
        duration_s=SQUAT_REPS4.duration_s,
        subjects=(Subject(SLIGHT_WOMAN, NAVY_STRIPE, lambda t: _squat(SQUAT_REPS4(t), **depth)),
                  _stander(BROAD_WOMAN, KHAKI, (1.8, 4.0), 0.0)),
        view=View(azimuth_deg=-90.0, height_m=1.45, yfov_deg=52.0, margin=0.06, size_px=FOUR_THREE,
                  fit_subjects=(0,), aim_at_body=True),
        lighting=HALL,
        reps=SQUAT_REPS4.events(),
        notes=_truth("squat", "side squat, a person standing behind", people=2, performer=0,
                     performer_more_prominent=True) | depth,
        compact_truth=True,
    )


def reach_side_alone4() -> Clip:
    """One person: a left-arm side reach (the zoomed hand must not count as a person)."""
    peak = 170.0

    def angles(t: float) -> dict[str, float]:
        return {"shoulder_flexion_left": peak * REACH_REPS4(t), "elbow_flexion_left": 3.0}

    return Clip(
        name="reach_side_alone4",
        description="Overhead reach of the left arm, 3 reps to 170 deg, left side toward the camera; one person. "
        "Camera 1.3 m high, landscape.",
        duration_s=REACH_REPS4.duration_s,
        subjects=(Subject(BROAD_WOMAN, RED_TEE, angles),),
        view=View(azimuth_deg=90.0, height_m=1.3, yfov_deg=50.0, margin=0.06, size_px=WIDE3, aim_at_body=True),
        lighting=WINDOW,
        reps=REACH_REPS4.events(),
        notes=_truth("overhead_reach", "side reach, one person") | {"peak_shoulder_flexion_left_deg": peak},
        compact_truth=True,
    )


def squat_front_alone4() -> Clip:
    """One person: a front squat, portrait (zoomed hands and feet must not count as people)."""
    depth = {"knee_deg": 95.0, "shank_deg": 27.0, "trunk_deg": 33.0, "arms_deg": 90.0}
    return Clip(
        name="squat_front_alone4",
        description="Bodyweight squat, 3 reps to 95 deg facing the camera; one person. Camera 1.15 m high, portrait.",
        duration_s=SQUAT_REPS4.duration_s,
        subjects=(Subject(LANKY_MAN, LILAC, lambda t: _squat(SQUAT_REPS4(t), **depth)),),
        view=View(azimuth_deg=-5.0, height_m=1.15, yfov_deg=54.0, margin=0.06, size_px=TALL3),
        lighting=HALL,
        reps=SQUAT_REPS4.events(),
        notes=_truth("squat", "front squat, one person") | depth,
        compact_truth=True,
    )


CLIPS: dict[str, Callable[[], Clip]] = {
    f.__name__: f
    for f in (
        squat_side_far_person4,
        reach_side_far_walker4,
        squat_front_far_person4,
        stand_still_far_walker4,
        squat_side_far_pair_view4,
        reach_side_alone4,
        squat_front_alone4,
    )
}
