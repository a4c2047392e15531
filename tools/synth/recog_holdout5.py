"""A fifth held-out set, for the people census: far people in view, made after its last change.

``python -m tools.synth --set recog_holdout5`` renders it to ``bench/data/recog_holdout5/``
(git-ignored); ``python bench/recognition.py --data bench/data/recog_holdout5 --cache
bench/data/recog_holdout5_landmarks`` analyses every clip under every protocol. ``recog_holdout4``
put the second person out of the image in three of its five two-person scenes (the side views' "behind"
was taken along the wrong axis) and one of its walkers showed that the census's larger tiles must be
searched at every count; it is fit data for that change. This set was defined after that change was
committed, with the second person placed behind the subject *along the camera's axis* (front views:
+y; a camera at the subject's left, azimuth 90: −x; at the right, azimuth −90: +x) and within the
image's width at that depth, on bodies, looks, lights, cameras and image sizes used nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable

from tools.synth.body import Colours, Phenotype
from tools.synth.clip import Clip, RepProfile, Subject, View
from tools.synth.recog_holdout import _mover, _sway, _truth
from tools.synth.render import Lighting
from tools.synth.scenes import _squat

# Bodies and looks used nowhere else in tools/synth.
STOCKY_MAN = Phenotype(gender=0.15, age=0.88, muscle=0.58, weight=0.8, height=0.4, proportions=0.47)
TALL_WOMAN = Phenotype(gender=0.82, age=0.7, muscle=0.46, weight=0.42, height=0.66, proportions=0.55)
YOUNG_MAN = Phenotype(gender=0.25, age=0.65, muscle=0.62, weight=0.46, height=0.56, proportions=0.6)
SHORT_WOMAN = Phenotype(gender=0.95, age=0.84, muscle=0.4, weight=0.58, height=0.32, proportions=0.43)

OLIVE = Colours(skin=(195, 150, 115), shirt=(110, 120, 50), trousers=(40, 40, 35), shoes=(220, 220, 220),
                hair=(25, 18, 12), long_sleeves=True)
ORANGE_VEST = Colours(skin=(100, 70, 52), shirt=(235, 120, 20), trousers=(30, 40, 70), shoes=(15, 15, 15),
                      hair=(10, 9, 8), shorts=True)
GREY_HOODIE = Colours(skin=(242, 212, 190), shirt=(130, 130, 135), trousers=(60, 50, 45), shoes=(170, 40, 60),
                      hair=(150, 110, 70), long_sleeves=True)
MINT = Colours(skin=(150, 108, 78), shirt=(150, 220, 190), trousers=(90, 70, 110), shoes=(240, 240, 240),
               hair=(35, 28, 22))

DUSK = Lighting(ambient=0.26, key_intensity=2.9, fill_intensity=0.6, key_azimuth_deg=-40.0, key_elevation_deg=35.0,
                background=(185, 170, 190), floor=(115, 105, 110))
LOFT = Lighting(ambient=0.38, key_intensity=2.1, fill_intensity=1.0, key_azimuth_deg=60.0, key_elevation_deg=55.0,
                background=(215, 210, 200), floor=(135, 125, 115))
CLINIC = Lighting(ambient=0.5, key_intensity=1.6, fill_intensity=1.2, key_azimuth_deg=-5.0, key_elevation_deg=45.0,
                  background=(240, 240, 245), floor=(170, 170, 175))

LAND = (1280, 720)
PORTRAIT = (720, 1280)
LAND_SMALL = (960, 540)

SQUAT_REPS5 = RepProfile(reps=3, rep_s=1.7, hold_start_s=0.4, hold_end_s=0.3)  # 5.8 s
REACH_REPS5 = RepProfile(reps=3, rep_s=1.5, hold_start_s=0.4, hold_end_s=0.3)  # 5.2 s
DEPTH = {"knee_deg": 92.0, "shank_deg": 27.0, "trunk_deg": 34.0, "arms_deg": 90.0}


def _stander(body: Phenotype, colours: Colours, position_m: tuple[float, float], yaw_deg: float) -> Subject:
    """A second person standing still with a slight sway at ``position_m``, turned ``yaw_deg``."""
    return Subject(body, colours, lambda t: _sway(t, {"elbow_flexion_left": 9.0, "elbow_flexion_right": 11.0}),
                   position_m=position_m, yaw_deg=yaw_deg)


def squat_front_walker5() -> Clip:
    """Front squat; a second person walks across the image 5 m further back."""
    return Clip(
        name="squat_front_walker5",
        description="Two people: a stocky man squats 3 reps to 92 deg facing the camera; a tall woman walks across "
        "the image from left to right 5 m further back at 1.1 m/s (about a fifth of the image height). Camera 1.1 m "
        "high, landscape.",
        duration_s=SQUAT_REPS5.duration_s,
        subjects=(Subject(STOCKY_MAN, OLIVE, lambda t: _squat(SQUAT_REPS5(t), **DEPTH)),
                  _mover(TALL_WOMAN, ORANGE_VEST, (-3.2, 5.0), 90.0, speed_m_s=1.1, phase0=0.2)),
        view=View(azimuth_deg=2.0, height_m=1.1, yfov_deg=50.0, margin=0.06, size_px=LAND, fit_subjects=(0,)),
        lighting=DUSK,
        reps=SQUAT_REPS5.events(),
        notes=_truth("squat", "front squat, a person walking across far behind", people=2, performer=0,
                     performer_more_prominent=True) | DEPTH,
        compact_truth=True,
    )


def reach_side_far_person5() -> Clip:
    """Left-arm side reach (camera at the subject's left); a second person stands 5 m further back."""
    peak = 165.0

    def angles(t: float) -> dict[str, float]:
        return {"shoulder_flexion_left": peak * REACH_REPS5(t), "elbow_flexion_left": 6.0}

    return Clip(
        name="reach_side_far_person5",
        description="Two people: a young man reaches overhead with the left arm, 3 reps to 165 deg, left side toward "
        "the camera; a short woman stands still 5 m further back, a little to the side (about a fifth of the image "
        "height). Camera 1.3 m high, portrait.",
        duration_s=REACH_REPS5.duration_s,
        subjects=(Subject(YOUNG_MAN, GREY_HOODIE, angles), _stander(SHORT_WOMAN, MINT, (-5.0, 0.9), 70.0)),
        view=View(azimuth_deg=90.0, height_m=1.3, yfov_deg=55.0, margin=0.06, size_px=PORTRAIT, fit_subjects=(0,),
                  aim_at_body=True),
        lighting=LOFT,
        reps=REACH_REPS5.events(),
        notes=_truth("overhead_reach", "side reach, a person standing far behind", people=2, performer=0,
                     performer_more_prominent=True) | {"peak_shoulder_flexion_left_deg": peak},
        compact_truth=True,
    )


def squat_side_walker5() -> Clip:
    """Right-side squat (camera at the subject's right); a second person walks across 4.5 m further back."""
    return Clip(
        name="squat_side_walker5",
        description="Two people: a tall woman squats 3 reps to 92 deg, right side toward the camera; a stocky man "
        "walks across the image 4.5 m further back at 1.0 m/s (about a quarter of the image height). Camera 1.0 m "
        "high, 960x540.",
        duration_s=SQUAT_REPS5.duration_s,
        subjects=(Subject(TALL_WOMAN, MINT, lambda t: _squat(SQUAT_REPS5(t), **DEPTH)),
                  _mover(STOCKY_MAN, GREY_HOODIE, (4.5, -2.9), 180.0, speed_m_s=1.0, phase0=0.5)),
        view=View(azimuth_deg=-90.0, height_m=1.0, yfov_deg=52.0, margin=0.06, size_px=LAND_SMALL, fit_subjects=(0,),
                  aim_at_body=True),
        lighting=CLINIC,
        reps=SQUAT_REPS5.events(),
        notes=_truth("squat", "side squat, a person walking across far behind", people=2, performer=0,
                     performer_more_prominent=True) | DEPTH,
        compact_truth=True,
    )


def stand_still_far_person5() -> Clip:
    """Standing still facing the camera (posture); a second person stands 6 m further back, to the side."""
    return Clip(
        name="stand_still_far_person5",
        description="Two people: a short woman stands still facing the camera, arms hanging, slight sway; a young "
        "man stands 6 m further back and to the image right (about a fifth of the image height). Camera 1.2 m high, "
        "portrait.",
        duration_s=4.0,
        subjects=(Subject(SHORT_WOMAN, ORANGE_VEST, lambda t: _sway(t, {"elbow_flexion_left": 6.0,
                                                                       "elbow_flexion_right": 8.0})),
                  _stander(YOUNG_MAN, OLIVE, (1.4, 6.0), 20.0)),
        view=View(azimuth_deg=-2.0, height_m=1.2, yfov_deg=56.0, margin=0.07, size_px=PORTRAIT, fit_subjects=(0,)),
        lighting=DUSK,
        notes=_truth("posture", "standing still, a person standing far behind", people=2, performer=0,
                     performer_more_prominent=True),
        compact_truth=True,
    )


def reach_side_alone5() -> Clip:
    """One person: a right-arm side reach (zoomed hands must not count as people)."""
    peak = 155.0

    def angles(t: float) -> dict[str, float]:
        return {"shoulder_flexion_right": peak * REACH_REPS5(t), "elbow_flexion_right": 4.0}

    return Clip(
        name="reach_side_alone5",
        description="Overhead reach of the right arm, 3 reps to 155 deg, right side toward the camera; one person. "
        "Camera 1.25 m high, landscape.",
        duration_s=REACH_REPS5.duration_s,
        subjects=(Subject(STOCKY_MAN, MINT, angles),),
        view=View(azimuth_deg=-90.0, height_m=1.25, yfov_deg=50.0, margin=0.06, size_px=LAND, aim_at_body=True),
        lighting=LOFT,
        reps=REACH_REPS5.events(),
        notes=_truth("overhead_reach", "side reach, one person") | {"peak_shoulder_flexion_right_deg": peak},
        compact_truth=True,
    )


def squat_side_alone5() -> Clip:
    """One person: a left-side squat, portrait (zoomed hands and feet must not count as people)."""
    return Clip(
        name="squat_side_alone5",
        description="Bodyweight squat, 3 reps to 92 deg, left side toward the camera; one person. Camera 1.1 m "
        "high, portrait.",
        duration_s=SQUAT_REPS5.duration_s,
        subjects=(Subject(YOUNG_MAN, ORANGE_VEST, lambda t: _squat(SQUAT_REPS5(t), **DEPTH)),),
        view=View(azimuth_deg=90.0, height_m=1.1, yfov_deg=54.0, margin=0.06, size_px=PORTRAIT, aim_at_body=True),
        lighting=CLINIC,
        reps=SQUAT_REPS5.events(),
        notes=_truth("squat", "side squat, one person") | DEPTH,
        compact_truth=True,
    )


CLIPS: dict[str, Callable[[], Clip]] = {
    f.__name__: f
    for f in (
        squat_front_walker5,
        reach_side_far_person5,
        squat_side_walker5,
        stand_still_far_person5,
        reach_side_alone5,
        squat_side_alone5,
    )
}
