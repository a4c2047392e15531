"""MediaPipe Pose Landmarker (Tasks API) as a :class:`PoseEstimator`.

Running modes:

- ``"video"`` for files: frames processed in order with their real timestamps, none dropped;
- ``"live"`` for a webcam: frames sent asynchronously (LIVE_STREAM), the newest result is
  returned, and frames are dropped when inference falls behind, so the view stays real time;
- ``"image"`` for photos: each frame on its own.
"""

from __future__ import annotations

import threading
from pathlib import Path

import cv2
import mediapipe as mp
import numpy as np
from mediapipe.tasks.python import BaseOptions, vision

from screening.errors import ModelError
from screening.pose.census import (
    census_tiles,
    clear_of,
    merge_people,
    part_of_someone_cut,
    whole_in_tile,
    zoom_tiles,
)
from screening.pose.estimator import PoseDetection
from screening.pose.model import model_info
from screening.pose.quiet import native_stderr_silenced
from screening.source.base import decoder_path

CENSUS_MAX_PEOPLE = 3
# The census only counts, so it looks harder than the tracker: at MediaPipe's default 0.5 a person
# walking past in backlight was found in 3 of 28 frames (test_videos/squat_walker_backlit.mp4), at
# 0.3 in 7; the same person found twice is merged by box overlap (CENSUS_SAME_PERSON_IOU).
CENSUS_MIN_CONFIDENCE = 0.3
CENSUS_SAME_PERSON_IOU = 0.5
_MODES = {"video": vision.RunningMode.VIDEO, "image": vision.RunningMode.IMAGE, "live": vision.RunningMode.LIVE_STREAM}


def _scores(landmarks: list, attribute: str) -> np.ndarray:
    """Return a ``(33,)`` array of a score attribute, NaN where MediaPipe gave none."""
    values = [getattr(point, attribute) for point in landmarks]
    return np.array([np.nan if value is None else value for value in values], dtype=np.float64)


def _detections(result: vision.PoseLandmarkerResult, width: int, height: int) -> list[PoseDetection]:
    """Convert a MediaPipe result to detections in pixels (image) and metres (world)."""
    detections = []
    for image_points, world_points in zip(result.pose_landmarks, result.pose_world_landmarks, strict=True):
        position = np.array([[p.x * width for p in image_points], [p.y * height for p in image_points]])
        world = np.array([[p.x for p in world_points], [p.y for p in world_points], [p.z for p in world_points]])
        detections.append(
            PoseDetection(position, world, _scores(image_points, "visibility"), _scores(image_points, "presence"))
        )
    return detections


