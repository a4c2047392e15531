"""Choosing the one person to measure when several are in view.

Rule: in the first frame with people, take the largest and most central person (score =
bounding-box diagonal × (1 − distance of its centre from the image centre / half the image
diagonal)), or with ``rank=1`` the next one (the pipeline asks for it when the first person does
not perform the screen's movement). In later frames, follow that person: take the detection whose
centre is nearest to the subject's last centre, if it is within one body diagonal; otherwise
choose again by score.
"""

from __future__ import annotations

import numpy as np

from screening.pose.estimator import PoseDetection


def _prominence(detection: PoseDetection, width: int, height: int) -> float:
    """Return size × centrality of a detection (larger is more likely the subject)."""
    half_diagonal = np.hypot(width, height) / 2
    offset = np.linalg.norm(detection.centre() - np.array([width / 2, height / 2]))
    return detection.diagonal_px() * max(0.0, 1.0 - offset / half_diagonal)


class SubjectTracker:
    """Follows one subject across frames and counts frames where others were present."""

    def __init__(self, width: int, height: int, rank: int = 0) -> None:
        self.width, self.height, self.rank = width, height, rank
        self._last: PoseDetection | None = None
        self.frames_with_others = 0

    @property
    def last(self) -> PoseDetection | None:
        """Return the subject as last chosen (None before anyone was found)."""
        return self._last

    def choose(self, detections: list[PoseDetection]) -> PoseDetection | None:
        """Return the subject among ``detections`` (None if there is nobody)."""
        if not detections:
            return None
        if len(detections) == 1:  # following or choosing again, a lone person is the subject
            self._last = detections[0]
            return self._last
        self.frames_with_others += 1
        chosen = self._follow(detections) if self._last is not None else None
        if chosen is None:
            ranked = sorted(detections, key=lambda d: _prominence(d, self.width, self.height), reverse=True)
            chosen = ranked[min(self.rank, len(ranked) - 1)]
        self._last = chosen
        return chosen

    def _follow(self, detections: list[PoseDetection]) -> PoseDetection | None:
        """Return the detection nearest to the last subject, or None if all are too far."""
        assert self._last is not None
        last_centre, reach = self._last.centre(), max(self._last.diagonal_px(), 1.0)
        distances = [float(np.linalg.norm(d.centre() - last_centre)) for d in detections]
        best = int(np.argmin(distances))
        return detections[best] if distances[best] <= reach else None


CROP_SIDE_MARGIN = 0.25  # the crop reaches this many body heights beyond each side of the subject's box,
CROP_END_MARGIN = 0.3  # and this many above and below (room for arms overhead)
CROP_RELEASE_CENSUSES = 2  # the crop ends after this many censuses in a row found the subject alone


class SubjectCrop:
    """The part of the frame the one-person tracker is given while other people are in view.

    Tracking one person is much faster than tracking several, but a one-person tracker follows
    whoever it found first, and can jump to someone passing close. So when the people census
    finds others, the subject is chosen among everyone (:class:`SubjectTracker`'s rule: the
    largest, most central person, or the ``rank``-th) and the tracker is given only the part of
    the frame around them (their box widened by :data:`CROP_SIDE_MARGIN` and lengthened by
    :data:`CROP_END_MARGIN` body heights, at the largest size seen), which then follows their
    centre from frame to frame. Someone standing beside them is then mostly outside it. The whole
    frame is used again once the subject is alone.
    Coordinates: ``window`` is ``(x0, y0, x1, y1)`` in whole pixels of the frame.
    """

    def __init__(self, width: int, height: int, rank: int = 0) -> None:
        self.width, self.height = width, height
        self._chooser = SubjectTracker(width, height, rank)
        self._size = (0.0, 0.0)
        self._alone = 0
        self.window: tuple[int, int, int, int] | None = None

    def on_census(self, people: list[PoseDetection], subject: PoseDetection | None) -> None:
        """Take a census's ``people``, with the subject as last tracked (None if not found)."""
        if len(people) <= 1:
            self._alone += 1
            if self._alone >= CROP_RELEASE_CENSUSES:
                self.window, self._size = None, (0.0, 0.0)
            return
        self._alone = 0
        if subject is not None:
            self._chooser._last = subject
        chosen = self._chooser.choose(people)
        assert chosen is not None
        self._place(chosen)

    def follow(self, subject: PoseDetection | None) -> None:
        """Move the crop with the subject found in the last frame."""
        if self.window is not None and subject is not None:
            self._place(subject)

    def _place(self, subject: PoseDetection) -> None:
        x0, y0, x1, y1 = subject.bounding_box()
        if not all(np.isfinite((x0, y0, x1, y1))):
            return
        height = y1 - y0
        self._size = (max(self._size[0], x1 - x0 + 2 * CROP_SIDE_MARGIN * height),
                      max(self._size[1], height * (1 + 2 * CROP_END_MARGIN)))
        side_x, side_y = min(self._size[0], self.width), min(self._size[1], self.height)
        centre_x, centre_y = (x0 + x1) / 2, (y0 + y1) / 2
        left = int(round(min(max(centre_x - side_x / 2, 0.0), self.width - side_x)))
        top = int(round(min(max(centre_y - side_y / 2, 0.0), self.height - side_y)))
        self.window = (left, top, left + int(side_x), top + int(side_y))
