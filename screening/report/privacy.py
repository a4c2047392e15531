"""Face blurring for images that leave the tool (report key frames, exported frames and videos).

The face box comes from the pose landmarks 0–10 (nose, eyes, ears, mouth corners), padded
to cover the whole head, and is pixelated and then blurred so that the face cannot be
recognised. Everything outside the box is left untouched.
"""

from __future__ import annotations

import cv2
import numpy as np

from screening.model.keypoints import LANDMARK_INDEX

FACE_POINTS = slice(0, 11)  # nose, eyes (inner, centre, outer), ears, mouth corners
HEAD_PAD = 0.9  # padding on each side, as a fraction of the larger side of the face-landmark box
MIN_HALF_SIZE_PX = 12.0  # smallest half-size of the blurred square, in pixels
SHOULDER_HALF_SIZE = 0.45  # the square's half-size is at least this fraction of the shoulder distance
HEAD_ABOVE_SHOULDERS = 0.4  # without face landmarks: head centre above the shoulders, in torso lengths
HEAD_HALF_TORSO = 0.35  # ... and the square's half-size, in torso lengths
MIN_HALF_TORSO = 0.25  # with face landmarks: the square's half-size is at least this many torso lengths
BLOCKS = 7  # pixelation: the face box becomes about BLOCKS × BLOCKS cells


def face_box(position_px: np.ndarray, image_shape: tuple[int, ...]) -> tuple[int, int, int, int] | None:
    """Return the padded head box ``(x0, y0, x1, y1)`` in pixels, or None when no face point is known.

    Parameters
    ----------
    position_px
        Landmark positions in pixels of the image, shape ``(2, 33)``; NaN where missing. Without
        any face landmark, the head is placed above the shoulders from the torso length.
    image_shape
        ``image.shape`` of the image the box is for (height and width in pixels first).

    Returns
    -------
    tuple of int or None
        Box corners in pixels, clipped to the image (x1 and y1 exclusive).
    """
    points = np.asarray(position_px, dtype=float)
    if points.shape != (2, 33):
        raise ValueError(f"Expected 'position_px' to have shape (2, 33), but got {points.shape}.")
    face = points[:, FACE_POINTS]
    face = face[:, np.isfinite(face).all(axis=0)]
    shoulders = points[:, [LANDMARK_INDEX["left_shoulder"], LANDMARK_INDEX["right_shoulder"]]]
    if face.shape[1] == 0:
        head = _head_from_torso(points)
        if head is None:
            return None
        centre, half = head
    else:
        low, high = face.min(axis=1), face.max(axis=1)
        centre = (low + high) / 2.0
        span = float(max(high - low))
        half = span / 2.0 + HEAD_PAD * span
        if np.isfinite(shoulders).all():
            half = max(half, SHOULDER_HALF_SIZE * float(np.linalg.norm(shoulders[:, 0] - shoulders[:, 1])))
        head = _head_from_torso(points)
        if head is not None:
            half = max(half, MIN_HALF_TORSO * head[1] / HEAD_HALF_TORSO)
    half = max(half, MIN_HALF_SIZE_PX, 0.02 * max(image_shape[:2]))
    height, width = image_shape[:2]
    x0, y0 = int(max(0, np.floor(centre[0] - half))), int(max(0, np.floor(centre[1] - half)))
    x1, y1 = int(min(width, np.ceil(centre[0] + half))), int(min(height, np.ceil(centre[1] + half)))
    if x1 <= x0 or y1 <= y0:
        return None
    return x0, y0, x1, y1


def _head_from_torso(points: np.ndarray) -> tuple[np.ndarray, float] | None:
    """Return a head centre and half-size (pixels) estimated from shoulders and hips, when the face is unknown.

    The head is taken to sit above the mid-shoulder point by :data:`HEAD_ABOVE_SHOULDERS` of the torso
    length (mid-shoulder to mid-hip), with a half-size of :data:`HEAD_HALF_TORSO` of it.
    """
    index = [LANDMARK_INDEX[n] for n in ("left_shoulder", "right_shoulder", "left_hip", "right_hip")]
    body = points[:, index]
    shoulders = body[:, :2][:, np.isfinite(body[:, :2]).all(axis=0)]
    hips = body[:, 2:][:, np.isfinite(body[:, 2:]).all(axis=0)]
    if shoulders.shape[1] == 0 or hips.shape[1] == 0:
        return None
    top, bottom = shoulders.mean(axis=1), hips.mean(axis=1)
    torso = bottom - top
    length = float(np.linalg.norm(torso))
    if length == 0.0:
        return None
    return top - torso / length * HEAD_ABOVE_SHOULDERS * length, HEAD_HALF_TORSO * length


def blur_face(image_bgr: np.ndarray, position_px: np.ndarray) -> np.ndarray:
    """Return a copy of ``image_bgr`` with the head pixelated and blurred beyond recognition.

    Parameters
    ----------
    image_bgr
        The image, ``(height, width, 3)`` uint8, BGR.
    position_px
        Landmark positions in pixels of this image, shape ``(2, 33)`` (x right, y down); NaN where
        missing. Landmarks 0–10 (the face) give the box; the shoulders and torso set its least size, and
        shoulders and hips place the head when no face landmark is known.

    Returns
    -------
    numpy.ndarray
        A new image of the same shape; unchanged when neither the face nor the torso is known.
    """
    out = image_bgr.copy()
    box = face_box(position_px, image_bgr.shape)
    if box is None:
        return out
    x0, y0, x1, y1 = box
    region = out[y0:y1, x0:x1]
    h, w = region.shape[:2]
    cells = max(2, BLOCKS)
    small = cv2.resize(region, (max(1, w * cells // max(h, w)), max(1, h * cells // max(h, w))),
                       interpolation=cv2.INTER_AREA)
    pixelated = cv2.resize(small, (w, h), interpolation=cv2.INTER_NEAREST)
    kernel = max(3, (min(h, w) // 4) | 1)  # odd
    out[y0:y1, x0:x1] = cv2.GaussianBlur(pixelated, (kernel, kernel), 0)
    return out
