"""Declarative protocols: the metric table is checked at import, screens are discovered, builders take keywords."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
from pathlib import Path

import pytest

import screening.protocols as protocols_package
from screening.kinematics import angles as angle_table
from screening.protocols import registry
from screening.protocols.base import list_protocols
from screening.protocols.common import asymmetry_finding, deviation_finding, rom_finding
from screening.protocols.metrics import METRICS, Metric, _table, check_row
from screening.protocols.norms import NORMS, Norm, _rows
from tests.fixtures.bodies import make_series, side_body, to_image

ROW = METRICS["forward_bend_hip_flexion"]


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"key": "forward_bend_hip_flexon"}, "Expected a norm row for metric 'forward_bend_hip_flexon'"),
        ({"unit": "%"}, "in 'deg' as its norm, but got '%'"),
        ({"columns": ("trunk_thigh_flexon_{side}",)}, "trunk_thigh_flexon_left"),
        ({"landmarks": ("{side}_sholder",)}, "left_sholder"),
        ({"kind": "ranges"}, "Expected a metric kind"),
    ],
)
def test_a_misspelt_norm_column_landmark_or_unit_is_an_error_when_the_table_is_built(change, says):
    with pytest.raises(ValueError, match=says.replace("(", r"\(").replace(")", r"\)")):
        check_row(dataclasses.replace(ROW, **change))


def test_the_table_refuses_a_norm_without_metric_and_a_metric_twice():
    with pytest.raises(ValueError, match="Expected every norm row to belong to a metric"):
        _table(ROW)
    with pytest.raises(ValueError, match="one metric row per name"):
        _table(ROW, ROW)


def test_norm_rows_take_keywords_and_known_units_only():
    row = NORMS["fingertip_to_floor"]
    with pytest.raises(TypeError):
        Norm("x", "deg", 0.0, 1.0, 1.0, 2.0, "source", "note")  # type: ignore[misc]
    with pytest.raises(ValueError, match="Expected norm 'fingertip_to_floor' in one of"):
        _rows(dataclasses.replace(row, unit="percent"))


def test_the_metric_table_is_checked_when_the_module_is_imported(monkeypatch):
    import screening.protocols.metrics as metrics_module
    import screening.protocols.norms as norms_module

    broken = {**NORMS}
    broken["forward_bend_hip_flexon"] = dataclasses.replace(broken.pop("forward_bend_hip_flexion"),
                                                            metric="forward_bend_hip_flexon")
    monkeypatch.setattr(norms_module, "NORMS", broken)
    with pytest.raises(ValueError, match="Expected a norm row for metric 'forward_bend_hip_flexion'"):
        importlib.reload(metrics_module)
    monkeypatch.undo()
    importlib.reload(metrics_module)


def test_every_metric_names_a_registered_protocol_and_every_protocol_has_metrics():
    names = {spec.name for spec in list_protocols()}
    assert {row.protocol for row in METRICS.values()} == names
    assert "toe_touch" in names


def test_protocols_are_discovered_not_listed():
    source = Path(registry.__file__).read_text(encoding="utf-8")
    on_disk = {p.stem for p in Path(protocols_package.__path__[0]).glob("*.py")} - registry.SHARED_MODULES
    on_disk.discard("__init__")
    assert {name.rsplit(".", 1)[1] for name in registry.protocol_module_names()} == on_disk
    for spec in list_protocols():
        assert f'"{spec.name}"' not in source  # no screen named by hand
    assert {m.__name__ for m in registry.PROTOCOL_MODULES} >= set(registry.protocol_module_names())


def test_finding_builders_take_keywords_and_the_table_wording():
    confidence = ("high", "ok")
    with pytest.raises(TypeError):
        rom_finding("toe_touch", "forward_bend_hip_flexion", "left", 60.0, confidence)  # type: ignore[misc]
    finding = rom_finding("toe_touch", "forward_bend_hip_flexion", side="left", value=60.0, confidence=confidence)
    assert finding.label == "Forward bend (trunk to thigh) (left)" and finding.severity == "marked"
    assert ROW.flagged in finding.explanation and finding.follow_up.startswith(ROW.follow_up)
    for builder in (rom_finding, deviation_finding, asymmetry_finding):
        positional = [p for p in inspect.signature(builder).parameters.values()
                      if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
        assert [p.name for p in positional] == ["protocol", "metric_key"], builder.__name__


def test_a_percent_asymmetry_is_worded_in_percent_not_degrees(monkeypatch):
    import screening.protocols.common as common

    shift = METRICS["forward_bend_lateral_shift"]
    rows = {**METRICS, "forward_bend_lateral_shift_asymmetry": Metric(
        key="forward_bend_lateral_shift_asymmetry", label="Shift asymmetry", unit="%", kind="asymmetry",
        plausible=(-90.0, 90.0), compares=shift.key, more_of="shift")}
    norms = {**NORMS, "forward_bend_lateral_shift_asymmetry": dataclasses.replace(
        NORMS["forward_bend_lateral_shift"], metric="forward_bend_lateral_shift_asymmetry")}
    monkeypatch.setattr(common, "metric", rows.__getitem__)
    monkeypatch.setattr(common, "NORMS", norms)
    confidence = ("high", "ok")
    left = deviation_finding("toe_touch", shift.key, side="left", value=2.0, confidence=confidence)
    right = deviation_finding("toe_touch", shift.key, side="right", value=16.0, confidence=confidence)
    finding = asymmetry_finding("toe_touch", shift.key, left=left, right=right, part="side")
    assert finding.unit == "%" and "°" not in finding.explanation and "-14 %" in finding.explanation.replace("−", "-")


def test_compute_angles_refuses_an_angle_with_an_unknown_method(monkeypatch):
    bad = dataclasses.replace(angle_table.ANGLES[0], name="typo", method="interiour")
    monkeypatch.setattr(angle_table, "ANGLES", (*angle_table.ANGLES, bad))
    position, world = to_image(side_body(), "side")
    with pytest.raises(ValueError, match="typo_left: 'interiour'"):
        angle_table.compute_angles(make_series([(position, world)] * 3))


def test_every_measured_metric_names_the_landmarks_it_needs():
    for key, row in METRICS.items():
        if row.kind != "asymmetry":
            assert row.landmarks, key


def test_screens_import_only_the_shared_protocol_modules_never_each_other():
    import ast

    for name in registry.protocol_module_names():
        module = importlib.import_module(name)
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        inside = {m.rsplit(".", 1)[1] for m in imported if m.startswith("screening.protocols.")}
        assert inside <= registry.SHARED_MODULES, (name, inside - registry.SHARED_MODULES)
