"""The accuracy benchmark set: every protocol, varied like real filming.

``python -m tools.synth --set bench`` renders it to ``bench/data/synth/`` (git-ignored);
``bench/accuracy.py`` runs the product on it. Every parameter is explicit and chosen by the
clip's index in a fixed cycle (no random numbers), so the set is reproducible.

What varies, per clip:

* **body** (anny phenotype: sex, age, muscle, weight, height, proportions) and **look**
  (skin, clothing colours, sleeves, shorts), in two disjoint groups: ``fit`` (bodies and
  looks 0-3) and ``holdout`` (4-7). A correction may be fitted on ``fit`` clips only and
  must be reported on ``holdout`` clips.
* **camera yaw away from the protocol's view**: 0, 10, 20, 30 or 45 deg (``OFFSETS_DEG``),
  turned toward the subject's front or back (side views) or left or right (front views);
* camera **height**, **field of view** (hence distance: the camera is as close as the
  margin allows, so a wide field of view means a close camera and strong perspective),
  **margin**, **image size** (540x960 and 720x1280 portrait, 960x540 landscape) and
  **lighting** (ambient, key and fill light, background and floor colours).

Each clip's truth JSON gets ``notes.bench``: the protocol, the tested side(s), the yaw
offset from the required view, the body/look group and the pair name for clips analysed
together (left and right reach; posture front and side).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tools.synth.body import Body, Colours, Phenotype
from tools.synth.clip import Clip, Keyframes, RepProfile, Subject, View
from tools.synth.render import Lighting
from tools.synth.scenes import _posture_angles, _solve_valgus, _squat

OFFSETS_DEG = (0.0, 10.0, 20.0, 30.0, 45.0)

# Bodies 0-3 and looks 0-3 form the "fit" group, 4-7 the "holdout" group.
BODIES = (
    Phenotype(gender=0.0, age=0.7, muscle=0.5, weight=0.5, height=0.4),
    Phenotype(gender=1.0, age=0.72, muscle=0.4, weight=0.55, height=0.45),
    Phenotype(gender=0.1, age=0.95, muscle=0.4, weight=0.8, height=0.35),
    Phenotype(gender=0.9, age=0.68, muscle=0.45, weight=0.2, height=0.52, proportions=0.6),
    Phenotype(gender=0.0, age=0.75, muscle=0.85, weight=0.6, height=0.45),
    Phenotype(gender=1.0, age=0.85, muscle=0.4, weight=0.75, height=0.3),
    Phenotype(gender=0.2, age=0.67, muscle=0.3, weight=0.3, height=0.6, proportions=0.3),
    Phenotype(gender=0.8, age=0.9, muscle=0.55, weight=0.65, height=0.4, proportions=0.7),
)
LOOKS = (
    Colours(),
    Colours(skin=(120, 80, 56), shirt=(170, 40, 50), trousers=(30, 35, 70), shoes=(40, 40, 40), hair=(20, 15, 10)),
    Colours(
        skin=(198, 134, 96),
        shirt=(60, 120, 70),
        trousers=(40, 50, 90),
        shoes=(90, 60, 40),
        hair=(90, 90, 90),
        long_sleeves=True,
    ),
    Colours(
        skin=(235, 190, 160), shirt=(220, 180, 40), trousers=(25, 25, 30), shoes=(200, 60, 60), hair=(150, 100, 50)
    ),
    Colours(
        skin=(176, 128, 94),
        shirt=(120, 120, 125),
        trousers=(30, 30, 30),
        shoes=(240, 240, 240),
        hair=(30, 20, 15),
        shorts=True,
    ),
    Colours(skin=(90, 60, 45), shirt=(110, 60, 140), trousers=(60, 70, 90), shoes=(230, 230, 230), hair=(15, 10, 10)),
    Colours(
        skin=(230, 180, 150),
        shirt=(30, 30, 35),
        trousers=(30, 30, 35),
        shoes=(30, 30, 30),
        hair=(200, 170, 100),
        long_sleeves=True,
    ),
    Colours(skin=(160, 110, 80), shirt=(240, 240, 235), trousers=(120, 90, 60), shoes=(60, 60, 60), hair=(40, 30, 20)),
)
LIGHTS = (
    Lighting(),
    Lighting(ambient=0.2, key_intensity=3.5, fill_intensity=0.6, key_azimuth_deg=60.0, background=(170, 175, 160)),
    Lighting(ambient=0.5, key_intensity=1.6, fill_intensity=1.0, key_azimuth_deg=-30.0, background=(230, 228, 220)),
    Lighting(
        ambient=0.3,
        key_intensity=2.0,
        fill_intensity=0.5,
        key_elevation_deg=70.0,
        background=(120, 130, 150),
        floor=(110, 100, 90),
    ),
)
HEIGHTS_M = (1.0, 1.3, 0.8, 1.5, 1.1)
YFOV_DEG = (55.0, 45.0, 65.0, 50.0, 60.0, 40.0, 58.0)
MARGINS = (0.08, 0.12, 0.06)
SIZES_PX = ((720, 1280), (540, 960), (960, 540))

REACH = RepProfile(reps=2, rep_s=1.4, hold_start_s=0.2, hold_end_s=0.2)  # 3.2 s, peaks 0.9, 2.3 s
SQUAT = RepProfile(reps=2, rep_s=1.4, hold_start_s=0.2, hold_end_s=0.2)


@dataclass(frozen=True)
class Variant:
    """Body, look, camera and light of one clip (index ``k`` into the cycles).

    Even ``k`` are in the ``fit`` group, odd ``k`` in ``holdout``. Bodies and looks are
    indexed by ``k // 2`` within the group (the look shifting against the body every 4
    clips), camera and light cycles have lengths prime to 2 or use ``k // 2``, so that
    neither group gets a camera set-up or light the other lacks.
    """

    k: int
    group: str  # "fit" or "holdout"

    @property
    def phenotype(self) -> Phenotype:
        """Return the body shape."""
        return BODIES[(4 if self.group == "holdout" else 0) + (self.k // 2) % 4]

    @property
    def colours(self) -> Colours:
        """Return the look."""
        j = self.k // 2
        return LOOKS[(4 if self.group == "holdout" else 0) + (j + 1 + j // 4) % 4]

    @property
    def flip(self) -> bool:
        """Return which way the camera turns off the ideal view (toward the front/left when True)."""
        return (self.k // 2) % 2 == 0

    def view(self, azimuth_deg: float, height_m: float | None = None, side_view: bool = False) -> View:
        """Return the camera view at ``azimuth_deg`` with this variant's height, lens, margin and size.

        Side views aim at the body's standing axis (``View.aim_at_body``): a raised arm or
        a squat moves the clip's bounding box forward, and aiming at its centre would see the
        body up to 7 deg further from (or nearer to) the side view than the azimuth says. Front
        views aim at the bounding-box centre (the shift is along the line of sight there).
        """
        return View(
            azimuth_deg=azimuth_deg,
            height_m=height_m if height_m is not None else HEIGHTS_M[self.k % len(HEIGHTS_M)],
            yfov_deg=YFOV_DEG[self.k % len(YFOV_DEG)],
            margin=MARGINS[self.k % len(MARGINS)],
            size_px=SIZES_PX[self.k % len(SIZES_PX)],
            aim_at_body=side_view,
        )

    @property
    def lighting(self) -> Lighting:
        """Return the lights."""
        j = self.k // 2
        return LIGHTS[(j + j // 2) % len(LIGHTS)]

    def info(self) -> dict[str, Any]:
        """Return the variant for the truth JSON."""
        return {"variant": self.k, "group": self.group}


def _side_azimuth(side: str, offset_deg: float, toward_front: bool) -> float:
    """Camera azimuth for a side view of ``side`` turned ``offset_deg`` toward the front or back."""
    base = 90.0 if side == "left" else -90.0
    turn = -offset_deg if toward_front else offset_deg
    return base + (turn if side == "left" else -turn)


def _bench_notes(protocol: str, offset: float, variant: Variant | Setup, **extra: Any) -> dict[str, Any]:
    return {"bench": {"protocol": protocol, "view_offset_deg": offset, **variant.info(), **extra}}


def reach(
    name: str,
    side: str,
    peak_deg: float,
    offset: float,
    variant: Variant | Setup,
    trunk_deg: float = 0.0,
    pair: str = "",
    elbow_deg: float = 0.0,
    rest_elbow_deg: float | None = None,
) -> Clip:
    """Side-view overhead reach of one arm (optionally with trunk extension, or the elbow held bent), 2 reps.

    With ``rest_elbow_deg`` the elbow bend changes with the arm: ``rest_elbow_deg`` with the arm down,
    ``elbow_deg`` at the top (a relaxed arm that straightens, or a straight arm that softens).
    """

    def angles(t: float) -> dict[str, float]:
        u = REACH(t)
        rest = elbow_deg if rest_elbow_deg is None else rest_elbow_deg
        return {
            f"shoulder_flexion_{side}": peak_deg * u,
            "trunk_extension": trunk_deg * u,
            f"elbow_flexion_{side}": rest + (elbow_deg - rest) * u,
        }

    changing = {} if rest_elbow_deg is None else {"rest_elbow_flexion_deg": rest_elbow_deg}

    az = _side_azimuth(side, offset, toward_front=variant.flip)
    return Clip(
        name=name,
        description=f"Standing, {side} side toward the camera turned {offset:.0f} deg off the side view; {side} "
        f"arm raised forward to {peak_deg:.0f} deg shoulder flexion"
        + (f" while the trunk leans back {trunk_deg:.0f} deg" if trunk_deg else "")
        + (
            f", elbow bent {rest_elbow_deg:.0f} deg with the arm down and {elbow_deg:.0f} deg at the top"
            if rest_elbow_deg is not None
            else f", elbow held bent {elbow_deg:.0f} deg"
            if elbow_deg
            else ", elbow straight"
        )
        + ", 2 reps.",
        duration_s=REACH.duration_s,
        subjects=(Subject(variant.phenotype, variant.colours, angles),),
        view=variant.view(az, side_view=True),
        reps=REACH.events(),
        lighting=variant.lighting,
        notes=_bench_notes(
            "overhead_reach",
            offset,
            variant,
            sides=[side],
            pair=pair,
            peak_shoulder_flexion_deg={side: peak_deg},
            peak_trunk_extension_deg=trunk_deg,
            elbow_flexion_deg=elbow_deg,
            **changing,
        ),
    )


def hip_rotation(
    name: str, offset: float, variant: Variant | Setup, ir: dict[str, float], er: dict[str, float]
) -> Clip:
    """Seated hip IR then ER, left then right, front view turned ``offset`` deg."""
    seat = {
        "hip_flexion_left": 90.0,
        "hip_flexion_right": 90.0,
        "knee_flexion_left": 90.0,
        "knee_flexion_right": 90.0,
        "shoulder_flexion_left": 35.0,
        "shoulder_flexion_right": 35.0,
        "elbow_flexion_left": 45.0,
        "elbow_flexion_right": 45.0,
        "hip_internal_rotation_left": 0.0,
        "hip_internal_rotation_right": 0.0,
    }
    keys: list[tuple[float, dict[str, float]]] = [(0.0, dict(seat)), (0.2, {})]
    reps: list[dict[str, Any]] = []
    t = 0.2
    for side, other in (("left", "right"), ("right", "left")):
        rot = f"hip_internal_rotation_{side}"
        keys += [
            (round(t + 0.4, 6), {rot: ir[side]}),
            (round(t + 0.8, 6), {rot: 0.0, f"knee_flexion_{other}": 115.0}),
            (round(t + 1.3, 6), {rot: -er[side]}),
            (round(t + 1.8, 6), {rot: 0.0}),
            (round(t + 2.0, 6), {f"knee_flexion_{other}": 90.0}),
        ]
        reps += [
            {"start_s": round(t, 6), "peak_s": round(t + 0.4, 6), "end_s": round(t + 0.8, 6)},
            {"start_s": round(t + 0.8, 6), "peak_s": round(t + 1.3, 6), "end_s": round(t + 1.8, 6)},
        ]
        t = round(t + 2.0, 6)
    keys.append((t + 0.2, {}))
    az = offset if variant.flip else -offset
    return Clip(
        name=name,
        description=f"Seated on a box stool facing the camera turned {offset:.0f} deg off the front view; left "
        f"hip IR {ir['left']:.0f} deg (foot out) and ER {er['left']:.0f} deg (foot in), then right IR "
        f"{ir['right']:.0f}, ER {er['right']:.0f} deg. Reps in the truth: L IR, L ER, R IR, R ER.",
        duration_s=t + 0.2,
        subjects=(Subject(variant.phenotype, variant.colours, Keyframes(tuple(keys)), "seated", (), ()),),
        view=variant.view(az, height_m=(0.7, 0.9, 1.0, 0.8)[(variant.k // 2) % 4]),
        reps=reps,
        lighting=variant.lighting,
        notes=_bench_notes(
            "hip_rotation",
            offset,
            variant,
            sides=["left", "right"],
            rep_kinds=["internal:left", "external:left", "internal:right", "external:right"],
            peak_hip_internal_rotation_deg=ir,
            peak_hip_external_rotation_deg=er,
        ),
    )


def squat(name: str, view: str, side: str, offset: float, variant: Variant | Setup, depth: dict[str, float]) -> Clip:
    """Squat, 2 reps; front view: knee valgus on ``side``; side view: ``side`` toward the camera."""
    body = Body(variant.phenotype, variant.colours)
    fppa = 8.0 + 2.0 * (variant.k % 3)
    valgus = _solve_valgus(body, _squat(1.0, **depth), side, fppa) if view == "front" else 0.0

    def angles(t: float) -> dict[str, float]:
        u = SQUAT(t)
        a = _squat(u, **depth)
        if valgus:
            a |= {f"hip_adduction_{side}": valgus * u, f"knee_valgus_{side}": valgus * u}
        return a

    if view == "front":
        az = offset if variant.flip else -offset
        what = f"facing the camera turned {offset:.0f} deg off the front view; {side} knee valgus FPPA {fppa:.0f} deg"
    else:
        az = _side_azimuth(side, offset, toward_front=variant.flip)
        what = f"{side} side toward the camera turned {offset:.0f} deg off the side view"
    return Clip(
        name=name,
        description=f"Bodyweight squat, 2 reps to {depth['knee_deg']:.0f} deg knee flexion, {what}.",
        duration_s=SQUAT.duration_s,
        subjects=(Subject(variant.phenotype, variant.colours, angles),),
        view=variant.view(az, side_view=view == "side"),
        reps=SQUAT.events(),
        lighting=variant.lighting,
        notes=_bench_notes(
            "squat",
            offset,
            variant,
            view=view,
            sides=["left", "right"] if view == "front" else [side],
            valgus_side=side if view == "front" else "",
            peak_knee_fppa_deg=fppa if view == "front" else 0.0,
            hip_adduction_and_knee_valgus_deg=valgus,
            **depth,
        ),
    )


def single_leg_squat(name: str, stance: str, offset: float, variant: Variant | Setup) -> Clip:
    """Single-leg squat on ``stance`` with contralateral pelvic drop and stance knee valgus."""
    knee, shank, trunk = 55.0 + 5.0 * ((variant.k // 2) % 2), 20.0, 25.0
    drop = 4.0 + 2.0 * (variant.k % 3)
    fppa = 6.0 + 3.0 * (variant.k % 3)
    free = "right" if stance == "left" else "left"
    sign = 1.0 if stance == "left" else -1.0  # + pelvis_right_drop = right hip lower

    def base(u: float) -> dict[str, float]:
        k, s, t, d = knee * u, shank * u, trunk * u, drop * u
        return {
            "pelvis_forward_tilt": t,
            "pelvis_right_drop": sign * d,
            "trunk_right_lateral_flexion": -sign * d,
            f"hip_adduction_{stance}": d,
            f"knee_flexion_{stance}": k,
            f"hip_flexion_{stance}": k - s + t,
            f"hip_flexion_{free}": 60.0 + t,
            f"knee_flexion_{free}": 90.0,
            "shoulder_abduction_left": 10.0,
            "shoulder_abduction_right": 10.0,
            "neck_flexion": -t / 2,
            "head_flexion": -t / 2,
        }

    valgus = _solve_valgus(Body(variant.phenotype, variant.colours), base(1.0), stance, fppa)

    def angles(t: float) -> dict[str, float]:
        u = SQUAT(t)
        a = base(u)
        a[f"hip_adduction_{stance}"] += valgus * u
        a[f"knee_valgus_{stance}"] = valgus * u
        return a

    az = offset if variant.flip else -offset
    return Clip(
        name=name,
        description=f"Single-leg squat on the {stance} leg facing the camera turned {offset:.0f} deg off the front "
        f"view, 2 reps to {knee:.0f} deg knee flexion, {drop:.0f} deg pelvic drop on the {free} side, stance knee "
        f"FPPA {fppa:.0f} deg.",
        duration_s=SQUAT.duration_s,
        subjects=(Subject(variant.phenotype, variant.colours, angles, flat_feet=(stance,), anchor_feet=(stance,)),),
        view=variant.view(az),
        reps=SQUAT.events(),
        lighting=variant.lighting,
        notes=_bench_notes(
            "single_leg_squat",
            offset,
            variant,
            sides=[stance],
            peak_knee_flexion_deg=knee,
            peak_pelvis_drop_deg=drop,
            peak_knee_fppa_deg=fppa,
            extra_hip_adduction_and_knee_valgus_deg=valgus,
        ),
    )


def posture(name: str, view: str, offset: float, variant: Variant | Setup, pair: str) -> Clip:
    """Posture photo (front or side) with a lowered shoulder and a forward head."""
    drop_m = 0.02 + 0.01 * (variant.k % 3)
    head_deg = 10.0 + 5.0 * (variant.k % 3)
    low = "right" if variant.flip else "left"
    body = Body(variant.phenotype, variant.colours)
    angles = _posture_angles(body, drop_m, head_deg)
    if low == "left":
        angles = {k.replace("_right", "_left"): v for k, v in angles.items()}
    if view == "front":
        az = offset if variant.flip else -offset
    else:
        az = _side_azimuth("left" if (variant.k // 4) % 2 == 0 else "right", offset, toward_front=not variant.flip)
    return Clip(
        name=name,
        description=f"Standing still, {view} photo turned {offset:.0f} deg off the {view} view; {low} shoulder "
        f"{100 * drop_m:.0f} cm lower, neck inclined {head_deg:.0f} deg forward with the head levelled back.",
        duration_s=0.0,
        subjects=(Subject(variant.phenotype, variant.colours, lambda t: dict(angles)),),
        view=variant.view(az),
        still=True,
        lighting=variant.lighting,
        notes=_bench_notes(
            "posture",
            offset,
            variant,
            view=view,
            pair=pair,
            lower_shoulder=low,
            shoulder_drop_m=drop_m,
            forward_head_neck_flexion_deg=head_deg,
        ),
    )


def _clips() -> dict[str, Callable[[], Clip]]:
    """Return the benchmark clips by name (built lazily: squats pose the body to solve valgus)."""
    out: dict[str, Callable[[], Clip]] = {}
    k = 0

    def variant() -> Variant:
        nonlocal k
        v = Variant(k, "fit" if k % 2 == 0 else "holdout")
        k += 1
        return v

    # Overhead reach: a left (full range) and a right (limited) clip of the same person, same camera set-up.
    for i, off in enumerate((0.0, 0.0, 10.0, 10.0, 20.0, 30.0, 45.0)):
        v = variant()
        left, right = 160.0 + 5.0 * (i % 3), 125.0 + 7.0 * (i % 3)
        pair = f"reach_{i:02d}"
        out[f"{pair}_left_off{off:.0f}"] = lambda p=pair, v=v, off=off, a=left: reach(
            f"{p}_left_off{off:.0f}", "left", a, off, v, pair=p
        )
        out[f"{pair}_right_off{off:.0f}"] = lambda p=pair, v=v, off=off, a=right: reach(
            f"{p}_right_off{off:.0f}", "right", a, off, v, pair=p
        )
    for i, (off, side) in enumerate(((0.0, "left"), (10.0, "right"), (30.0, "left"))):
        v = variant()
        name = f"reach_trunk_{i:02d}_{side}_off{off:.0f}"
        out[name] = lambda n=name, s=side, off=off, v=v, i=i: reach(n, s, 140.0 + 5 * i, off, v, trunk_deg=10.0 + 3 * i)
    for i, off in enumerate(OFFSETS_DEG):
        v = variant()
        ir = {"left": 35.0, "right": 22.0} if i % 2 == 0 else {"left": 25.0, "right": 38.0}
        er = {"left": 40.0, "right": 30.0} if i % 2 == 0 else {"left": 28.0, "right": 42.0}
        name = f"hip_rotation_{i:02d}_off{off:.0f}"
        out[name] = lambda n=name, off=off, v=v, ir=ir, er=er: hip_rotation(n, off, v, ir, er)
    for view in ("front", "side"):
        for i, off in enumerate(OFFSETS_DEG):
            v = variant()
            side = "left" if i % 2 == 0 else "right"
            depth = {
                "knee_deg": 90.0 + 5.0 * (i % 4),
                "shank_deg": 25.0 + 2.0 * (i % 3),
                "trunk_deg": 30.0 + 3.0 * i,
                "arms_deg": 90.0,
            }
            name = f"squat_{view}_{i:02d}_{side}_off{off:.0f}"
            out[name] = lambda n=name, vw=view, s=side, off=off, v=v, d=depth: squat(n, vw, s, off, v, d)
    for i, off in enumerate(OFFSETS_DEG):
        v = variant()
        stance = "left" if i % 2 == 0 else "right"
        name = f"single_leg_squat_{i:02d}_{stance}_off{off:.0f}"
        out[name] = lambda n=name, s=stance, off=off, v=v: single_leg_squat(n, s, off, v)
    for i, off in enumerate(OFFSETS_DEG):
        v = variant()
        pair = f"posture_{i:02d}"
        for view in ("front", "side"):
            name = f"{pair}_{view}_off{off:.0f}"
            out[name] = lambda n=name, vw=view, off=off, v=v, p=pair: posture(n, vw, off, v, p)
    _more_good_views(out, variant)
    _more_reaches(out, variant)
    _more_protocols(out, variant)
    return out


def _more_good_views(out: dict[str, Callable[[], Clip]], variant: Callable[[], Variant]) -> None:
    """Add clips at 0 and 10 deg off for the protocols with one clip per offset above (more good views)."""
    for i, off in ((5, 0.0), (6, 10.0)):
        v = variant()
        ir = {"left": 30.0, "right": 40.0} if i % 2 == 0 else {"left": 42.0, "right": 30.0}
        er = {"left": 35.0, "right": 25.0} if i % 2 == 0 else {"left": 30.0, "right": 38.0}
        name = f"hip_rotation_{i:02d}_off{off:.0f}"
        out[name] = lambda n=name, off=off, v=v, ir=ir, er=er: hip_rotation(n, off, v, ir, er)
        for view in ("front", "side"):
            v = variant()
            side = "left" if i % 2 == 0 else "right"
            depth = {"knee_deg": 105.0 - 10.0 * (i % 2), "shank_deg": 28.0, "trunk_deg": 35.0, "arms_deg": 90.0}
            name = f"squat_{view}_{i:02d}_{side}_off{off:.0f}"
            out[name] = lambda n=name, vw=view, s=side, off=off, v=v, d=depth: squat(n, vw, s, off, v, d)
        v = variant()
        stance = "left" if i % 2 == 0 else "right"
        name = f"single_leg_squat_{i:02d}_{stance}_off{off:.0f}"
        out[name] = lambda n=name, s=stance, off=off, v=v: single_leg_squat(n, s, off, v)


def _more_reaches(out: dict[str, Callable[[], Clip]], variant: Callable[[], Variant]) -> None:
    """Add good-view reach pairs: new bodies, looks and cameras, two of them with the elbows held bent.

    The bent-elbow pairs (12 deg, "soft elbows", within the protocol's 20 deg) test that a shoulder
    flexion measure does not lean on a straight elbow.
    """
    for i, (off, elbow) in enumerate(((0.0, 0.0), (10.0, 0.0), (0.0, 12.0), (10.0, 12.0), (10.0, 0.0), (0.0, 0.0))):
        v = variant()
        left, right = 165.0 - 4.0 * (i % 3), 135.0 + 5.0 * (i % 3)
        pair = f"reach_{7 + i:02d}"
        for side, peak in (("left", left), ("right", right)):
            name = f"{pair}_{side}_off{off:.0f}"
            out[name] = lambda n=name, s=side, a=peak, v=v, off=off, p=pair, e=elbow: reach(
                n, s, a, off, v, pair=p, elbow_deg=e
            )


def _more_protocols(out: dict[str, Callable[[], Clip]], variant: Callable[[], Variant]) -> None:
    """Add good-view clips (0 and 10 deg off) of the other protocols, on later bodies, looks and cameras."""
    for i, off in ((7, 0.0), (8, 10.0)):
        v = variant()
        ir = {"left": 28.0, "right": 40.0} if i % 2 else {"left": 38.0, "right": 26.0}
        er = {"left": 44.0, "right": 32.0} if i % 2 else {"left": 30.0, "right": 41.0}
        name = f"hip_rotation_{i:02d}_off{off:.0f}"
        out[name] = lambda n=name, off=off, v=v, ir=ir, er=er: hip_rotation(n, off, v, ir, er)
        for view in ("front", "side"):
            v = variant()
            side = "right" if i % 2 else "left"
            depth = {"knee_deg": 85.0 + 15.0 * (i % 2), "shank_deg": 24.0, "trunk_deg": 33.0, "arms_deg": 90.0}
            name = f"squat_{view}_{i:02d}_{side}_off{off:.0f}"
            out[name] = lambda n=name, vw=view, s=side, off=off, v=v, d=depth: squat(n, vw, s, off, v, d)
        v = variant()
        stance = "right" if i % 2 else "left"
        name = f"single_leg_squat_{i:02d}_{stance}_off{off:.0f}"
        out[name] = lambda n=name, s=stance, off=off, v=v: single_leg_squat(n, s, off, v)
        v = variant()
        pair = f"posture_{i - 2:02d}"
        for view in ("front", "side"):
            name = f"{pair}_{view}_off{off:.0f}"
            out[name] = lambda n=name, vw=view, off=off, v=v, p=pair: posture(n, vw, off, v, p)


# ---------------------------------------------------------------------------------------------
# Groups added for issue 13, on explicit set-ups (not the Variant cycles above, which stay as they
# were so the clips above render unchanged).
#
# * ``soft_fit``: side-view reaches with the elbow held 0, 5 and 10 deg bent (soft elbows, as real
#   people reach), on the bodies and looks of the set above: a shoulder-flexion measure may be
#   chosen on these clips.
# * ``soft_holdout``: the same movement, bends 0-10 deg, on bodies, looks, camera set-ups and lights
#   used nowhere else; rendered after the measure was chosen, only to report it.
# * ``holdout3``: every protocol, on bodies, looks, camera set-ups and lights used nowhere else,
#   good views (0-10 deg off) plus a few wrong views; rendered after the methods were fixed.

SOFT_BENDS_DEG = (0.0, 5.0, 10.0)

# Bodies and looks used only by soft_holdout (indices 0-3) and holdout3 (4-7).
NEW_BODIES = (
    Phenotype(gender=0.0, age=0.8, muscle=0.65, weight=0.4, height=0.55, proportions=0.4),
    Phenotype(gender=1.0, age=0.7, muscle=0.3, weight=0.35, height=0.35, proportions=0.45),
    Phenotype(gender=0.3, age=0.88, muscle=0.5, weight=0.9, height=0.5, proportions=0.55),
    Phenotype(gender=0.7, age=0.68, muscle=0.7, weight=0.5, height=0.6, proportions=0.35),
    Phenotype(gender=0.05, age=0.72, muscle=0.4, weight=0.7, height=0.3, proportions=0.65),
    Phenotype(gender=0.95, age=0.78, muscle=0.6, weight=0.45, height=0.5, proportions=0.5),
    Phenotype(gender=0.5, age=0.69, muscle=0.45, weight=0.55, height=0.45, proportions=0.45),
    Phenotype(gender=0.15, age=0.92, muscle=0.35, weight=0.35, height=0.42, proportions=0.6),
)
NEW_LOOKS = (
    Colours(skin=(140, 95, 70), shirt=(200, 90, 30), trousers=(50, 50, 55), shoes=(20, 20, 20), hair=(25, 20, 15)),
    Colours(
        skin=(240, 200, 175),
        shirt=(70, 70, 160),
        trousers=(150, 150, 150),
        shoes=(250, 250, 250),
        hair=(230, 200, 140),
        long_sleeves=True,
    ),
    Colours(
        skin=(105, 70, 50), shirt=(20, 100, 110), trousers=(20, 20, 25), shoes=(180, 40, 40), hair=(10, 10, 10),
        shorts=True,
    ),
    Colours(skin=(210, 160, 120), shirt=(150, 30, 90), trousers=(70, 55, 40), shoes=(90, 90, 100), hair=(60, 40, 25)),
    Colours(
        skin=(185, 140, 105), shirt=(90, 90, 40), trousers=(35, 40, 60), shoes=(150, 110, 70), hair=(45, 35, 30),
        long_sleeves=True,
    ),
    Colours(skin=(80, 55, 40), shirt=(230, 230, 90), trousers=(40, 40, 40), shoes=(240, 240, 240), hair=(5, 5, 5)),
    Colours(
        skin=(225, 175, 140), shirt=(100, 20, 20), trousers=(90, 110, 140), shoes=(60, 40, 30), hair=(120, 70, 40),
        shorts=True,
    ),
    Colours(skin=(160, 120, 90), shirt=(15, 15, 20), trousers=(200, 190, 170), shoes=(30, 30, 30), hair=(80, 80, 80)),
)
NEW_LIGHTS = (
    Lighting(ambient=0.25, key_intensity=3.0, fill_intensity=0.8, key_azimuth_deg=-50.0, background=(190, 200, 190)),
    Lighting(
        ambient=0.4, key_intensity=2.2, fill_intensity=0.7, key_elevation_deg=30.0, background=(215, 205, 190),
        floor=(130, 130, 135),
    ),
    Lighting(ambient=0.18, key_intensity=4.0, fill_intensity=1.0, key_azimuth_deg=80.0, background=(150, 160, 175)),
    Lighting(ambient=0.45, key_intensity=1.8, fill_intensity=1.4, key_azimuth_deg=10.0, background=(235, 235, 235)),
)
NEW_HEIGHTS_M = (1.2, 0.9, 1.4, 1.05)
NEW_YFOV_DEG = (48.0, 62.0, 42.0, 53.0, 57.0)
NEW_SIZES_PX = ((720, 1280), (1280, 720), (540, 960))


@dataclass(frozen=True)
class Setup:
    """An explicit body, look, camera and light: the interface of :class:`Variant`, given directly.

    Attributes
    ----------
    k : int
        Index within its group (written to the truth as ``variant``).
    group : str
        ``soft_fit``, ``soft_holdout`` or ``holdout3``.
    phenotype, colours, lighting
        Body, look and lights.
    flip : bool
        Which way the camera turns off the ideal view (toward the front/left when True).
    height_m, yfov_deg, margin : float
        Camera height (m), vertical field of view (deg), free border (fraction).
    size_px : tuple of int
        Image (width, height) (px).
    """

    k: int
    group: str
    phenotype: Phenotype
    colours: Colours
    lighting: Lighting
    flip: bool
    height_m: float
    yfov_deg: float
    margin: float
    size_px: tuple[int, int]

    def view(self, azimuth_deg: float, height_m: float | None = None, side_view: bool = False) -> View:
        """Return the camera view at ``azimuth_deg`` (as :meth:`Variant.view`)."""
        return View(
            azimuth_deg=azimuth_deg,
            height_m=height_m if height_m is not None else self.height_m,
            yfov_deg=self.yfov_deg,
            margin=self.margin,
            size_px=self.size_px,
            aim_at_body=side_view,
        )

    def info(self) -> dict[str, Any]:
        """Return the set-up for the truth JSON."""
        return {"variant": self.k, "group": self.group}


def soft_fit_setup(i: int) -> Setup:
    """Set-up ``i`` of the soft_fit group: the bodies and looks of the set above, its camera cycles."""
    return Setup(
        k=i,
        group="soft_fit",
        phenotype=BODIES[i % len(BODIES)],
        colours=LOOKS[(3 * i + 1) % len(LOOKS)],
        lighting=LIGHTS[i % len(LIGHTS)],
        flip=i % 2 == 0,
        height_m=HEIGHTS_M[i % len(HEIGHTS_M)],
        yfov_deg=YFOV_DEG[(2 * i + 1) % len(YFOV_DEG)],
        margin=MARGINS[i % len(MARGINS)],
        size_px=SIZES_PX[(i + 1) % len(SIZES_PX)],
    )


def new_setup(i: int, group: str, first_body: int) -> Setup:
    """Set-up ``i`` on the new bodies, looks, lights and camera values (soft_holdout: first_body 0; holdout3: 4)."""
    return Setup(
        k=i,
        group=group,
        phenotype=NEW_BODIES[first_body + i % 4],
        colours=NEW_LOOKS[first_body + (i + 1 + i // 4) % 4],
        lighting=NEW_LIGHTS[(i + first_body // 4) % len(NEW_LIGHTS)],
        flip=(i // 2) % 2 == 0,
        height_m=NEW_HEIGHTS_M[i % len(NEW_HEIGHTS_M)],
        yfov_deg=NEW_YFOV_DEG[i % len(NEW_YFOV_DEG)],
        margin=(0.07, 0.1)[i % 2],
        size_px=NEW_SIZES_PX[i % len(NEW_SIZES_PX)],
    )


def _soft_elbows(out: dict[str, Callable[[], Clip]]) -> None:
    """Add the soft_fit (7 set-ups x bends 0, 5, 10 deg, plus 4 whose bend changes between rest and top) and
    soft_holdout (8 set-ups, 2 bends each) reaches."""
    # Constant bends on set-ups 0-5 and 7 (7: the all-black outfit, on which MediaPipe's shoulder point errs most).
    for i in (0, 1, 2, 3, 4, 5, 7):
        setup = soft_fit_setup(i)
        side = "left" if i % 2 == 0 else "right"
        off = (0.0, 10.0, 5.0)[i % 3]
        peak = (165.0, 150.0, 172.0, 140.0, 158.0, 168.0, 0.0, 155.0)[i]
        trunk = 10.0 if i % 3 == 2 else 0.0
        for bend in SOFT_BENDS_DEG:
            name = f"soft_fit_{i:02d}_{side}_bend{bend:.0f}"
            out[name] = lambda n=name, s=side, a=peak, off=off, v=setup, t=trunk, e=bend: reach(
                n, s, a, off, v, trunk_deg=t, elbow_deg=e
            )
    # The bend changing with the arm (set-ups 6, 8, 9, 10): relaxed at rest and straight at the top, or the reverse.
    for i, rest, top in ((6, 10.0, 0.0), (8, 0.0, 10.0), (9, 8.0, 2.0), (10, 2.0, 8.0)):
        setup = soft_fit_setup(i)
        side = "left" if i % 2 else "right"
        peak = {6: 160.0, 8: 145.0, 9: 170.0, 10: 152.0}[i]
        name = f"soft_fit_{i:02d}_{side}_bend{rest:.0f}to{top:.0f}"
        out[name] = lambda n=name, s=side, a=peak, v=setup, r=rest, e=top: reach(
            n, s, a, 0.0, v, elbow_deg=e, rest_elbow_deg=r
        )
    bends = ((0.0, 8.0), (3.0, 10.0), (5.0, 7.0), (10.0, 2.0), (6.0, 0.0), (9.0, 4.0), (5.0, 10.0), (1.0, 8.0))
    for i, pair in enumerate(bends):
        setup = new_setup(i, "soft_holdout", 0)
        side = "right" if i % 2 == 0 else "left"
        off = (5.0, 0.0, 10.0, 8.0)[i % 4]
        peak = (162.0, 145.0, 170.0, 135.0, 155.0, 166.0, 148.0, 160.0)[i]
        trunk = (0.0, 0.0, 8.0, 0.0, 12.0, 0.0, 0.0, 6.0)[i]
        for bend in pair:
            name = f"soft_holdout_{i:02d}_{side}_bend{bend:.0f}"
            out[name] = lambda n=name, s=side, a=peak, off=off, v=setup, t=trunk, e=bend: reach(
                n, s, a, off, v, trunk_deg=t, elbow_deg=e
            )


def _holdout3(out: dict[str, Callable[[], Clip]]) -> None:
    """Add the holdout3 group: every protocol on the last four new bodies and looks, mostly good views."""

    def setup(i: int) -> Setup:
        return new_setup(i, "holdout3", 4)

    # Reach pairs (left full range, right limited; one pair with soft elbows), one trunk-extension reach.
    for i, off, bend in ((0, 0.0, 0.0), (1, 10.0, 5.0), (2, 5.0, 0.0), (14, 30.0, 0.0)):
        pair = f"holdout3_reach_{i:02d}"
        for side, peak in (("left", 163.0 - 3.0 * (i % 3)), ("right", 132.0 + 6.0 * (i % 3))):
            name = f"{pair}_{side}_off{off:.0f}"
            out[name] = lambda n=name, s=side, a=peak, i=i, off=off, p=pair, e=bend: reach(
                n, s, a, off, setup(i), pair=p, elbow_deg=e
            )
    name = "holdout3_reach_trunk_03_left_off0"
    out[name] = lambda n=name: reach(n, "left", 148.0, 0.0, setup(3), trunk_deg=12.0)
    for i, off in ((4, 0.0), (5, 10.0), (17, 45.0)):
        ir = {"left": 33.0, "right": 24.0} if i % 2 == 0 else {"left": 26.0, "right": 37.0}
        er = {"left": 38.0, "right": 29.0} if i % 2 == 0 else {"left": 31.0, "right": 43.0}
        name = f"holdout3_hip_rotation_{i:02d}_off{off:.0f}"
        out[name] = lambda n=name, off=off, i=i, ir=ir, er=er: hip_rotation(n, off, setup(i), ir, er)
    for view, cases in (("front", ((6, 0.0), (7, 10.0), (18, 30.0))), ("side", ((8, 0.0), (9, 10.0), (15, 45.0)))):
        for i, off in cases:
            side = "left" if i % 2 == 0 else "right"
            depth = {"knee_deg": 92.0 + 4.0 * (i % 3), "shank_deg": 26.0, "trunk_deg": 32.0 + 2.0 * (i % 4),
                     "arms_deg": 90.0}
            name = f"holdout3_squat_{view}_{i:02d}_{side}_off{off:.0f}"
            out[name] = lambda n=name, vw=view, s=side, off=off, i=i, d=depth: squat(n, vw, s, off, setup(i), d)
    for i, off in ((10, 0.0), (11, 10.0), (16, 30.0)):
        stance = "left" if i % 2 == 0 else "right"
        name = f"holdout3_single_leg_squat_{i:02d}_{stance}_off{off:.0f}"
        out[name] = lambda n=name, s=stance, off=off, i=i: single_leg_squat(n, s, off, setup(i))
    for i, off in ((12, 0.0), (13, 10.0)):
        pair = f"holdout3_posture_{i:02d}"
        for view in ("front", "side"):
            name = f"{pair}_{view}_off{off:.0f}"
            out[name] = lambda n=name, vw=view, off=off, i=i, p=pair: posture(n, vw, off, setup(i), p)


# ``holdout4`` (issue 13): every protocol on bodies, looks, lights, camera heights, lenses, margins and image
# sizes used nowhere else in tools/synth (nor in recog_holdout.py), defined after shoulder flexion's camera-turn and
# elbow-bend corrections were fixed (commit 71b7629): reaches with the elbow held 0-10 deg bent and the camera
# 0-10 deg off the side view toward the front or the back, a few wrong views; for scoring only.
HOLDOUT4_BODIES = (
    Phenotype(gender=0.1, age=0.76, muscle=0.7, weight=0.32, height=0.48, proportions=0.58),
    Phenotype(gender=0.9, age=0.83, muscle=0.45, weight=0.68, height=0.44, proportions=0.36),
    Phenotype(gender=0.35, age=0.7, muscle=0.38, weight=0.5, height=0.66, proportions=0.47),
    Phenotype(gender=0.65, age=0.95, muscle=0.3, weight=0.58, height=0.33, proportions=0.52),
    Phenotype(gender=0.0, age=0.69, muscle=0.9, weight=0.72, height=0.52, proportions=0.42),
    Phenotype(gender=1.0, age=0.75, muscle=0.62, weight=0.26, height=0.5, proportions=0.6),
    Phenotype(gender=0.45, age=0.87, muscle=0.52, weight=0.82, height=0.41, proportions=0.5),
    Phenotype(gender=0.78, age=0.68, muscle=0.42, weight=0.44, height=0.57, proportions=0.44),
)
HOLDOUT4_LOOKS = (
    Colours(skin=(200, 150, 115), shirt=(40, 140, 60), trousers=(60, 45, 35), shoes=(210, 210, 210), hair=(35, 25, 20)),
    Colours(
        skin=(120, 85, 60), shirt=(25, 25, 28), trousers=(25, 25, 28), shoes=(15, 15, 15), hair=(10, 8, 8),
        long_sleeves=True,
    ),
    Colours(
        skin=(245, 210, 185), shirt=(230, 120, 150), trousers=(60, 80, 120), shoes=(120, 80, 50), hair=(190, 150, 90),
        shorts=True,
    ),
    Colours(skin=(150, 105, 75), shirt=(60, 170, 190), trousers=(170, 160, 140), shoes=(40, 40, 45), hair=(25, 20, 18)),
    Colours(
        skin=(95, 65, 50), shirt=(200, 200, 200), trousers=(30, 35, 45), shoes=(200, 40, 40), hair=(12, 10, 10),
        long_sleeves=True,
    ),
    Colours(
        skin=(215, 165, 130), shirt=(120, 40, 40), trousers=(45, 60, 45), shoes=(230, 230, 220), hair=(100, 60, 30)
    ),
    Colours(
        skin=(180, 130, 95), shirt=(90, 60, 140), trousers=(140, 120, 100), shoes=(70, 70, 80), hair=(60, 60, 60),
        shorts=True,
    ),
    Colours(
        skin=(235, 195, 165), shirt=(250, 180, 60), trousers=(20, 30, 60), shoes=(255, 255, 255), hair=(170, 120, 60)
    ),
)
HOLDOUT4_LIGHTS = (
    Lighting(ambient=0.3, key_intensity=2.8, fill_intensity=0.9, key_azimuth_deg=-70.0, background=(200, 185, 170)),
    Lighting(ambient=0.22, key_intensity=3.6, fill_intensity=0.4, key_elevation_deg=60.0, background=(140, 150, 140),
             floor=(100, 95, 90)),
    Lighting(ambient=0.5, key_intensity=1.5, fill_intensity=1.2, key_azimuth_deg=25.0, background=(225, 225, 240)),
    Lighting(ambient=0.35, key_intensity=2.4, fill_intensity=0.7, key_azimuth_deg=55.0, key_elevation_deg=25.0,
             background=(175, 165, 150), floor=(140, 130, 120)),
)
HOLDOUT4_HEIGHTS_M = (0.88, 1.18, 1.32, 0.98, 1.22, 1.38, 0.92, 1.12)
HOLDOUT4_YFOV_DEG = (44.0, 47.0, 51.0, 54.0, 56.0, 59.0, 63.0)
HOLDOUT4_SIZES_PX = ((600, 1066), (1024, 576), (480, 854))


def holdout4_setup(i: int, flip: bool | None = None) -> Setup:
    """Set-up ``i`` of the holdout4 group (``flip``: camera turned toward the front/left when True)."""
    return Setup(
        k=i,
        group="holdout4",
        phenotype=HOLDOUT4_BODIES[i % 8],
        colours=HOLDOUT4_LOOKS[(3 * i + 2) % 8],
        lighting=HOLDOUT4_LIGHTS[i % 4],
        flip=(i % 3 == 0) if flip is None else flip,
        height_m=HOLDOUT4_HEIGHTS_M[(i + 3) % 8],
        yfov_deg=HOLDOUT4_YFOV_DEG[i % 7],
        margin=(0.09, 0.11)[i % 2],
        size_px=HOLDOUT4_SIZES_PX[i % 3],
    )


def _holdout4(out: dict[str, Callable[[], Clip]]) -> None:
    """Add the holdout4 group: 28 clips, every protocol, mostly good views (see above)."""
    # Reach pairs: (index, camera off, toward the front?, left bend, right bend, left peak, right peak).
    pairs = (
        (0, 0.0, True, 3.0, 8.0, 166.0, 141.0),
        (1, 10.0, True, 10.0, 0.0, 158.0, 150.0),
        (2, 6.0, False, 5.0, 5.0, 171.0, 128.0),
        (3, 10.0, False, 7.0, 2.0, 146.0, 162.0),
        (4, 4.0, True, 0.0, 10.0, 152.0, 168.0),
        (12, 30.0, False, 4.0, 4.0, 160.0, 145.0),
    )
    for i, off, front, bend_l, bend_r, peak_l, peak_r in pairs:
        pair = f"holdout4_reach_{i:02d}"
        for side, bend, peak in (("left", bend_l, peak_l), ("right", bend_r, peak_r)):
            name = f"{pair}_{side}_bend{bend:.0f}_off{off:.0f}"
            out[name] = lambda n=name, s=side, a=peak, i=i, off=off, p=pair, e=bend, f=front: reach(
                n, s, a, off, holdout4_setup(i, f), pair=p, elbow_deg=e
            )
    name = "holdout4_reach_trunk_05_right_bend6_off8"
    out[name] = lambda n=name: reach(n, "right", 150.0, 8.0, holdout4_setup(5, False), trunk_deg=10.0, elbow_deg=6.0)
    for i, off in ((6, 0.0), (7, 10.0), (13, 45.0)):
        ir = {"left": 30.0, "right": 39.0} if i % 2 == 0 else {"left": 36.0, "right": 27.0}
        er = {"left": 45.0, "right": 33.0} if i % 2 == 0 else {"left": 35.0, "right": 41.0}
        name = f"holdout4_hip_rotation_{i:02d}_off{off:.0f}"
        out[name] = lambda n=name, off=off, i=i, ir=ir, er=er: hip_rotation(n, off, holdout4_setup(i), ir, er)
    cases = (("front", ((8, 0.0), (9, 10.0))), ("side", ((10, 0.0), (11, 10.0), (14, 45.0))))
    for view, views in cases:
        for i, off in views:
            side = "right" if i % 2 == 0 else "left"
            depth = {"knee_deg": 88.0 + 5.0 * (i % 3), "shank_deg": 24.0 + 2.0 * (i % 2),
                     "trunk_deg": 30.0 + 3.0 * (i % 3), "arms_deg": 90.0}
            name = f"holdout4_squat_{view}_{i:02d}_{side}_off{off:.0f}"
            out[name] = lambda n=name, vw=view, s=side, off=off, i=i, d=depth: squat(
                n, vw, s, off, holdout4_setup(i), d
            )
    for i, off in ((15, 0.0), (16, 10.0), (17, 30.0)):
        stance = "right" if i % 2 == 0 else "left"
        name = f"holdout4_single_leg_squat_{i:02d}_{stance}_off{off:.0f}"
        out[name] = lambda n=name, s=stance, off=off, i=i: single_leg_squat(n, s, off, holdout4_setup(i))
    for i, off in ((18, 0.0), (19, 8.0)):
        pair = f"holdout4_posture_{i:02d}"
        for view in ("front", "side"):
            name = f"{pair}_{view}_off{off:.0f}"
            out[name] = lambda n=name, vw=view, off=off, i=i, p=pair: posture(n, vw, off, holdout4_setup(i), p)


# ``holdout5`` (issue 13): every protocol on bodies, looks, lights, camera heights, lenses, margins and image sizes
# used nowhere else in tools/synth, defined after the mirror-bias term of shoulder flexion was fixed (commit
# 34e4b0d): eight reach pairs with the elbows held 0-10 deg bent (each side its own bend) and the camera 0-10 deg off
# the side view toward the front or the back, so that left - right asymmetries are scored on more than a handful of
# pairs; a few wrong views; for scoring only.
HOLDOUT5_BODIES = (
    Phenotype(gender=0.2, age=0.72, muscle=0.55, weight=0.62, height=0.38, proportions=0.55),
    Phenotype(gender=0.85, age=0.9, muscle=0.35, weight=0.4, height=0.6, proportions=0.4),
    Phenotype(gender=0.5, age=0.78, muscle=0.75, weight=0.36, height=0.45, proportions=0.62),
    Phenotype(gender=0.05, age=0.85, muscle=0.48, weight=0.76, height=0.55, proportions=0.45),
    Phenotype(gender=0.7, age=0.67, muscle=0.6, weight=0.52, height=0.36, proportions=0.57),
    Phenotype(gender=0.95, age=0.8, muscle=0.8, weight=0.66, height=0.62, proportions=0.5),
    Phenotype(gender=0.3, age=0.93, muscle=0.32, weight=0.3, height=0.5, proportions=0.38),
    Phenotype(gender=0.6, age=0.74, muscle=0.68, weight=0.86, height=0.42, proportions=0.48),
)
HOLDOUT5_LOOKS = (
    Colours(skin=(210, 160, 120), shirt=(30, 60, 150), trousers=(35, 35, 40), shoes=(240, 240, 240), hair=(50, 35, 25)),
    Colours(
        skin=(110, 75, 55), shirt=(180, 60, 30), trousers=(200, 190, 170), shoes=(30, 30, 30), hair=(15, 12, 10),
        shorts=True,
    ),
    Colours(
        skin=(240, 205, 180), shirt=(15, 15, 18), trousers=(90, 90, 95), shoes=(150, 40, 40), hair=(210, 180, 120),
        long_sleeves=True,
    ),
    Colours(skin=(165, 120, 85), shirt=(230, 230, 225), trousers=(40, 55, 90), shoes=(80, 60, 40), hair=(30, 22, 18)),
    Colours(
        skin=(85, 58, 42), shirt=(120, 170, 60), trousers=(25, 25, 25), shoes=(250, 250, 250), hair=(8, 6, 6),
        long_sleeves=True,
    ),
    Colours(skin=(225, 180, 150), shirt=(200, 80, 160), trousers=(60, 70, 60), shoes=(20, 20, 30), hair=(120, 70, 35)),
    Colours(
        skin=(190, 140, 100), shirt=(70, 110, 120), trousers=(150, 110, 80), shoes=(200, 200, 190), hair=(80, 80, 80),
        shorts=True,
    ),
    Colours(skin=(140, 95, 70), shirt=(240, 200, 40), trousers=(30, 30, 70), shoes=(60, 60, 60), hair=(20, 16, 14)),
)
HOLDOUT5_LIGHTS = (
    Lighting(ambient=0.28, key_intensity=3.0, fill_intensity=0.8, key_azimuth_deg=65.0, background=(190, 195, 205)),
    Lighting(ambient=0.4, key_intensity=2.0, fill_intensity=1.0, key_azimuth_deg=-35.0, key_elevation_deg=50.0,
             background=(160, 140, 120), floor=(120, 110, 100)),
    Lighting(ambient=0.2, key_intensity=3.4, fill_intensity=0.5, key_azimuth_deg=-10.0, background=(230, 220, 200)),
    Lighting(ambient=0.45, key_intensity=1.8, fill_intensity=1.1, key_azimuth_deg=40.0, key_elevation_deg=30.0,
             background=(130, 140, 155), floor=(95, 95, 100)),
)
HOLDOUT5_HEIGHTS_M = (1.02, 1.28, 0.9, 1.15, 1.35, 0.95, 1.25, 1.08)
HOLDOUT5_YFOV_DEG = (42.0, 46.0, 49.0, 53.0, 57.0, 61.0, 65.0)
HOLDOUT5_SIZES_PX = ((720, 1280), (960, 540), (540, 960))


def holdout5_setup(i: int, flip: bool | None = None) -> Setup:
    """Set-up ``i`` of the holdout5 group (``flip``: camera turned toward the front/left when True)."""
    return Setup(
        k=i,
        group="holdout5",
        phenotype=HOLDOUT5_BODIES[i % 8],
        colours=HOLDOUT5_LOOKS[(5 * i + 1) % 8],
        lighting=HOLDOUT5_LIGHTS[(i + 1) % 4],
        flip=(i % 2 == 1) if flip is None else flip,
        height_m=HOLDOUT5_HEIGHTS_M[(i + 5) % 8],
        yfov_deg=HOLDOUT5_YFOV_DEG[(i + 2) % 7],
        margin=(0.1, 0.08, 0.12)[i % 3],
        size_px=HOLDOUT5_SIZES_PX[i % 3],
    )


def _holdout5(out: dict[str, Callable[[], Clip]]) -> None:
    """Add the holdout5 group: 34 clips, every protocol, mostly good views (see above)."""
    # Reach pairs: (index, camera off, toward the front?, left bend, right bend, left peak, right peak).
    pairs = (
        (0, 0.0, False, 6.0, 1.0, 168.0, 152.0),
        (1, 8.0, True, 0.0, 9.0, 144.0, 163.0),
        (2, 3.0, True, 10.0, 4.0, 155.0, 138.0),
        (3, 10.0, False, 2.0, 7.0, 172.0, 149.0),
        (4, 5.0, False, 8.0, 8.0, 136.0, 157.0),
        (5, 0.0, True, 4.0, 0.0, 161.0, 166.0),
        (6, 7.0, True, 1.0, 10.0, 150.0, 131.0),
        (7, 9.0, False, 9.0, 3.0, 159.0, 170.0),
        (16, 35.0, True, 5.0, 5.0, 158.0, 142.0),
    )
    for i, off, front, bend_l, bend_r, peak_l, peak_r in pairs:
        pair = f"holdout5_reach_{i:02d}"
        for side, bend, peak in (("left", bend_l, peak_l), ("right", bend_r, peak_r)):
            name = f"{pair}_{side}_bend{bend:.0f}_off{off:.0f}"
            out[name] = lambda n=name, s=side, a=peak, i=i, off=off, p=pair, e=bend, f=front: reach(
                n, s, a, off, holdout5_setup(i, f), pair=p, elbow_deg=e
            )
    name = "holdout5_reach_trunk_08_left_bend4_off6"
    out[name] = lambda n=name: reach(n, "left", 148.0, 6.0, holdout5_setup(8, True), trunk_deg=12.0, elbow_deg=4.0)
    for i, off in ((9, 0.0), (10, 8.0), (17, 40.0)):
        ir = {"left": 33.0, "right": 42.0} if i % 2 == 0 else {"left": 40.0, "right": 30.0}
        er = {"left": 38.0, "right": 47.0} if i % 2 == 0 else {"left": 44.0, "right": 36.0}
        name = f"holdout5_hip_rotation_{i:02d}_off{off:.0f}"
        out[name] = lambda n=name, off=off, i=i, ir=ir, er=er: hip_rotation(n, off, holdout5_setup(i), ir, er)
    cases = (("front", ((11, 0.0), (12, 8.0))), ("side", ((13, 0.0), (14, 9.0), (18, 40.0))))
    for view, views in cases:
        for i, off in views:
            side = "left" if i % 2 == 0 else "right"
            depth = {"knee_deg": 92.0 + 4.0 * (i % 3), "shank_deg": 26.0 - 2.0 * (i % 2),
                     "trunk_deg": 28.0 + 4.0 * (i % 3), "arms_deg": 90.0}
            name = f"holdout5_squat_{view}_{i:02d}_{side}_off{off:.0f}"
            out[name] = lambda n=name, vw=view, s=side, off=off, i=i, d=depth: squat(
                n, vw, s, off, holdout5_setup(i), d
            )
    for i, off in ((15, 0.0), (19, 7.0), (20, 35.0)):
        stance = "left" if i % 2 == 1 else "right"
        name = f"holdout5_single_leg_squat_{i:02d}_{stance}_off{off:.0f}"
        out[name] = lambda n=name, s=stance, off=off, i=i: single_leg_squat(n, s, off, holdout5_setup(i))
    for i, off in ((21, 0.0), (22, 6.0)):
        pair = f"holdout5_posture_{i:02d}"
        for view in ("front", "side"):
            name = f"{pair}_{view}_off{off:.0f}"
            out[name] = lambda n=name, vw=view, off=off, i=i, p=pair: posture(n, vw, off, holdout5_setup(i), p)


# ``holdout6`` (issue 13): side-view reach pairs only, on bodies, looks, lights, camera heights, lenses and image
# sizes used nowhere else in tools/synth, defined before the shoulder-asymmetry candidates of this session were
# scored (on the 26 fit pairs of the groups above) and rendered after the choice. Unlike the earlier pairs, each
# side has its own camera turn (0-10 deg toward the front or the back), as when a person turns round between the
# two clips, and its own elbow bend (0-10 deg); two trunk-extension reaches; for scoring only.
HOLDOUT6_BODIES = (
    Phenotype(gender=0.4, age=0.7, muscle=0.42, weight=0.58, height=0.52, proportions=0.42),
    Phenotype(gender=0.9, age=0.86, muscle=0.72, weight=0.44, height=0.4, proportions=0.6),
    Phenotype(gender=0.1, age=0.76, muscle=0.62, weight=0.8, height=0.48, proportions=0.5),
    Phenotype(gender=0.65, age=0.95, muscle=0.38, weight=0.5, height=0.58, proportions=0.36),
    Phenotype(gender=0.25, age=0.66, muscle=0.52, weight=0.34, height=0.62, proportions=0.58),
    Phenotype(gender=0.8, age=0.73, muscle=0.46, weight=0.72, height=0.34, proportions=0.46),
    Phenotype(gender=0.0, age=0.82, muscle=0.7, weight=0.46, height=0.44, proportions=0.64),
    Phenotype(gender=0.55, age=0.89, muscle=0.58, weight=0.64, height=0.56, proportions=0.4),
)
HOLDOUT6_LOOKS = (
    Colours(skin=(200, 150, 110), shirt=(60, 130, 60), trousers=(45, 45, 50), shoes=(230, 230, 230), hair=(40, 30, 20)),
    Colours(
        skin=(95, 65, 48), shirt=(210, 210, 215), trousers=(30, 40, 80), shoes=(25, 25, 25), hair=(10, 8, 8),
        long_sleeves=True,
    ),
    Colours(
        skin=(235, 195, 165), shirt=(160, 40, 40), trousers=(110, 100, 90), shoes=(70, 50, 35), hair=(190, 150, 90),
        shorts=True,
    ),
    Colours(skin=(150, 105, 75), shirt=(25, 25, 30), trousers=(25, 25, 30), shoes=(120, 120, 120), hair=(35, 28, 22)),
    Colours(
        skin=(215, 170, 130), shirt=(90, 150, 200), trousers=(180, 170, 150), shoes=(40, 40, 45), hair=(70, 45, 30),
        long_sleeves=True,
    ),
    Colours(skin=(120, 85, 60), shirt=(250, 140, 40), trousers=(50, 60, 50), shoes=(220, 220, 210), hair=(18, 14, 12)),
    Colours(
        skin=(245, 215, 190), shirt=(120, 60, 130), trousers=(20, 20, 22), shoes=(160, 30, 30), hair=(230, 220, 200),
        shorts=True,
    ),
    Colours(skin=(175, 130, 95), shirt=(200, 200, 60), trousers=(70, 80, 110), shoes=(50, 35, 25), hair=(55, 40, 30)),
)
HOLDOUT6_LIGHTS = (
    Lighting(ambient=0.3, key_intensity=2.8, fill_intensity=0.9, key_azimuth_deg=-60.0, background=(200, 190, 175)),
    Lighting(ambient=0.22, key_intensity=3.6, fill_intensity=0.6, key_azimuth_deg=25.0, key_elevation_deg=40.0,
             background=(170, 180, 190), floor=(110, 115, 120)),
    Lighting(ambient=0.42, key_intensity=2.0, fill_intensity=1.2, key_azimuth_deg=-20.0, background=(225, 230, 220)),
    Lighting(ambient=0.35, key_intensity=2.5, fill_intensity=0.8, key_azimuth_deg=55.0, key_elevation_deg=25.0,
             background=(145, 135, 125), floor=(100, 90, 85)),
)
HOLDOUT6_HEIGHTS_M = (1.1, 0.95, 1.3, 1.0, 1.22, 0.86, 1.36, 1.16)
HOLDOUT6_YFOV_DEG = (43.0, 48.0, 52.0, 55.0, 58.0, 60.0, 64.0)
HOLDOUT6_SIZES_PX = ((660, 1174), (1152, 648), (576, 1024))


def holdout6_setup(i: int, flip: bool) -> Setup:
    """Set-up ``i`` of the holdout6 group (``flip``: camera turned toward the front/left when True)."""
    return Setup(
        k=i,
        group="holdout6",
        phenotype=HOLDOUT6_BODIES[i % 8],
        colours=HOLDOUT6_LOOKS[(3 * i + 5) % 8],
        lighting=HOLDOUT6_LIGHTS[(i + 2) % 4],
        flip=flip,
        height_m=HOLDOUT6_HEIGHTS_M[(i + 3) % 8],
        yfov_deg=HOLDOUT6_YFOV_DEG[(i + 4) % 7],
        margin=(0.09, 0.12, 0.07)[i % 3],
        size_px=HOLDOUT6_SIZES_PX[i % 3],
    )


def _holdout6(out: dict[str, Callable[[], Clip]]) -> None:
    """Add the holdout6 group: 8 reach pairs, each side with its own camera turn and elbow bend, and 2 trunk reaches."""
    # (index, left: camera off, toward the front?, bend, peak; right: the same)
    pairs = (
        (0, (2.0, True, 5.0, 162.0), (7.0, False, 0.0, 147.0)),
        (1, (9.0, False, 1.0, 139.0), (4.0, True, 8.0, 158.0)),
        (2, (0.0, True, 8.0, 171.0), (10.0, True, 3.0, 165.0)),
        (3, (6.0, True, 0.0, 150.0), (1.0, False, 10.0, 133.0)),
        (4, (10.0, False, 6.0, 157.0), (5.0, False, 6.0, 169.0)),
        (5, (3.0, False, 10.0, 145.0), (8.0, True, 2.0, 141.0)),
        (6, (7.0, True, 3.0, 167.0), (0.0, True, 7.0, 154.0)),
        (7, (5.0, False, 7.0, 153.0), (9.0, False, 4.0, 170.0)),
    )
    for i, left, right in pairs:
        pair = f"holdout6_reach_{i:02d}"
        for side, (off, front, bend, peak) in (("left", left), ("right", right)):
            name = f"{pair}_{side}_bend{bend:.0f}_off{off:.0f}"
            out[name] = lambda n=name, s=side, a=peak, i=i, off=off, p=pair, e=bend, f=front: reach(
                n, s, a, off, holdout6_setup(i, f), pair=p, elbow_deg=e
            )
    for i, side, off, front, bend, trunk in ((8, "right", 4.0, True, 3.0, 10.0), (9, "left", 8.0, False, 6.0, 14.0)):
        name = f"holdout6_reach_trunk_{i:02d}_{side}_bend{bend:.0f}_off{off:.0f}"
        out[name] = lambda n=name, s=side, off=off, i=i, f=front, e=bend, t=trunk: reach(
            n, s, 146.0, off, holdout6_setup(i, f), trunk_deg=t, elbow_deg=e
        )


CLIPS: dict[str, Callable[[], Clip]] = _clips()
_soft_elbows(CLIPS)
_holdout3(CLIPS)
_holdout4(CLIPS)
_holdout5(CLIPS)
_holdout6(CLIPS)
