"""Key frames: the video frame at a chosen time, with the cleaned landmarks and measured angles drawn on it.

Frames are read with the same readers as the analysis (:mod:`screening.source`), so they are
upright (rotation metadata applied) and their times match the landmark series' ``time``
coordinate exactly. Angle labels are drawn with a DejaVu TTF through Pillow, so they can show
a real degree sign.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from screening.errors import ScreeningError
from screening.kinematics.angles import ANGLE_BY_COLUMN, AngleDef
from screening.model.clip import ClipAnalysis
from screening.model.keypoints import LANDMARK_INDEX
from screening.model.series import LandmarkSeries
from screening.present.labels import angle_label
from screening.present.numbers import format_angle, typeset
from screening.report.annotate import draw_skeleton
from screening.report.charts import font_path
from screening.report.privacy import blur_face
from screening.source.base import open_source

ARC_COLOUR = (40, 220, 255)  # BGR yellow: the measured angle
REFERENCE_COLOUR = (235, 235, 235)  # BGR: the reference line the angle is measured from
CROP_PAD = 0.18  # crop margin around the person, as a fraction of the person's box
MIN_CROP_ASPECT = 0.65  # a crop is at least this wide for its height (and this high for its width)


def frames_at(path: Path, times_s: Sequence[float]) -> list[np.ndarray | None]:
    """Return the upright BGR frames nearest to each of ``times_s``, reading the file once.

    Parameters
    ----------
    path
        A video or photo file (a photo is one frame at 0 s).
    times_s
        Times in seconds from the first frame, as in a landmark series' ``time`` coordinate.

    Returns
    -------
    list of numpy.ndarray or None
        One frame per requested time; all None when the file is missing or cannot be read
        (e.g. a ``.npz`` landmark file).
    """
    targets = [float(t) for t in times_s]
    best: list[tuple[float, np.ndarray | None]] = [(math.inf, None)] * len(targets)
    if not targets:
        return []
    try:
        source = open_source(Path(path))
    except ScreeningError:
        return [None] * len(targets)
    last = max(targets)
    try:
        for frame in source.frames():
            for i, target in enumerate(targets):
                distance = abs(frame.time_s - target)
                if distance < best[i][0]:
                    best[i] = (distance, frame.image)
            if frame.time_s > last:
                break
    finally:
        source.close()
    return [image for _, image in best]


def frame_at(path: Path, time_s: float) -> np.ndarray | None:
    """Return the upright BGR frame of ``path`` nearest to ``time_s`` seconds (None if unreadable)."""
    return frames_at(path, [time_s])[0]


def nearest_index(series: LandmarkSeries, time_s: float) -> int:
    """Return the index of the sample of ``series`` nearest to ``time_s`` seconds."""
    return int(np.argmin(np.abs(series["time"].values - time_s)))


def _point(position_px: np.ndarray, name: str) -> np.ndarray:
    """Return the ``(2,)`` pixel position of a landmark or a ``mid_*`` midpoint."""
    if name.startswith("mid_"):
        return (_point(position_px, f"left_{name[4:]}") + _point(position_px, f"right_{name[4:]}")) / 2.0
    return position_px[:, LANDMARK_INDEX[name]].astype(float)


def angle_geometry(definition: AngleDef, position_px: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Return ``(vertex, reference_direction, segment_direction)`` in image pixels for drawing an angle.

    The arc drawn from the reference direction to the segment direction spans the measured
    angle: for a flexion it starts from the straight continuation of the proximal segment; for a
    segment angle from vertical it starts from straight up or down. None when a point is missing.
    """
    p = [_point(position_px, name) for name in definition.points]
    if not all(np.isfinite(q).all() for q in p):
        return None
    up, down = np.array([0.0, -1.0]), np.array([0.0, 1.0])
    method = definition.method
    if method in ("flexion", "fppa"):
        return p[1], p[1] - p[0], p[2] - p[1]
    if method == "interior":
        return p[1], p[0] - p[1], p[2] - p[1]
    if method == "sagittal_rotation":
        return p[2], p[1] - p[0], p[3] - p[2]
    if method in ("from_vertical_forward", "from_up_left"):
        return p[0], up, p[1] - p[0]
    if method in ("from_down_forward", "from_down_lateral", "rest_referenced"):
        return p[0], down, p[1] - p[0]
    if method == "tilt":
        centre = (p[0] + p[1]) / 2.0
        direction = p[0] - p[1]
        return centre, np.array([np.sign(direction[0]) or 1.0, 0.0]), direction
    return None


