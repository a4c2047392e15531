"""Plane and space geometry on landmark arrays.

Image points are ``(..., 2)`` arrays in pixels with y *down*; every function here first turns
them to y *up*, so "up", "counter-clockwise" and signs read as on paper. Angles are in degrees.
"""

from __future__ import annotations

import numpy as np

UP = np.array([0.0, 1.0])
DOWN = np.array([0.0, -1.0])


def y_up(points_px: np.ndarray) -> np.ndarray:
    """Return image points with the y axis flipped to point up."""
    flipped = np.array(points_px, dtype=np.float64, copy=True)
    flipped[..., 1] *= -1.0
    return flipped


def interior_angle(a: np.ndarray, vertex: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Return the unsigned angle a–vertex–b in degrees (0–180), in 2-D or 3-D."""
    u, v = a - vertex, b - vertex
    dot = np.sum(u * v, axis=-1)
    norms = np.linalg.norm(u, axis=-1) * np.linalg.norm(v, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        cosine = np.clip(dot / norms, -1.0, 1.0)
    return np.degrees(np.arccos(cosine))


def signed_angle(reference: np.ndarray, vector: np.ndarray, positive: np.ndarray) -> np.ndarray:
    """Return the angle from ``reference`` to ``vector`` in degrees, in (−180, 180].

    Positive when ``vector`` turns from ``reference`` toward ``positive`` (a direction
    perpendicular-ish to ``reference``). All are ``(..., 2)`` y-up vectors.
    """
    ref = reference / np.linalg.norm(reference, axis=-1, keepdims=True)
    along = np.sum(vector * ref, axis=-1)
    perpendicular = positive - np.sum(positive * ref, axis=-1, keepdims=True) * ref
    perpendicular = perpendicular / np.linalg.norm(perpendicular, axis=-1, keepdims=True)
    across = np.sum(vector * perpendicular, axis=-1)
    return np.degrees(np.arctan2(across, along))


def unwrap_flexion(angle_deg: np.ndarray, lowest_deg: float = -90.0) -> np.ndarray:
    """Map angles into ``[lowest_deg, lowest_deg + 360)`` so that 180° does not flip to −180°."""
    return (np.asarray(angle_deg) - lowest_deg) % 360.0 + lowest_deg


def tilt_from_horizontal(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Return the tilt of the right→left line in degrees, positive when ``left`` is higher.

    Works whichever way the subject faces (the horizontal distance is taken unsigned).
    """
    delta = left - right
    return np.degrees(np.arctan2(delta[..., 1], np.abs(delta[..., 0])))


def point_to_line_offset(point: np.ndarray, start: np.ndarray, end: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """Return the offset of ``point`` from the line start→end, projected on ``direction`` (same units)."""
    line = end - start
    t = np.sum((point - start) * line, axis=-1, keepdims=True) / np.sum(line * line, axis=-1, keepdims=True)
    foot = start + t * line
    unit = direction / np.linalg.norm(direction, axis=-1, keepdims=True)
    return np.sum((point - foot) * unit, axis=-1)
