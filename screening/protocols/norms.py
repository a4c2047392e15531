"""Published normative values and the screening thresholds built on them.

Each :class:`Norm` cites its source. Where a threshold is the tool's own screening choice
rather than a published cut-off, ``threshold_note`` says so and how it was derived.
All angles in degrees.
"""

from __future__ import annotations

from dataclasses import dataclass

AAOS = "American Academy of Orthopaedic Surgeons, Joint Motion: Method of Measuring and Recording (1965)"
BOONE_AZEN = "Boone & Azen, J Bone Joint Surg Am 1979;61:756-759 (men, mean 167° ± 4.7°)"
KOUYOUMDJIAN = "Kouyoumdjian et al., Orthop Traumatol Surg Res 2012 (120 adults, photographic; seated IR ≈ 38°)"
ELLISON = "Ellison, Rose & Sahrmann, Phys Ther 1990;70:537-541 (side-to-side hip rotation within 10° = equal)"
LSI = "Limb symmetry index ≥ 90 %, the usual return-to-sport criterion (e.g. Barber-Westin & Noyes 2011)"
HERRINGTON_MUNRO = "Herrington & Munro, Phys Ther Sport 2010;11:56-59 (knee FPPA: women 7–13°, men 3–8°)"
FMS = "Cook, Burton & Hoogenboom, N Am J Sports Phys Ther 2006 (Functional Movement Screen: deep squat criteria)"
KENDALL = "Kendall et al., Muscles: Testing and Function (ideal plumb line through ear lobe and acromion)"


@dataclass(frozen=True)
class Norm:
    """A normal range and the screening thresholds for one metric (degrees unless ``unit`` says)."""

    metric: str
    normal_min: float | None
    normal_max: float | None
    mild: float  # below (ROM) or above (deviation) this: "mild"
    marked: float  # below or above this: "marked"
    source: str
    threshold_note: str
    unit: str = "deg"


NORMS: dict[str, Norm] = {
    "shoulder_flexion": Norm(
        "shoulder_flexion",
        160.0,
        180.0,
        160.0,
        140.0,
        f"{AAOS}: 0–180°; {BOONE_AZEN}",
        "Limited below 160° (about the Boone & Azen mean − 1.5 SD); markedly below 140° (tool's choice).",
    ),
    "shoulder_elevation_front": Norm(
        "shoulder_elevation_front",
        160.0,
        180.0,
        160.0,
        140.0,
        f"{AAOS}: flexion/abduction 0–180°",
        "Front view shows arm elevation in the frontal plane; use mainly for left/right comparison.",
    ),
    "hip_internal_rotation": Norm(
        "hip_internal_rotation",
        30.0,
        45.0,
        30.0,
        20.0,
        f"{AAOS}: 0–45°; {KOUYOUMDJIAN}",
        "Limited below 30° (below the seated mean of about 38°); markedly below 20° (tool's choice).",
    ),
    "hip_external_rotation": Norm(
        "hip_external_rotation",
        30.0,
        45.0,
        30.0,
        20.0,
        f"{AAOS}: 0–45°",
        "Limited below 30°; markedly below 20° (tool's choice).",
    ),
    "knee_fppa": Norm(
        "knee_fppa",
        -5.0,
        10.0,
        10.0,
        15.0,
        HERRINGTON_MUNRO,
        "Dynamic valgus above 10° (top of the published ranges for men, mid-range for women); marked above 15°.",
    ),
    "pelvic_drop": Norm(
        "pelvic_drop",
        0.0,
        5.0,
        5.0,
        10.0,
        "Clinical single-leg squat rating (contralateral pelvic drop)",
        "Drop above 5° flagged, above 10° marked (tool's choice; no published camera norm).",
    ),
    "trunk_lateral_lean": Norm(
        "trunk_lateral_lean",
        -5.0,
        5.0,
        5.0,
        10.0,
        "Clinical single-leg squat rating (trunk lean)",
        "Lean above 5° flagged, above 10° marked (tool's choice).",
    ),
    "squat_knee_flexion": Norm(
        "squat_knee_flexion",
        100.0,
        135.0,
        90.0,
        70.0,
        f"{FMS}; {AAOS}: knee flexion 0–135°",
        "Depth: thighs about parallel ≈ 100° knee flexion; below 90° is a partial squat, below 70° a shallow one.",
    ),
    "trunk_minus_shank": Norm(
        "trunk_minus_shank",
        -10.0,
        10.0,
        10.0,
        20.0,
        FMS,
        "FMS: torso parallel to the tibia or more upright; forward lean beyond the shank by >10° flagged.",
    ),
    "trunk_extension_compensation": Norm(
        "trunk_extension_compensation",
        0.0,
        5.0,
        5.0,
        10.0,
        "Compensation: lumbar extension during overhead reach",
        "Backward trunk lean during the reach above 5° flagged, above 10° marked (tool's choice).",
    ),
    "elbow_flexion_at_peak": Norm(
        "elbow_flexion_at_peak",
        0.0,
        20.0,
        20.0,
        30.0,
        "Goniometry practice: elbow kept straight in shoulder flexion",
        "Elbow bent beyond 20° at the top makes the rep invalid for shoulder flexion.",
    ),
    "forward_head": Norm(
        "forward_head",
        -5.0,
        15.0,
        15.0,
        25.0,
        KENDALL,
        "Ear–shoulder line more than 15° ahead of vertical flagged, 25° marked (tool's choice).",
    ),
    "shoulder_tilt": Norm(
        "shoulder_tilt",
        -2.0,
        2.0,
        2.0,
        4.0,
        KENDALL,
        "Shoulders level in ideal alignment; tilt above 2° flagged, above 4° marked (tool's choice).",
    ),
    "pelvic_obliquity": Norm(
        "pelvic_obliquity",
        -2.0,
        2.0,
        2.0,
        4.0,
        KENDALL,
        "Hips level in ideal alignment; obliquity above 2° flagged, above 4° marked (tool's choice).",
    ),
    "asymmetry": Norm(
        "asymmetry",
        None,
        10.0,
        10.0,
        20.0,
        f"{ELLISON}; {LSI}",
        "Side difference above 10° or LSI below 90 % flagged; above 20° marked.",
    ),
}
