"""One presentation layer: the PDF, the dashboard and the printout word, round and order findings alike.

Built on synthetic bodies with known angles (``tests/fixtures/bodies.py``), no MediaPipe: an
overhead reach with one clip per side (left 170° normal, right 140° with a 12° lean back, flagged),
plus an informational finding, and a side-view squat to 110° knee flexion (3 reps).
"""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from pypdf import PdfReader

import screening.report.charts as charts
import screening.report.pdf as pdf
import screening.ui.figures as figures
import screening.ui.present as page
import screening.ui.session as session
import screening.ui.widgets as widgets
from screening.config import Settings
from screening.model.analysis import Analysis
from screening.model.clip import ClipAnalysis
from screening.model.findings import Finding
from screening.model.profile import AthleteProfile
from screening.pipeline import clean_and_measure, evaluate
from screening.present import findings as present_findings
from screening.present import frames as present_frames
from screening.present import sides as present_sides
from screening.present.findings import SEVERITY_ORDER, finding_line, finding_value, sorted_findings
from screening.present.frames import angles_at, keyframe_caption, plot_columns, select_keyframes
from screening.present.numbers import format_angle, typeset
from screening.present.sides import left_right_pairs
from tests.fixtures.bodies import movement, reps_profile, side_body

FPS = 30.0
SETTINGS = Settings()


def _clip(raw, name: str) -> ClipAnalysis:
    raw.attrs["source_name"] = name
    series, angles = clean_and_measure(raw, SETTINGS)
    return ClipAnalysis(raw=raw, series=series, angles=angles)


def _reach(side: str, peak: float, trunk_back: float = 0.0) -> ClipAnalysis:
    arm, trunk = reps_profile(peak, 2, 5.0), reps_profile(-trunk_back, 2, 5.0)
    raw = movement(lambda t: {"shoulder_flexion": arm(t), "trunk_inclination": trunk(t), "arm_side": side},
                   5.0, FPS, side_body, "side", facing=-1 if side == "left" else 1)
    return _clip(raw, f"{side}.mp4")


def _squat(knee: float, reps: int = 3) -> ClipAnalysis:
    seconds = 2.5 * reps + 1
    knee_p = reps_profile(knee, reps, seconds)
    raw = movement(lambda t: {"knee_flexion": knee_p(t), "shank_tilt": 0.35 * knee_p(t),
                              "trunk_inclination": 0.4 * knee_p(t)}, seconds, FPS, side_body, "side", facing=1)
    return _clip(raw, "squat.mp4")


def _analysis(protocol: str, clips: list[ClipAnalysis]) -> Analysis:
    return Analysis(protocol, clips, evaluate(protocol, clips, AthleteProfile()), SETTINGS,
                    created_at="2025-03-04T10:20:30+00:00")


INFO = Finding("overhead_reach", "note_only", "", 3.25, "deg", "info", "high", "shown for information",
               "Note only: 3.2° (no norm)", label="Note only")


@pytest.fixture(scope="module")
def reach() -> Analysis:
    """Reach, left 170° and right 140° with lean back, and an ``info`` finding placed before the graded ones."""
    analysis = _analysis("overhead_reach", [_reach("left", 170.0), _reach("right", 140.0, trunk_back=12.0)])
    assert analysis.result is not None
    result = replace(analysis.result, findings=[INFO, *analysis.result.findings])
    return replace(analysis, result=result)


@pytest.fixture(scope="module")
def squat() -> Analysis:
    return _analysis("squat", [_squat(110.0)])


def _pdf_text(analysis: Analysis) -> str:
    reader = PdfReader(io.BytesIO(pdf.build_pdf(analysis, blur_faces=True)))
    return "\n".join(p.extract_text() for p in reader.pages)


def test_pdf_dashboard_and_printout_call_the_same_functions() -> None:
    assert pdf.finding_value is widgets.finding_value is present_findings.finding_value
    assert pdf.sorted_findings is present_findings.sorted_findings
    assert pdf.select_keyframes is session.select_keyframes is present_frames.select_keyframes
    assert pdf.plot_columns is present_frames.plot_columns and pdf.reps_by_column is present_frames.reps_by_column
    assert charts.left_right_pairs is figures.left_right_pairs is present_sides.left_right_pairs
    assert page.finding_rows is present_findings.finding_rows


def test_values_agree_on_card_table_pdf_and_printout(reach: Analysis) -> None:
    findings = reach.result.findings
    table = page.findings_table(findings)
    text = _pdf_text(reach)
    flat = re.sub(r"\s+", " ", text)
    for finding in findings:
        value = finding_value(finding)
        assert value in widgets.card_html(finding)
        assert value in set(table["Value"])
        assert f"{finding.label} — {typeset(value)}" in flat, (finding.label, value)  # the PDF's heading per finding
        assert f": {value} (confidence" in finding_line(finding)
    stated = re.match(r"[+-]?\d+(?:\.\d+)?°", findings[1].explanation.split(": ", 1)[1])
    assert stated and finding_value(findings[1]) == stated.group(0)  # as its own text writes it


