"""Importing this module registers every protocol, found rather than listed.

Every module of this package that is not one of the shared ones in :data:`SHARED_MODULES` is a
screen and registers itself with :func:`screening.protocols.base.register_protocol` when imported,
so a new screen is one new module (plus its rows in ``metrics.py`` and ``norms.py``). Screens of
other packages are found through the ``screening.protocols`` entry-point group.
"""

from __future__ import annotations

import importlib
import pkgutil
from importlib.metadata import entry_points
from types import ModuleType

import screening.protocols as _package

ENTRY_POINT_GROUP = "screening.protocols"
# The package's shared code: every other module in it is a screen.
SHARED_MODULES = frozenset({"base", "common", "metrics", "norms", "recognition", "registry"})


def protocol_module_names() -> list[str]:
    """Return the dotted names of this package's screen modules, sorted."""
    return sorted(
        f"{_package.__name__}.{info.name}"
        for info in pkgutil.iter_modules(_package.__path__)
        if info.name not in SHARED_MODULES and not info.name.startswith("_")
    )


def discover() -> list[ModuleType]:
    """Import every screen module of this package and of the ``screening.protocols`` entry points."""
    modules = [importlib.import_module(name) for name in protocol_module_names()]
    modules += [entry.load() for entry in entry_points(group=ENTRY_POINT_GROUP)]
    return modules


PROTOCOL_MODULES: list[ModuleType] = discover()
