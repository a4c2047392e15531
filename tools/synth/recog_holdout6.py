"""A sixth held-out set, for the people census and the choice of subject: far people in view.

``python -m tools.synth --set recog_holdout6`` renders it to ``bench/data/recog_holdout6/``
(git-ignored); ``python bench/recognition.py --data bench/data/recog_holdout6 --cache
bench/data/recog_holdout6_landmarks`` analyses every clip under every protocol. On ``recog_holdout5`` a
far bystander standing still was measured, and graded with high confidence, as the posture subject of a
reach clip; the rule that a next person must be framed at least a quarter of the image tall was chosen
on it (so it is fit data for that rule). This set was defined after that rule was committed, laid out
as ``recog_holdout5`` (the second person behind the subject along the camera's axis, within the image)
on bodies, looks, lights, cameras and image sizes used nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable

from tools.synth.body import Colours, Phenotype
from tools.synth.clip import Clip, RepProfile, Subject, View
from tools.synth.recog_holdout import _mover, _sway, _truth
from tools.synth.render import Lighting
from tools.synth.scenes import _squat

# Bodies and looks used nowhere else in tools/synth.
STOCKY_MAN = Phenotype(gender=0.1, age=0.74, muscle=0.68, weight=0.7, height=0.45, proportions=0.52)
TALL_WOMAN = Phenotype(gender=0.88, age=0.79, muscle=0.5, weight=0.36, height=0.62, proportions=0.58)
YOUNG_MAN = Phenotype(gender=0.3, age=0.67, muscle=0.56, weight=0.52, height=0.5, proportions=0.46)
SHORT_WOMAN = Phenotype(gender=0.78, age=0.91, muscle=0.34, weight=0.66, height=0.35, proportions=0.41)

OLIVE = Colours(skin=(205, 160, 125), shirt=(60, 90, 160), trousers=(200, 200, 200), shoes=(40, 40, 40),
                hair=(60, 40, 25), long_sleeves=True)
ORANGE_VEST = Colours(skin=(90, 62, 46), shirt=(250, 250, 245), trousers=(150, 40, 40), shoes=(230, 230, 230),
                      hair=(8, 8, 8), shorts=True)
GREY_HOODIE = Colours(skin=(236, 198, 170), shirt=(90, 40, 60), trousers=(35, 35, 40), shoes=(120, 160, 200),
                      hair=(190, 160, 100), long_sleeves=True)
MINT = Colours(skin=(170, 120, 90), shirt=(230, 200, 80), trousers=(70, 90, 60), shoes=(25, 25, 25),
               hair=(50, 35, 25))

DUSK = Lighting(ambient=0.3, key_intensity=2.7, fill_intensity=0.7, key_azimuth_deg=35.0, key_elevation_deg=40.0,
                background=(170, 180, 170), floor=(100, 110, 100))
LOFT = Lighting(ambient=0.42, key_intensity=1.9, fill_intensity=0.9, key_azimuth_deg=-65.0, key_elevation_deg=50.0,
                background=(225, 215, 205), floor=(140, 130, 120))
CLINIC = Lighting(ambient=0.22, key_intensity=3.3, fill_intensity=0.6, key_azimuth_deg=10.0, key_elevation_deg=60.0,
                  background=(200, 205, 215), floor=(120, 120, 130))

LAND = (1152, 648)
PORTRAIT = (648, 1152)
LAND_SMALL = (1024, 576)

SQUAT_REPS6 = RepProfile(reps=3, rep_s=1.7, hold_start_s=0.4, hold_end_s=0.3)  # 5.8 s
REACH_REPS6 = RepProfile(reps=3, rep_s=1.5, hold_start_s=0.4, hold_end_s=0.3)  # 5.2 s
DEPTH = {"knee_deg": 92.0, "shank_deg": 27.0, "trunk_deg": 34.0, "arms_deg": 90.0}


def _stander(body: Phenotype, colours: Colours, position_m: tuple[float, float], yaw_deg: float) -> Subject:
    """A second person standing still with a slight sway at ``position_m``, turned ``yaw_deg``."""
    return Subject(body, colours, lambda t: _sway(t, {"elbow_flexion_left": 9.0, "elbow_flexion_right": 11.0}),
                   position_m=position_m, yaw_deg=yaw_deg)


def squat_front_walker6() -> Clip:
    """Front squat; a second person walks across the image 5 m further back."""
    return Clip(
        name="squat_front_walker6",
        description="Two people: a stocky man squats 3 reps to 92 deg facing the camera; a tall woman walks across "
        "the image from right to left 4.5 m further back at 1.0 m/s (about a fifth to a quarter of the image "
        "height). Camera 1.1 m "
        "high, landscape.",
        duration_s=SQUAT_REPS6.duration_s,
        subjects=(Subject(STOCKY_MAN, OLIVE, lambda t: _squat(SQUAT_REPS6(t), **DEPTH)),
                  _mover(TALL_WOMAN, ORANGE_VEST, (3.0, 4.5), -90.0, speed_m_s=1.0, phase0=0.1)),
        view=View(azimuth_deg=2.0, height_m=1.1, yfov_deg=50.0, margin=0.06, size_px=LAND, fit_subjects=(0,)),
        lighting=DUSK,
        reps=SQUAT_REPS6.events(),
        notes=_truth("squat", "front squat, a person walking across far behind", people=2, performer=0,
                     performer_more_prominent=True) | DEPTH,
        compact_truth=True,
    )


def reach_side_far_person6() -> Clip:
    """Left-arm side reach (camera at the subject's left); a second person stands 5 m further back."""
    peak = 165.0

    def angles(t: float) -> dict[str, float]:
        return {"shoulder_flexion_left": peak * REACH_REPS6(t), "elbow_flexion_left": 6.0}

    return Clip(
        name="reach_side_far_person6",
        description="Two people: a young man reaches overhead with the left arm, 3 reps to 165 deg, left side toward "
        "the camera; a short woman stands still 4.5 m further back, a little to the side (about a fifth of the image "
        "height). Camera 1.3 m high, portrait.",
        duration_s=REACH_REPS6.duration_s,
        subjects=(Subject(YOUNG_MAN, GREY_HOODIE, angles), _stander(SHORT_WOMAN, MINT, (-4.5, -0.7), 110.0)),
        view=View(azimuth_deg=90.0, height_m=1.3, yfov_deg=55.0, margin=0.06, size_px=PORTRAIT, fit_subjects=(0,),
                  aim_at_body=True),
        lighting=LOFT,
        reps=REACH_REPS6.events(),
        notes=_truth("overhead_reach", "side reach, a person standing far behind", people=2, performer=0,
                     performer_more_prominent=True) | {"peak_shoulder_flexion_left_deg": peak},
        compact_truth=True,
    )


def squat_side_walker6() -> Clip:
    """Right-side squat (camera at the subject's right); a second person walks across 4.5 m further back."""
    return Clip(
        name="squat_side_walker6",
        description="Two people: a tall woman squats 3 reps to 92 deg, right side toward the camera; a stocky man "
        "walks across the image 5 m further back at 1.0 m/s (about a fifth to a quarter of the image "
        "height). Camera 1.0 m "
        "high, 960x540.",
        duration_s=SQUAT_REPS6.duration_s,
        subjects=(Subject(TALL_WOMAN, MINT, lambda t: _squat(SQUAT_REPS6(t), **DEPTH)),
                  _mover(STOCKY_MAN, GREY_HOODIE, (5.0, 2.9), 0.0, speed_m_s=1.0, phase0=0.5)),
        view=View(azimuth_deg=-90.0, height_m=1.0, yfov_deg=52.0, margin=0.06, size_px=LAND_SMALL, fit_subjects=(0,),
                  aim_at_body=True),
        lighting=CLINIC,
        reps=SQUAT_REPS6.events(),
        notes=_truth("squat", "side squat, a person walking across far behind", people=2, performer=0,
                     performer_more_prominent=True) | DEPTH,
        compact_truth=True,
    )


def stand_still_far_person6() -> Clip:
    """Standing still facing the camera (posture); a second person stands 6 m further back, to the side."""
    return Clip(
        name="stand_still_far_person6",
        description="Two people: a short woman stands still facing the camera, arms hanging, slight sway; a young "
        "man stands 5 m further back and to the image left (about a fifth to a quarter of the image height). "
        "Camera 1.2 m high, "
        "portrait.",
        duration_s=4.0,
        subjects=(Subject(SHORT_WOMAN, ORANGE_VEST, lambda t: _sway(t, {"elbow_flexion_left": 6.0,
                                                                       "elbow_flexion_right": 8.0})),
                  _stander(YOUNG_MAN, OLIVE, (-1.2, 5.0), -15.0)),
        view=View(azimuth_deg=-2.0, height_m=1.2, yfov_deg=56.0, margin=0.07, size_px=PORTRAIT, fit_subjects=(0,)),
        lighting=DUSK,
        notes=_truth("posture", "standing still, a person standing far behind", people=2, performer=0,
                     performer_more_prominent=True),
        compact_truth=True,
    )


def reach_side_alone6() -> Clip:
    """One person: a right-arm side reach (zoomed hands must not count as people)."""
    peak = 155.0

    def angles(t: float) -> dict[str, float]:
        return {"shoulder_flexion_right": peak * REACH_REPS6(t), "elbow_flexion_right": 4.0}

    return Clip(
        name="reach_side_alone6",
        description="Overhead reach of the right arm, 3 reps to 155 deg, right side toward the camera; one person. "
        "Camera 1.25 m high, landscape.",
        duration_s=REACH_REPS6.duration_s,
        subjects=(Subject(STOCKY_MAN, MINT, angles),),
        view=View(azimuth_deg=-90.0, height_m=1.25, yfov_deg=50.0, margin=0.06, size_px=LAND, aim_at_body=True),
        lighting=LOFT,
        reps=REACH_REPS6.events(),
        notes=_truth("overhead_reach", "side reach, one person") | {"peak_shoulder_flexion_right_deg": peak},
        compact_truth=True,
    )


def squat_side_alone6() -> Clip:
    """One person: a left-side squat, portrait (zoomed hands and feet must not count as people)."""
    return Clip(
        name="squat_side_alone6",
        description="Bodyweight squat, 3 reps to 92 deg, left side toward the camera; one person. Camera 1.1 m "
        "high, portrait.",
        duration_s=SQUAT_REPS6.duration_s,
        subjects=(Subject(YOUNG_MAN, ORANGE_VEST, lambda t: _squat(SQUAT_REPS6(t), **DEPTH)),),
        view=View(azimuth_deg=90.0, height_m=1.1, yfov_deg=54.0, margin=0.06, size_px=PORTRAIT, aim_at_body=True),
        lighting=CLINIC,
        reps=SQUAT_REPS6.events(),
        notes=_truth("squat", "side squat, one person") | DEPTH,
        compact_truth=True,
    )


CLIPS: dict[str, Callable[[], Clip]] = {
    f.__name__: f
    for f in (
        squat_front_walker6,
        reach_side_far_person6,
        squat_side_walker6,
        stand_still_far_person6,
        reach_side_alone6,
        squat_side_alone6,
    )
}