@lru_cache(maxsize=8)
def _font(size_px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(bold=True)), size_px)


def _draw_text(image: np.ndarray, items: list[tuple[tuple[int, int], str]], size_px: int) -> np.ndarray:
    """Return ``image`` with each ``(xy, text)`` written in white on a dark rounded box (Unicode-safe)."""
    pil = Image.fromarray(cv2.cvtColor(image, cv2.COLOR_BGR2RGB))
    draw = ImageDraw.Draw(pil, "RGBA")
    font = _font(size_px)
    pad = max(3, size_px // 4)
    for (x, y), text in items:
        left, top, right, bottom = draw.textbbox((x, y), text, font=font)
        shift_x = max(0, -left + pad) - max(0, right + pad - pil.width)
        shift_y = max(0, -top + pad) - max(0, bottom + pad - pil.height)
        box = (left + shift_x - pad, top + shift_y - pad, right + shift_x + pad, bottom + shift_y + pad)
        draw.rounded_rectangle(box, radius=pad, fill=(15, 15, 15, 190))
        draw.text((x + shift_x, y + shift_y), text, font=font, fill=(255, 255, 255, 255))
    return cv2.cvtColor(np.asarray(pil), cv2.COLOR_RGB2BGR)


def draw_angle(image: np.ndarray, definition: AngleDef, position_px: np.ndarray) -> tuple[int, int] | None:
    """Draw the reference line and the arc of one angle at its joint, in place.

    Returns the pixel position where its value label should go (None when a point is missing).
    """
    geometry = angle_geometry(definition, position_px)
    if geometry is None:
        return None
    vertex, reference, segment = geometry
    scale = max(image.shape[:2])
    radius = int(max(18, 0.045 * scale))
    thickness = max(2, int(round(scale / 400)))
    start = math.degrees(math.atan2(reference[1], reference[0]))
    sweep = math.degrees(math.atan2(segment[1], segment[0])) - start
    sweep = (sweep + 180.0) % 360.0 - 180.0
    centre = (int(vertex[0]), int(vertex[1]))
    norm = float(np.linalg.norm(reference)) or 1.0
    tip = vertex + reference / norm * radius * 1.9
    cv2.line(image, centre, (int(tip[0]), int(tip[1])), REFERENCE_COLOUR, max(1, thickness - 1), cv2.LINE_AA)
    cv2.ellipse(image, centre, (radius, radius), start, 0, sweep, ARC_COLOUR, thickness, cv2.LINE_AA)
    middle = math.radians(start + sweep / 2.0)
    label = vertex + np.array([math.cos(middle), math.sin(middle)]) * radius * 1.45
    return int(label[0]), int(label[1])


def _person_box(position_px: np.ndarray, shape: tuple[int, ...]) -> tuple[int, int, int, int] | None:
    """Return the padded box ``(x0, y0, x1, y1)`` around all finite landmarks, clipped to the image."""
    finite = position_px[:, np.isfinite(position_px).all(axis=0)]
    if finite.shape[1] < 5:
        return None
    low, high = finite.min(axis=1), finite.max(axis=1)
    pad = CROP_PAD * max(high - low)
    low, high = low - pad, high + pad
    centre, size = (low + high) / 2.0, high - low
    size = np.maximum(size, size[::-1] * np.array([MIN_CROP_ASPECT, MIN_CROP_ASPECT]))
    low, high = centre - size / 2.0, centre + size / 2.0
    height, width = shape[:2]
    x0, y0 = int(max(0, low[0])), int(max(0, low[1]))
    x1, y1 = int(min(width, high[0])), int(min(height, high[1]))
    return (x0, y0, x1, y1) if x1 - x0 > 16 and y1 - y0 > 16 else None


def format_deg(value: float) -> str:
    """Return an angle as drawn on a key frame: ``"169°"``, ``"−4.5°"``, ``"2.2°"`` (true minus, never ``−0``).

    The one rounding of :func:`screening.present.numbers.format_angle` (whole degrees from 20° up,
    one decimal below), so the frame reads as the card, the table and the caption.
    """
    return typeset(format_angle(value))


def render_keyframe(image: np.ndarray, position_px: np.ndarray, angles: dict[str, float],
                    face_px: np.ndarray | None = None, caption: str = "", crop_to_person: bool = False,
                    max_side_px: int = 1000, readout: bool = True) -> np.ndarray:
    """Return an annotated copy of ``image``: face blurred (optional), skeleton, angle arcs and values.

    Parameters
    ----------
    image
        Upright BGR frame.
    position_px
        ``(2, 33)`` landmark pixels of this frame (cleaned); NaN where missing.
    angles
        Angle values in degrees by column; each is drawn at its joint with its value.
    face_px
        ``(2, 33)`` landmark pixels used to find the face to blur; None to leave the face as is.
    caption
        Text for the readout box at the top left, e.g. ``"t = 2.87 s"``.
    crop_to_person
        Crop to the person's landmarks with a margin.
    max_side_px
        The longest side of the result in pixels (scaled down, never up).
    readout
        Also list ``caption`` and every angle with its name in a box at the top left.
    """
    out = blur_face(image, face_px) if face_px is not None else image.copy()
    labels: list[tuple[tuple[int, int], str]] = []
    draw_skeleton(out, position_px)
    for column, value in angles.items():
        definition = ANGLE_BY_COLUMN.get(column)
        if definition is None or not np.isfinite(value):
            continue
        where = draw_angle(out, definition, position_px)
        if where is not None:
            labels.append((where, format_deg(value)))
    box = _person_box(position_px, out.shape) if crop_to_person else None
    offset = np.array([0, 0])
    if box is not None:
        out = out[box[1]:box[3], box[0]:box[2]].copy()
        offset = np.array([box[0], box[1]])
    scale = min(1.0, max_side_px / max(out.shape[:2]))
    if scale < 1.0:
        out = cv2.resize(out, (int(out.shape[1] * scale), int(out.shape[0] * scale)), interpolation=cv2.INTER_AREA)
    size_px = max(14, min(int(out.shape[1] / 15), int(out.shape[0] / 26)))
    texts = [((int((x - offset[0]) * scale) - size_px, int((y - offset[1]) * scale) - size_px // 2), text)
             for (x, y), text in labels]
    if readout:
        lines = [caption] if caption else []
        lines += [f"{angle_label(c)}: {format_deg(v)}" for c, v in angles.items() if np.isfinite(v)]
        readout_px = max(12, min(int(out.shape[1] / 26), int(out.shape[0] / 34)))
        out = _draw_text(out, [((8, 8), "\n".join(lines))], readout_px)
    return _draw_text(out, texts, size_px)


def angles_at(clip: ClipAnalysis, time_s: float, columns: Sequence[str]) -> dict[str, float]:
    """Return the cleaned angle values (degrees) of ``columns`` at the sample nearest to ``time_s``."""
    index = int(np.argmin(np.abs(clip.angles.index.to_numpy(dtype=float) - time_s)))
    return {c: float(clip.angles[c].iloc[index]) for c in columns if c in clip.angles}


def annotated_keyframe(
    clip: ClipAnalysis,
    time_s: float,
    columns: Sequence[str],
    blur_faces: bool = True,
    crop_to_person: bool = False,
    max_side_px: int = 1000,
    readout: bool = True,
) -> np.ndarray | None:
    """Return the clip's frame at ``time_s`` with the cleaned skeleton and the angles of ``columns`` drawn.

    Parameters
    ----------
    clip
        An analysed clip; its ``source_path`` is read again for the image.
    time_s
        Time in seconds from the first frame (a photo has its single frame at 0 s).
    columns
        Angle columns to draw at their joints, with their values in degrees.
    blur_faces
        Pixelate and blur the face (found from the raw landmarks, which keep low-visibility points).
    crop_to_person
        Crop to the person with a margin.
    max_side_px
        The longest side of the result in pixels.
    readout
        List the time and every angle with its name in a box at the top left.

    Returns
    -------
    numpy.ndarray or None
        A BGR image, or None when there is no readable source (e.g. a ``.npz`` landmark input).
    """
    if clip.source_path is None or clip.source_path.suffix.lower() == ".npz":
        return None
    image = frame_at(clip.source_path, time_s)
    if image is None:
        return None
    index = nearest_index(clip.series, time_s)
    position = clip.series["position"].values[index]
    face = None
    if blur_faces:
        raw = clip.raw["position"].values[nearest_index(clip.raw, time_s)]
        face = raw if np.isfinite(raw[:, :11]).any() else position
    actual_s = float(clip.series["time"].values[index])
    caption = f"t = {actual_s:.2f} s" if clip.series.sizes["time"] > 1 else "photo"
    return render_keyframe(image, position, angles_at(clip, time_s, columns), face, caption, crop_to_person,
                           max_side_px, readout)