def test_pdf_and_page_order_findings_alike_info_last(reach: Analysis) -> None:
    order = list(page.findings_table(reach.result.findings)["Measure"])
    assert order[-1] == "Note only"  # the PDF put "info" before "normal", the page after
    assert [f.severity for f in sorted_findings(reach.result.findings)] == sorted(
        (f.severity for f in reach.result.findings), key=SEVERITY_ORDER.index)
    page_one = re.sub(r"\s+", " ", PdfReader(io.BytesIO(pdf.build_pdf(reach))).pages[0].extract_text())
    places = [page_one.index(title) for title in order]
    assert places == sorted(places), list(zip(order, places, strict=True))


def test_left_right_comparison_groups_by_metric_on_both(reach: Analysis) -> None:
    pairs = left_right_pairs(reach.result.findings)
    assert (pairs[0].metric, pairs[0].name) == ("shoulder_flexion", "Shoulder flexion")
    assert all(p.left.side == "left" and p.right.side == "right" and p.left.metric == p.right.metric for p in pairs)
    figure = figures.left_right_figure(reach.result.findings)
    assert figure is not None and list(figure.data[0].y) == [p.name for p in pairs]
    assert list(figure.data[0].text) == [finding_value(p.left) for p in pairs]  # the cards' numbers
    assert list(figure.data[1].text) == [finding_value(p.right) for p in pairs]
    one_side = [f for f in reach.result.findings if f.side != "right"]
    assert left_right_pairs(one_side) == [] and figures.left_right_figure(one_side) is None
    assert charts.left_right_png(one_side) is None  # the PDF drew a bar and "right: not measured"
    # labels that say more than the side are still one metric
    relabelled = [replace(f, label=f"Shoulder flexion ({f.side}; arm straight)") if f.metric == "shoulder_flexion"
                  else f for f in reach.result.findings]
    assert left_right_pairs(relabelled)[0].name == "Shoulder flexion (arm straight)"


def test_squat_key_frame_shows_the_depth_the_finding_reports(squat: Analysis) -> None:
    depth = next(f for f in squat.result.findings if f.metric == "squat_depth_knee_flexion")
    frames = select_keyframes(squat, limit=8)
    frame = next(f for f in frames if f.finding is depth)
    column = f"knee_flexion_rigid_shank_{depth.details['measured_side']}"
    assert frame.columns[0] == column  # was the plain knee flexion (page) or nothing drawn (PDF: "hip_drop")
    plain = f"knee_flexion_{depth.details['measured_side']}"
    assert plain not in frame.columns  # one knee, one number (both read "Knee flexion (…)")
    plotted = plot_columns(squat, 0)
    assert column in plotted and plain not in plotted  # the PDF's and the page's curve peak at the finding's value
    drawn = angles_at(squat, frame)[column]
    assert format_angle(drawn) == finding_value(depth)  # the number on the joint is the finding's
    caption = keyframe_caption(squat, frame)
    assert caption.startswith(f"{depth.label}: rep ") and f"({finding_value(depth)}, {depth.severity})" in caption
    assert f"Knee flexion (right) {finding_value(depth)}" in caption or \
        f"Knee flexion (left) {finding_value(depth)}" in caption


def test_pdf_names_settings_in_words(reach: Analysis) -> None:
    text = _pdf_text(reach)
    assert "Filter cut-off: 6 Hz" in text and "Longest gap filled: 0.25 s" in text
    assert "cutoff_hz" not in text and "max_gap_s" not in text and "census_interval_s" not in text


def test_printout_line_uses_title_and_the_cards_value() -> None:
    finding = Finding("squat", "squat_depth_knee_flexion", "left", 98.5, "deg", "mild", "high", "good view",
                      "Squat depth, knee flexion (left): 99° vs normal ≥ 100°.", normal_min=100.0,
                      label="Squat depth, knee flexion (left)")
    assert finding_line(finding) == "[mild   ] Squat depth, knee flexion (left): 99° (confidence high)"  # was 98.5 deg
    missing = replace(finding, value=None, severity="invalid", confidence="low",
                      confidence_reason="the landmarks this measure needs were not found")
    assert finding_line(missing).endswith(": the landmarks this measure needs were not found (confidence low)")


def test_the_layer_imports_only_model_level_modules() -> None:
    """``screening/present`` imports findings, kinematics and protocol tables and itself; never a UI or report."""
    import ast
    from pathlib import Path

    import screening.present

    allowed = ("screening.model", "screening.kinematics", "screening.protocols.metrics", "screening.protocols.norms",
               "screening.present", "screening.errors", "__future__", "collections", "dataclasses", "datetime",
               "html", "math", "re", "typing", "numpy", "pandas")
    folder = Path(screening.present.__file__).parent
    found = {}
    for path in sorted(folder.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:  # module level only: imports under ``if TYPE_CHECKING:`` are for types
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for name in names:
                found[f"{path.name}: {name}"] = name
    wrong = {where: name for where, name in found.items()
             if not any(name == a.rstrip(".") or name.startswith(a.rstrip(".") + ".") for a in allowed)}
    assert found and not wrong, wrong
