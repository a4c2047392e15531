"""The pose estimator interface and the per-frame result every backend returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np


@dataclass(frozen=True)
class PoseDetection:
    """One person's 33 landmarks in one frame.

    ``position_px`` is ``(2, 33)`` image x, y in pixels (y down); ``world_position_m`` is
    ``(3, 33)`` in metres, origin between the hips; ``visibility`` and ``presence`` are ``(33,)``
    scores in [0, 1].
    """

    position_px: np.ndarray
    world_position_m: np.ndarray
    visibility: np.ndarray
    presence: np.ndarray

    def bounding_box(self) -> tuple[float, float, float, float]:
        """Return ``(x_min, y_min, x_max, y_max)`` in pixels of the landmarks."""
        x, y = self.position_px
        return float(np.nanmin(x)), float(np.nanmin(y)), float(np.nanmax(x)), float(np.nanmax(y))

    def centre(self) -> np.ndarray:
        """Return the centre of the bounding box ``(x, y)`` in pixels."""
        x0, y0, x1, y1 = self.bounding_box()
        return np.array([(x0 + x1) / 2, (y0 + y1) / 2])

    def shifted(self, dx_px: float, dy_px: float) -> PoseDetection:
        """Return the detection moved by ``(dx_px, dy_px)`` pixels (from a crop's to the frame's coordinates)."""
        offset = np.array([[dx_px], [dy_px]])
        return PoseDetection(self.position_px + offset, self.world_position_m, self.visibility, self.presence)

    def diagonal_px(self) -> float:
        """Return the bounding box diagonal in pixels."""
        x0, y0, x1, y1 = self.bounding_box()
        return float(np.hypot(x1 - x0, y1 - y0))


class PoseEstimator(Protocol):
    """Finds people's landmarks in frames. Each instance handles one stream, in time order."""

    model_name: str
    model_sha256: str

    def prepare(self, image_bgr: np.ndarray) -> object:
        """Return ``image_bgr`` converted for the model; safe to call from another thread (e.g. the decoder's)."""
        ...

    def detect(self, image_bgr: np.ndarray, time_s: float, prepared: object = None) -> list[PoseDetection]:
        """Return every person found in ``image_bgr`` (upright BGR) captured at ``time_s`` seconds.

        ``prepared`` is :meth:`prepare`'s result for the same image, when it was made ahead.
        """
        ...

    def find_people(
        self, image_bgr: np.ndarray, prepared: object = None, tile_turn: int | None = None
    ) -> list[PoseDetection]:
        """Return every distinct person in a frame, on its own (the people census, about once a second).

        A backend that also searches parts of the frame for small people searches all of them
        (``tile_turn`` None) or, of its finest parts, only part number ``tile_turn`` (modulo their count).
        """
        ...

    def twin(self) -> PoseEstimator:
        """Return a second estimator like this one, with its own tracking state (for frames re-visited)."""
        ...

    def close(self) -> None:
        """Release the model."""
        ...
