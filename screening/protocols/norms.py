"""Published normative values and the screening thresholds built on them, one row per metric.

Each row is keyed by the metric it grades (a finding's ``metric``), so a finding can only cite the
norm of its own measure; :mod:`screening.protocols.metrics` checks at import that every metric has
its row and that the units agree. Where a threshold is the tool's own screening choice rather than
a published cut-off, ``threshold_note`` says so and how it was derived. Angles in degrees (``deg``),
shares in percent (``%``).
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
CROSSLEY = "Crossley et al., Am J Sports Med 2011;39:866-873 (single-leg squat rating: pelvis, trunk, knee)"
SAHRMANN = "Sahrmann, Diagnosis and Treatment of Movement Impairment Syndromes (2002): compensations in ROM tests"
MUNRO_ASYM = "Munro, Herrington & Comfort, Phys Ther Sport 2012;13:259-264 (FPPA side differences, test-retest)"

ESOLA = ("Esola et al., Spine 1996;21:71-78 (standing forward bend, 41 adults: 111° in total, 69° at the hips and 42° "
         "in the lumbar spine)")
KIPPERS_PARKER = ("Kippers & Parker, Phys Ther 1987;67:1680-1684 (toe-touch test, 33 healthy young adults: "
                  "fingertip–floor distance 3 cm below floor level ± 8 cm, knees straight)")
PERRET = "Perret et al., Arch Phys Med Rehabil 2001;82:1566-1570 (fingertip-to-floor test: valid and reliable)"
MAGEE = "Magee, Orthopedic Physical Assessment (lumbar spine: watch forward flexion for a deviation to one side)"
UNITS = ("deg", "%")  # degrees, and percent of a body length the metric names (hip width, standing height)



@dataclass(frozen=True, kw_only=True)
class Norm:
    """A normal range and the screening thresholds for one metric, in ``unit``.

    For a range of motion, values below ``mild`` are mildly and below ``marked`` markedly limited;
    for a deviation, magnitudes above ``mild``/``marked`` are flagged.
    """

    metric: str
    unit: str
    normal_min: float | None
    normal_max: float | None
    mild: float
    marked: float
    source: str
    threshold_note: str


def _rows(*norms: Norm) -> dict[str, Norm]:
    """Return the norms keyed by metric, refusing a metric given twice."""
    table: dict[str, Norm] = {}
    for norm in norms:
        if norm.metric in table:
            raise ValueError(f"Expected one norm row per metric, but '{norm.metric}' has two.")
        if norm.unit not in UNITS:
            raise ValueError(f"Expected norm '{norm.metric}' in one of {UNITS}, but got '{norm.unit}'.")
        table[norm.metric] = norm
    return table


NORMS: dict[str, Norm] = _rows(
    # ------------------------------------------------------------------ overhead reach
    Norm(metric="shoulder_flexion", unit="deg", normal_min=160.0, normal_max=180.0, mild=160.0, marked=140.0,
         source=f"{AAOS}: 0–180°; {BOONE_AZEN}",
         threshold_note="Limited below 160° (about the Boone & Azen mean − 1.5 SD); markedly below 140° "
         "(tool's choice)."),
    Norm(metric="shoulder_elevation_front", unit="deg", normal_min=160.0, normal_max=180.0, mild=160.0, marked=140.0,
         source=f"{AAOS}: flexion/abduction 0–180°",
         threshold_note="Front view shows arm elevation from MediaPipe depth; use mainly for left/right comparison."),
    Norm(metric="trunk_extension_during_reach", unit="deg", normal_min=0.0, normal_max=5.0, mild=5.0, marked=10.0,
         source=f"{SAHRMANN} (lumbar extension substituting for shoulder flexion)",
         threshold_note="Backward trunk lean during the reach above 5° flagged, above 10° marked (tool's choice)."),
    Norm(metric="elbow_flexion_at_peak", unit="deg", normal_min=0.0, normal_max=20.0, mild=20.0, marked=30.0,
         source="Goniometry practice (Norkin & White, Measurement of Joint Motion): elbow straight in shoulder "
         "flexion",
         threshold_note="Elbow bent beyond 20° at the top makes the rep invalid for shoulder flexion."),
    Norm(metric="shoulder_flexion_asymmetry", unit="deg", normal_min=-10.0, normal_max=10.0, mild=10.0,
         marked=20.0, source=LSI,
         threshold_note="Side difference above 10° or LSI below 90 % flagged; above 20° marked (tool's choice)."),
    Norm(metric="shoulder_elevation_front_asymmetry", unit="deg", normal_min=-10.0, normal_max=10.0, mild=10.0,
         marked=20.0, source=LSI,
         threshold_note="Side difference above 10° or LSI below 90 % flagged; above 20° marked (tool's choice)."),
    # ------------------------------------------------------------------ seated hip rotation
    Norm(metric="hip_internal_rotation", unit="deg", normal_min=30.0, normal_max=45.0, mild=30.0, marked=20.0,
         source=f"{AAOS}: 0–45°; {KOUYOUMDJIAN}",
         threshold_note="Limited below 30° (below the seated mean of about 38°); markedly below 20° (tool's "
         "choice)."),
    Norm(metric="hip_external_rotation", unit="deg", normal_min=30.0, normal_max=45.0, mild=30.0, marked=20.0,
         source=f"{AAOS}: 0–45°",
         threshold_note="Limited below 30°; markedly below 20° (tool's choice)."),
    Norm(metric="hip_internal_rotation_asymmetry", unit="deg", normal_min=-10.0, normal_max=10.0, mild=10.0,
         marked=20.0, source=f"{ELLISON}; {LSI}",
         threshold_note="Side difference above 10° or LSI below 90 % flagged; above 20° marked."),
    Norm(metric="hip_external_rotation_asymmetry", unit="deg", normal_min=-10.0, normal_max=10.0, mild=10.0,
         marked=20.0, source=f"{ELLISON}; {LSI}",
         threshold_note="Side difference above 10° or LSI below 90 % flagged; above 20° marked."),
    Norm(metric="pelvis_lift_during_rotation", unit="deg", normal_min=0.0, normal_max=5.0, mild=5.0, marked=10.0,
         source=f"{SAHRMANN} (seated hip rotation: pelvis stays level)",
         threshold_note="Pelvic tilt change above 5° flagged, above 10° marked (tool's choice)."),
    Norm(metric="trunk_lean_during_rotation", unit="deg", normal_min=0.0, normal_max=5.0, mild=5.0, marked=10.0,
         source=f"{SAHRMANN} (seated hip rotation: trunk stays upright)",
         threshold_note="Sideways trunk lean above 5° flagged, above 10° marked (tool's choice)."),
    # ------------------------------------------------------------------ squat
    Norm(metric="squat_depth_knee_flexion", unit="deg", normal_min=100.0, normal_max=135.0, mild=90.0, marked=70.0,
         source=f"{FMS}; {AAOS}: knee flexion 0–135°",
         threshold_note="Depth: thighs about parallel ≈ 100° knee flexion; below 90° is a partial squat, below 70° "
         "a shallow one."),
    Norm(metric="trunk_lean_vs_shank", unit="deg", normal_min=-10.0, normal_max=10.0, mild=10.0, marked=20.0,
         source=FMS,
         threshold_note="FMS: torso parallel to the tibia or more upright; forward lean beyond the shank by >10° "
         "flagged."),
    Norm(metric="heel_rise", unit="deg", normal_min=0.0, normal_max=5.0, mild=5.0, marked=10.0,
         source=f"{FMS} (heels stay on the floor)",
         threshold_note="Foot tilt (heel up) above 5° at the bottom flagged, above 10° marked (tool's choice)."),
    Norm(metric="arms_fall_forward", unit="deg", normal_min=0.0, normal_max=10.0, mild=10.0, marked=20.0,
         source=f"{FMS} (overhead squat: the dowel stays over the feet)",
         threshold_note="Arms dropping forward by more than 10° at the bottom flagged, 20° marked (tool's choice)."),
    Norm(metric="knee_valgus_fppa", unit="deg", normal_min=-5.0, normal_max=10.0, mild=10.0, marked=15.0,
         source=HERRINGTON_MUNRO,
         threshold_note="Dynamic valgus above 10° (top of the published ranges for men, mid-range for women); "
         "marked above 15°. Measured in single-leg tasks; applied to the double-leg squat as a screen."),
    Norm(metric="knee_valgus_fppa_asymmetry", unit="deg", normal_min=-10.0, normal_max=10.0, mild=10.0,
         marked=20.0, source=MUNRO_ASYM,
         threshold_note="More valgus on one side by over 10° flagged, over 20° marked (tool's choice: above the "
         "test-retest error of 2-D FPPA)."),
    Norm(metric="pelvic_lateral_shift", unit="%", normal_min=-10.0, normal_max=10.0, mild=10.0, marked=20.0,
         source="Clinical squat observation (weight shift away from one side); no published camera norm",
         threshold_note="Sideways shift of the mid-hip over the feet above 10 % of hip width flagged, above 20 % "
         "marked (tool's choice)."),
    # ------------------------------------------------------------------ single-leg squat
    Norm(metric="contralateral_pelvic_drop", unit="deg", normal_min=0.0, normal_max=5.0, mild=5.0, marked=10.0,
         source=CROSSLEY,
         threshold_note="Drop above 5° flagged, above 10° marked (tool's choice; no published camera norm)."),
    Norm(metric="trunk_lean_to_stance", unit="deg", normal_min=0.0, normal_max=5.0, mild=5.0, marked=10.0,
         source=CROSSLEY,
         threshold_note="Lean over the stance leg above 5° flagged, above 10° marked (tool's choice)."),
    # ------------------------------------------------------------------ standing posture
    Norm(metric="forward_head", unit="deg", normal_min=-5.0, normal_max=15.0, mild=15.0, marked=25.0,
         source=KENDALL,
         threshold_note="Ear–shoulder line more than 15° ahead of vertical flagged, 25° marked (tool's choice)."),
    Norm(metric="shoulder_tilt", unit="deg", normal_min=-2.0, normal_max=2.0, mild=2.0, marked=4.0,
         source=KENDALL,
         threshold_note="Shoulders level in ideal alignment; tilt above 2° flagged, above 4° marked (tool's "
         "choice)."),
    Norm(metric="pelvic_obliquity", unit="deg", normal_min=-2.0, normal_max=2.0, mild=2.0, marked=4.0,
         source=KENDALL,
         threshold_note="Hips level in ideal alignment; obliquity above 2° flagged, above 4° marked (tool's "
         "choice)."),
    Norm(metric="trunk_lateral_lean", unit="deg", normal_min=-5.0, normal_max=5.0, mild=5.0, marked=10.0,
         source=KENDALL,
         threshold_note="Trunk vertical in ideal alignment; lean above 5° flagged, above 10° marked (tool's "
         "choice)."),
    Norm(metric="standing_knee_alignment", unit="deg", normal_min=-5.0, normal_max=10.0, mild=10.0, marked=15.0,
         source=KENDALL,
         threshold_note="Knee on the hip–ankle line in ideal alignment; valgus above 10° flagged, above 15° "
         "marked (tool's choice)."),
    Norm(metric="trunk_inclination_standing", unit="deg", normal_min=-5.0, normal_max=5.0, mild=5.0, marked=10.0,
         source=KENDALL,
         threshold_note="Trunk on the plumb line in ideal alignment; inclination above 5° flagged, above 10° marked "
         "(tool's choice)."),
    # ------------------------------------------------------------------ standing forward bend (toe touch)
    Norm(metric="forward_bend_hip_flexion", unit="deg", normal_min=90.0, normal_max=130.0, mild=90.0, marked=70.0,
         source=ESOLA,
         threshold_note="Measured as the shoulder–hip line to the thigh, which adds the hips' ~69° and most of the "
         "lumbar spine's ~42°: below 90° flagged as a limited bend, below 70° (about the hips' share alone) marked "
         "(tool's choice)."),
    Norm(metric="fingertip_to_floor", unit="%", normal_min=None, normal_max=3.0, mild=3.0, marked=8.0,
         source=f"{KIPPERS_PARKER}; {PERRET}",
         threshold_note="In % of standing height (no scale needed): fingertips more than 3 % of height above the "
         "floor (≈ 5 cm, the published mean + 1 SD) flagged, more than 8 % (≈ 13 cm, mean + 2 SD) marked."),
    Norm(metric="knee_flexion_during_bend", unit="deg", normal_min=0.0, normal_max=10.0, mild=10.0, marked=20.0,
         source=f"{KIPPERS_PARKER}; {PERRET}",
         threshold_note="The test is done with straight knees; bending them by more than 10° flagged, 20° marked "
         "(tool's choice): the reach then no longer tells the hamstrings' length."),
    Norm(metric="forward_bend_lateral_shift", unit="%", normal_min=-10.0, normal_max=10.0, mild=10.0, marked=20.0,
         source=MAGEE,
         threshold_note="Sideways shift of the mid-shoulder over the feet at the bottom above 10 % of shoulder "
         "width flagged, above 20 % marked (tool's choice; no published camera norm)."),
)
