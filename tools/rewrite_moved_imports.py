"""Rewrite imports of the names issue 16 moved into ``screening.model`` and ``screening.io``.

For code written before the move (other branches being merged): ``screening.findings`` ->
``screening.model.findings``, ``screening.series`` -> ``screening.model.series`` (``save_series`` and
``load_series`` -> ``screening.io.npz``), ``Analysis``/``ClipAnalysis`` from ``screening.pipeline`` ->
``screening.model``, ``AthleteProfile``/``Clip``/``ProtocolResult`` from ``screening.protocols.base``,
``ViewCheck``, ``MovementCheck`` and ``Rep`` -> ``screening.model.results``,
``screening.store.commands`` -> ``screening.cli_history``, ``screening.pose.names`` outside ``pose/`` ->
``screening.model.keypoints``. Then run ``ruff check --fix`` to sort the imports.

Usage::

    python tools/rewrite_moved_imports.py $(git ls-files '*.py')
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROUTES: dict[str, dict[str, str]] = {
    "screening.findings": {"*": "screening.model.findings"},
    "screening.series": {"save_series": "screening.io.npz", "load_series": "screening.io.npz",
                         "FORMAT_VERSION": "screening.io.npz", "*": "screening.model.series"},
    "screening.pipeline": {"Analysis": "screening.model.analysis", "ClipAnalysis": "screening.model.clip"},
    "screening.protocols.base": {"AthleteProfile": "screening.model.profile", "Clip": "screening.model.clip",
                                 "ProtocolResult": "screening.model.results"},
    "screening.kinematics.view": {"ViewCheck": "screening.model.results",
                                  "DEFAULT_MAX_OFF_DEG": "screening.model.results"},
    "screening.protocols.recognition": {"MovementCheck": "screening.model.results"},
    "screening.kinematics.reps": {"Rep": "screening.model.results"},
    "screening.store.commands": {"*": "screening.cli_history"},
}
NAMES_OUTSIDE_POSE = {"screening.pose.names": {"mirror_permutation": "screening.pose.names",
                                               "KEYPOINTS": "screening.pose.names", "*": "screening.model.keypoints"}}
PATTERN = re.compile(r"^(?P<indent>[ \t]*)from (?P<mod>screening[\w.]*) import "
                     r"(?:\((?P<paren>[^)]*)\)|(?P<plain>[^\n#]*?))(?P<comment>[ \t]*#[^\n]*)?$", re.M)


def rewrite(text: str, routes: dict[str, dict[str, str]]) -> str:
    """Return ``text`` with each ``from <moved module> import <names>`` split by where the names live now."""
    def one(match: re.Match[str]) -> str:
        route = routes.get(match["mod"])
        if route is None:
            return match[0]
        raw = match["paren"] if match["paren"] is not None else match["plain"]
        groups: dict[str, list[str]] = {}
        for name in (n.strip() for n in raw.replace("\n", " ").split(",") if n.strip()):
            target = route.get(name.split(" as ")[0].strip(), route.get("*", match["mod"]))
            groups.setdefault(target, []).append(name)
        if set(groups) == {match["mod"]}:
            return match[0]  # nothing of this import moved
        lines = [f"{match['indent']}from {target} import {', '.join(names)}"
                 for target, names in sorted(groups.items())]
        lines[0] += match["comment"] or ""
        return "\n".join(lines)

    return PATTERN.sub(one, text)


def main(paths: list[str]) -> int:
    """Rewrite the files in place and print the ones changed."""
    for name in paths:
        path = Path(name)
        routes = ROUTES if "pose" in path.parts else {**ROUTES, **NAMES_OUTSIDE_POSE}
        text = path.read_text(encoding="utf-8")
        new = rewrite(text, routes)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"rewrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
