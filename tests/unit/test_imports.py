"""The package's import graph: no cycles, and every arrow points down the layers of docs/architecture.md.

Every ``import`` of the package (``screening/**.py`` and ``app.py``) is read with :mod:`ast`: at module
level, inside functions, and under ``if TYPE_CHECKING`` (a type is a dependency too). A *component*
is a subpackage (``screening.report``) or a top-level module (``screening.pipeline``); the layers
below order them, lowest first. A component may import its own modules and anything in a lower or
the same layer; nothing may import upward, and no two modules or components may import each other,
directly or round a loop.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "screening"

# Lowest first; the same order as docs/architecture.md ("Layers").
LAYERS: tuple[tuple[str, ...], ...] = (
    ("screening", "errors", "config", "private", "killpoints", "lifetime", "staging"),  # foundation
    ("model",),  # domain types: keypoint sets, landmark series, clip, results, profile, findings
    ("io",),  # files of a series and its angles: npz, netCDF, TRC, MOT
    ("source", "pose"),  # frames in, landmarks out
    ("signal",),  # masking, gap filling, filtering
    ("kinematics",),  # angles, orientation, view check, reps, asymmetry
    ("protocols",),  # one module per screen, norms
    ("capture",),  # live guidance while filming: set-up checks, rep count, early check of uploads (branch i14g)
    ("present",),  # labels, units, rounding shared by every output
    ("report",),  # tables, PDF, charts, key frames, annotated video
    ("store",),  # history database
    ("pipeline",),  # file -> analysis
    ("batch", "ui", "live", "serve", "cli_history"),  # front ends' parts
    ("cli", "__main__"),  # the `screening` command
    ("app",),  # the Streamlit page (app.py)
)

# Arrows the layers would allow but the design does not.
FORBIDDEN: dict[tuple[str, str], str] = {
    ("pipeline", "report"): "the pipeline receives its video sink by injection; it does not draw or write videos",
}

# Arrows that break a rule today, each with the change that removes it. The test fails when one is gone,
# so its line here is deleted with it.
KNOWN_EXCEPTIONS: dict[tuple[str, str], str] = {
}


def _module_name(path: Path) -> str:
    """Return the dotted module name of a file of the package, or ``app`` for app.py."""
    if path == ROOT / "app.py":
        return "app"
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _source_files() -> list[Path]:
    """Return every Python file of the package (not the database migrations' scripts) and app.py."""
    files = [p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts]
    return sorted(files) + [ROOT / "app.py"]


MODULES = {_module_name(p): p for p in _source_files()}


def imports_in(text: str, module: str, is_package: bool = False) -> set[str]:
    """Return the package modules that the code ``text`` of ``module`` imports anywhere.

    ``from a import b`` counts ``a.b`` when ``b`` is a module, else ``a``; relative imports are resolved.
    """
    package = module.split(".") if is_package else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return {m for m in found if m in MODULES}


def component(module: str) -> str:
    """Return the component of a module: ``screening.report.pdf`` -> ``report``, ``screening`` -> ``screening``."""
    parts = module.split(".")
    return parts[1] if parts[0] == "screening" and len(parts) > 1 else parts[0]


RANK = {name: rank for rank, layer in enumerate(LAYERS) for name in layer}
GRAPH = {module: imports_in(path.read_text(encoding="utf-8"), module, path.name == "__init__.py")
         for module, path in MODULES.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected components with more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            members = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                members.append(member)
                if member == node:
                    break
            if len(members) > 1:
                found.append(sorted(members))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _component_edges() -> dict[tuple[str, str], list[str]]:
    """Return each arrow between two components with the module imports that make it."""
    edges: dict[tuple[str, str], list[str]] = {}
    for module, targets in GRAPH.items():
        for target in targets:
            pair = (component(module), component(target))
            if pair[0] != pair[1]:
                edges.setdefault(pair, []).append(f"{module} -> {target}")
    return edges


def test_every_component_has_a_layer() -> None:
    missing = sorted({component(m) for m in MODULES} - set(RANK))
    assert not missing, f"Expected every component in LAYERS (and docs/architecture.md), but {missing} are not."


def test_no_module_import_cycle() -> None:
    assert _cycles(GRAPH) == [], "Expected no import cycle between modules, but found the ones listed."


def test_no_component_import_cycle() -> None:
    graph: dict[str, set[str]] = {}
    for source, target in _component_edges():
        if (source, target) not in KNOWN_EXCEPTIONS:
            graph.setdefault(source, set()).add(target)
    assert _cycles(graph) == [], "Expected no import cycle between packages, but found the ones listed."


def test_no_upward_or_forbidden_import() -> None:
    bad = []
    for (source, target), imports in sorted(_component_edges().items()):
        if (source, target) in KNOWN_EXCEPTIONS or source not in RANK or target not in RANK:
            continue
        if RANK[target] > RANK[source]:
            bad.append(f"upward {source} -> {target}: {', '.join(sorted(imports))}")
        elif (source, target) in FORBIDDEN:
            bad.append(f"{source} -> {target} ({FORBIDDEN[source, target]}): {', '.join(sorted(imports))}")
    assert bad == [], "Expected imports to point down the layers only, but found:\n" + "\n".join(bad)


def test_known_exceptions_still_exist() -> None:
    edges = _component_edges()
    gone = [f"{s} -> {t} ({why})" for (s, t), why in KNOWN_EXCEPTIONS.items() if (s, t) not in edges]
    assert gone == [], f"Expected each known exception to still occur, but {gone} no longer does: delete its line."


def test_model_imports_only_the_foundation() -> None:
    """The domain model depends on nothing but errors, config and the version (no backend, no pipeline)."""
    outside = sorted(f"{m} -> {t}" for m, targets in GRAPH.items() if component(m) == "model"
                     for t in targets if component(t) not in ("model", "errors", "config", "screening"))
    assert outside == [], f"Expected the model to import only the foundation, but found {outside}."


@pytest.mark.parametrize(("text", "expected"), [
    ("def f():\n    from .series import make_landmark_series\n", "screening.model.series"),
    ("from . import series\n", "screening.model.series"),
    ("import screening.pipeline\n", "screening.pipeline"),
    ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from screening.report.pdf import x\n",
     "screening.report.pdf"),
    ("from .. import errors\n", "screening.errors"),
])
def test_the_walk_sees_every_form_of_import(text: str, expected: str) -> None:
    """Function-level, relative, absolute and type-only imports are all arrows (or a cycle could hide)."""
    assert expected in imports_in(text, "screening.model.clip")


def test_the_walk_finds_a_planted_cycle() -> None:
    """A cycle and an upward arrow planted in a copy of the graph are reported (the checks can fail)."""
    graph = {m: set(t) for m, t in GRAPH.items()}
    graph["screening.model.series"].add("screening.pipeline")
    cycles = _cycles(graph)
    assert any("screening.model.series" in c and "screening.pipeline" in c for c in cycles)