class MediaPipePoseEstimator:
    """Pose Landmarker on CPU.

    Parameters
    ----------
    model_path
        A ``.task`` bundle (default: the full model in ``models/``).
    mode
        ``"video"``, ``"live"`` or ``"image"`` (see the module docstring).
    num_poses
        How many people to track in every frame. 1 is fastest; other people are still counted
        by :meth:`count_people`, and :meth:`track_more_people` raises the number when they appear,
        so that :class:`~screening.pose.subject.SubjectTracker` can choose the subject.
    min_detection_confidence, min_presence_confidence, min_tracking_confidence
        MediaPipe thresholds in [0, 1].
    """

    def __init__(
        self,
        model_path: Path,
        mode: str = "video",
        num_poses: int = 1,
        min_detection_confidence: float = 0.5,
        min_presence_confidence: float = 0.5,
        min_tracking_confidence: float = 0.5,
    ) -> None:
        info = model_info(Path(model_path))
        self.model_name, self.model_sha256, self._path = info.name, info.sha256, info.path
        self._mode, self.num_poses = mode, num_poses
        self._thresholds = (min_detection_confidence, min_presence_confidence, min_tracking_confidence)
        self._last_ms = -1
        self._warmed_up = False
        self._latest: tuple[vision.PoseLandmarkerResult | None, int, int] = (None, 0, 0)
        self._lock = threading.Lock()
        self._landmarker = self._create(_MODES[mode], num_poses)
        self._census: vision.PoseLandmarker | None = None

    def _create(
        self, running_mode: vision.RunningMode, num_poses: int, min_confidence: float | None = None
    ) -> vision.PoseLandmarker:
        """Return a landmarker for ``running_mode`` tracking up to ``num_poses`` people.

        ``min_confidence`` lowers the detection and presence thresholds (the census's own).
        """
        detection, presence, tracking = self._thresholds
        if min_confidence is not None:
            detection, presence = min(detection, min_confidence), min(presence, min_confidence)
        with decoder_path(self._path) as readable:  # MediaPipe takes only UTF-8 paths; it reads the file here
            return self._create_from(readable, running_mode, num_poses, detection, presence, tracking)

    def _create_from(self, path: Path, running_mode: vision.RunningMode, num_poses: int, detection: float,
                     presence: float, tracking: float) -> vision.PoseLandmarker:
        """Return a landmarker for the bundle at ``path`` (see :meth:`_create`)."""
        options = vision.PoseLandmarkerOptions(
            base_options=BaseOptions(model_asset_path=str(path)),
            running_mode=running_mode,
            num_poses=num_poses,
            min_pose_detection_confidence=detection,
            min_pose_presence_confidence=presence,
            min_tracking_confidence=tracking,
            result_callback=self._on_live_result if running_mode == vision.RunningMode.LIVE_STREAM else None,
        )
        try:
            with native_stderr_silenced():
                return vision.PoseLandmarker.create_from_options(options)
        except (RuntimeError, ValueError) as error:
            raise ModelError(
                f"Expected a MediaPipe Pose Landmarker bundle at '{self._path.name}', but it failed to load: {error}"
            ) from error

    def _on_live_result(self, result: vision.PoseLandmarkerResult, image: mp.Image, timestamp_ms: int) -> None:
        with self._lock:
            self._latest = (result, image.width, image.height)

    def prepare(self, image_bgr: np.ndarray) -> mp.Image:
        """Return an upright BGR frame as MediaPipe's RGB image (a copy; any thread may call this)."""
        return mp.Image(image_format=mp.ImageFormat.SRGB, data=cv2.cvtColor(image_bgr, cv2.COLOR_BGR2RGB))

    def find_people(
        self, image_bgr: np.ndarray, prepared: mp.Image | None = None, tile_turn: int | None = None
    ) -> list[PoseDetection]:
        """Return the distinct people in a frame, each frame on its own.

        Used about once a second: tracking a single person is much faster than looking for
        several in every frame, and this still tells when someone else is in view, and where.
        The whole frame is searched, then square tiles of it (:func:`~screening.pose.census.census_tiles`)
        and zoom tiles half their side (:func:`~screening.pose.census.zoom_tiles`), where a small, far
        person is large enough for the detector; the finds are merged
        (:func:`~screening.pose.census.merge_people`). A zoom tile also shows a hand or a foot of a near
        person large enough to be taken for someone, so its finds count only when they touch no one found
        in the whole frame or the larger tiles (:func:`~screening.pose.census.clear_of`). With ``tile_turn``
        only zoom tile number ``tile_turn`` (modulo their count) is searched besides the whole frame and the
        2–3 larger tiles: the analysis's first census searches them all, later ones take the zoom tiles in
        turn (five detector runs at 16:9 instead of up to 25); when the whole frame already shows two
        people or more, later censuses stop there (the tiles only look for people it misses). A larger
        tile's find that touches someone found in the whole frame whom the tile cuts is part of them
        (:func:`~screening.pose.census.part_of_someone_cut`). The larger tiles are searched every time: a
        person walking past is often in view for a second or two only, and one tile in turn missed them.
        """
        if self._census is None:
            self._census = self._create(vision.RunningMode.IMAGE, CENSUS_MAX_PEOPLE, CENSUS_MIN_CONFIDENCE)
        height, width = image_bgr.shape[:2]
        image = prepared if prepared is not None else self.prepare(image_bgr)
        whole_frame = _detections(self._census.detect(image), width, height)
        tiles, zoomed = census_tiles(width, height), zoom_tiles(width, height)
        if tile_turn is not None and len(people := merge_people(whole_frame, CENSUS_SAME_PERSON_IOU)) > 1:
            return people  # someone else is in view: no need to look closer
        if tile_turn is not None and zoomed:
            zoomed = [zoomed[tile_turn % len(zoomed)]]
        found = whole_frame + [d for tile, d in self._find_in_tiles(image_bgr, tiles)
                               if not part_of_someone_cut(d, tile, whole_frame)]
        found += [d for _, d in self._find_in_tiles(image_bgr, zoomed) if clear_of(d, found)]
        return merge_people(found, CENSUS_SAME_PERSON_IOU)

    def _find_in_tiles(
        self, image_bgr: np.ndarray, tiles: list[tuple[int, int, int, int]]
    ) -> list[tuple[tuple[int, int, int, int], PoseDetection]]:
        """Return ``(tile, person)`` for the people found whole in each tile of ``image_bgr``, in frame pixels."""
        height, width = image_bgr.shape[:2]
        found = []
        for tile in tiles:
            x0, y0, x1, y1 = tile
            crop = self.prepare(np.ascontiguousarray(image_bgr[y0:y1, x0:x1]))
            in_tile = [d.shifted(x0, y0) for d in _detections(self._census.detect(crop), x1 - x0, y1 - y0)]
            found += [(tile, d) for d in in_tile if whole_in_tile(d, tile, width, height)]
        return found

    def twin(self) -> MediaPipePoseEstimator:
        """Return a second estimator with the same model, mode and thresholds, and its own tracking state."""
        detection, presence, tracking = self._thresholds
        return MediaPipePoseEstimator(self._path, self._mode, self.num_poses, detection, presence, tracking)

    def detect(self, image_bgr: np.ndarray, time_s: float, prepared: mp.Image | None = None) -> list[PoseDetection]:
        """Return every person found in an upright BGR frame captured at ``time_s`` seconds.

        ``prepared`` is :meth:`prepare`'s result for the same frame, when the decoding thread made
        it. In live mode this is the newest finished result, which may be a frame or two old.
        """
        if not self._warmed_up:  # the first inference logs native warnings
            self._warmed_up = True
            with native_stderr_silenced():
                return self.detect(image_bgr, time_s, prepared)
        height, width = image_bgr.shape[:2]
        image = prepared if prepared is not None else self.prepare(image_bgr)
        if self._mode == "image":
            return _detections(self._landmarker.detect(image), width, height)
        timestamp_ms = max(int(round(time_s * 1000.0)), self._last_ms + 1)
        self._last_ms = timestamp_ms
        if self._mode == "video":
            return _detections(self._landmarker.detect_for_video(image, timestamp_ms), width, height)
        self._landmarker.detect_async(image, timestamp_ms)
        with self._lock:
            result, result_width, result_height = self._latest
        return _detections(result, result_width, result_height) if result is not None else []

    def close(self) -> None:
        """Release the landmarkers."""
        with native_stderr_silenced():
            self._landmarker.close()
            if self._census is not None:
                self._census.close()

    def __enter__(self) -> MediaPipePoseEstimator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
