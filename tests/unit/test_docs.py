"""The documentation names every angle, protocol and norm the code has."""

from __future__ import annotations

from pathlib import Path

from screening.kinematics.angles import ANGLES, WORLD_ANGLES
from screening.protocols import registry  # noqa: F401
from screening.protocols.base import list_protocols

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_angles_doc_lists_every_angle():
    text = (DOCS / "angles.md").read_text(encoding="utf-8")
    for definition in ANGLES:
        assert f"`{definition.name}" in text, definition.name
    for column, _, _ in WORLD_ANGLES:
        assert column in text


def test_protocols_doc_lists_every_protocol():
    text = (DOCS / "protocols.md").read_text(encoding="utf-8")
    for spec in list_protocols():
        assert f"`{spec.name}`" in text, spec.name


def test_protocols_doc_gives_every_metric_its_own_norm_row():
    from screening.protocols.metrics import METRICS
    from screening.protocols.norms import NORMS

    text = (DOCS / "protocols.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip().strip("`"): line for line in text.splitlines() if line.startswith("| `")}
    for key in METRICS:
        assert key in rows, key
        assert NORMS[key].source in rows[key] and f"| {NORMS[key].unit} |" in rows[key], key
