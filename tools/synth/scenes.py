"""One function per test clip; every parameter is explicit here.

Each function returns a :class:`tools.synth.clip.Clip`. ``CLIPS`` maps the clip
name to its function, in the order the CLI renders them.
"""

from __future__ import annotations

from collections.abc import Callable

from tools.synth.body import Colours, Phenotype
from tools.synth.clip import Clip, RepProfile, Subject, View
from tools.synth.render import look_from

# Bodies (anny phenotype, each value in [0, 1]; gender 0 = male, age 0.667 = young adult).
MAN = Phenotype(gender=0.0, age=0.7, muscle=0.5, weight=0.5, height=0.4)
WOMAN = Phenotype(gender=1.0, age=0.72, muscle=0.4, weight=0.55, height=0.45)
OLDER_HEAVY_MAN = Phenotype(gender=0.1, age=0.95, muscle=0.4, weight=0.8, height=0.35)
TALL_SLIM_WOMAN = Phenotype(gender=0.9, age=0.68, muscle=0.45, weight=0.2, height=0.7, proportions=0.6)
MUSCULAR_MAN = Phenotype(gender=0.0, age=0.75, muscle=0.85, weight=0.6, height=0.55)
SHORT_HEAVY_WOMAN = Phenotype(gender=1.0, age=0.85, muscle=0.4, weight=0.75, height=0.2)

# Clothing and skin colours (RGB 0-255).
BLUE_SHIRT = Colours()
RED_TOP_DARK_SKIN = Colours(
    skin=(120, 80, 56), shirt=(170, 40, 50), trousers=(30, 35, 70), shoes=(40, 40, 40), hair=(20, 15, 10)
)
GREEN_TOP = Colours(
    skin=(198, 134, 96), shirt=(60, 120, 70), trousers=(110, 95, 80), shoes=(90, 60, 40),
    hair=(90, 90, 90), long_sleeves=True,
)
YELLOW_TOP = Colours(
    skin=(235, 190, 160), shirt=(220, 180, 40), trousers=(25, 25, 30), shoes=(200, 60, 60),
    hair=(150, 100, 50), long_sleeves=True,
)
GREY_SHORTS = Colours(
    skin=(176, 128, 94), shirt=(120, 120, 125), trousers=(30, 30, 30), shoes=(240, 240, 240),
    hair=(30, 20, 15), shorts=True,
)
PURPLE_TOP = Colours(
    skin=(90, 60, 45), shirt=(110, 60, 140), trousers=(60, 70, 90), shoes=(230, 230, 230), hair=(15, 10, 10)
)


def overhead_reach_side_left() -> Clip:
    """Left arm raised forward 0 -> 170 deg and back, 2 reps, left side to camera."""
    reps = RepProfile(reps=2, rep_s=1.7, hold_start_s=0.3, hold_end_s=0.3)
    peak = 170.0

    def angles(t: float) -> dict[str, float]:
        return {"shoulder_flexion_left": peak * reps(t)}

    return Clip(
        name="overhead_reach_side_left",
        description="Standing, left side toward the camera (camera square to the sagittal "
        "plane); left arm raised forward and up from the side to 170 deg shoulder "
        "flexion and back, elbow straight, 2 reps.",
        duration_s=reps.duration_s,
        subjects=(Subject(MAN, BLUE_SHIRT, angles),),
        view=View(azimuth_deg=90.0, height_m=1.2, yfov_deg=55.0, margin=0.06),
        reps=reps.events(),
        notes={"peak_shoulder_flexion_left_deg": peak},
    )


CLIPS: dict[str, Callable[[], Clip]] = {
    f.__name__: f
    for f in (
        overhead_reach_side_left,
    )
}

__all__ = ["CLIPS", "look_from"]
