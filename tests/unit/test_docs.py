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
