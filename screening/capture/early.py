"""The set-up checks of guided capture on the first seconds of a clip, so a bad clip is refused in seconds.

The decision reuses the protocols' own view check (:func:`screening.kinematics.view.check_view`) on
the first ``window_s`` seconds, with a margin, so that only clips the full analysis would flag are
refused; the words of the refusal are the live advice (:mod:`screening.capture.setup`) seen most
often in those seconds. A second person is not a reason to refuse (the analysis chooses the person
who performs the screen); it is returned as a note.
"""

from __future__ import annotations

import collections
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from screening.capture.setup import Advice, FrameCheck, check_frame, frame_brightness
from screening.errors import NoPersonError, WrongViewError
from screening.kinematics.view import check_view
from screening.model.results import DEFAULT_MAX_OFF_DEG, ViewCheck
from screening.model.series import LandmarkSeries, make_landmark_series
from screening.pose.estimator import PoseDetection
from screening.pose.subject import SubjectTracker

if TYPE_CHECKING:
    from screening.config import Settings

WINDOW_S = 3.0  # seconds checked at the start of a clip
SAMPLE_FPS = 5.0  # frames per second checked in that window
LATER_SAMPLE_FPS = 2.0  # when nobody was in the window, the rest of the clip is searched this often
MARGIN_DEG = 10.0  # a clip is refused for its view only beyond the view check's limit + this
MIN_WHOLE_BODY = 0.5  # ... or for its framing when the whole body is in under this share of the frames
MIN_FRAMES = 5  # frames with a person needed to decide on the view or framing
FRAMING = ("too_close", "head_cut", "feet_cut", "side_cut")
HINT = "Film again as `screening protocols` describes."


@dataclass
class EarlyVerdict:
    """What the first seconds of a clip showed: a refusal (``error``), or notes and the advice to pass on."""

    name: str
    checks: list[FrameCheck] = field(default_factory=list)
    view: ViewCheck | None = None
    error: NoPersonError | WrongViewError | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Return True when the clip may be analysed."""
        return self.error is None


def most_common_advice(checks: list[FrameCheck], codes: tuple[str, ...]) -> Advice | None:
    """Return the advice among ``codes`` given in most of ``checks`` (its latest wording), or None."""
    found = [p for c in checks for p in c.problems if p.code in codes]
    if not found:
        return None
    code = collections.Counter(a.code for a in found).most_common(1)[0][0]
    return [a for a in found if a.code == code][-1]


def decide(name: str, protocol_name: str, checks: list[FrameCheck], series: LandmarkSeries | None,
           window_s: float = WINDOW_S, counts: list[int] | None = None) -> EarlyVerdict:
    """Return the verdict on a clip from its first seconds' frame checks and subject series (None: nobody).

    ``counts`` are the people counted by the censuses of the window, when there were any (the frame checks
    between them see only the people the tracker follows).
    """
    from screening.protocols import registry  # noqa: F401  (registers the protocols)
    from screening.protocols.base import get_protocol

    verdict = EarlyVerdict(name, checks)
    seen = [c for c in checks if c.people > 0]
    if not seen:
        dark = any(p.code == "too_dark" for c in checks for p in c.problems)
        what = "Turn on more light" if dark else "Film the whole body, head to feet, in good light"
        verdict.error = NoPersonError(f"Expected a person in the video, but one was found in 0% of {len(checks)} "
                                      f"frames checked over the whole of '{name}'.",
                                      hint=f"{what}, with one person in view.")
        return verdict
    counts = counts or [c.people for c in seen]
    crowded = sum(n > 1 for n in counts) >= max(1, len(counts) // 2)
    if crowded:
        verdict.notes.append(f"{name}: more than one person in view in the first {window_s:g} s; the analysis "
                             "measures the one who performs the screen.")
    # the census is made to notice someone else, not to count a crowd (a skeleton model in a lab counts too)
    others = " More than one person was counted in view; the check looked at the most prominent." if crowded else ""
    if series is None or len(seen) < MIN_FRAMES:  # someone came into view only after the window
        return verdict
    view = check_view(series, get_protocol(protocol_name).expected_view(series))
    verdict.view = view
    if view.whole_body_fraction < MIN_WHOLE_BODY:
        advice = most_common_advice(seen, FRAMING)
        verdict.error = WrongViewError(
            f"Expected the whole body in view as {protocol_name} needs, but in the first {window_s:g} s of '{name}' "
            f"it is in only {view.whole_body_fraction:.0%} of the frames"
            + (f": {advice.text}" if advice else ".") + others + " Nothing was analysed.", hint=HINT)
    elif np.isfinite(view.off_by_deg) and view.off_by_deg > DEFAULT_MAX_OFF_DEG + MARGIN_DEG:
        # the advice of frames judged against the same view (a screen taking both views judges each frame alone)
        advice = most_common_advice([c for c in seen if c.expected_view == view.expected], ("turn",))
        verdict.error = WrongViewError(
            f"Expected the {view.expected} view {protocol_name} needs, but in the first {window_s:g} s of '{name}' the "
            f"camera is about {view.off_by_deg:.0f}° off it" + (f": {advice.text}" if advice else ".")
            + others + " Nothing was analysed.", hint=HINT)
    return verdict


def subject_series(rows: list[tuple[float, PoseDetection | None]], width: int, height: int, name: str
                   ) -> LandmarkSeries | None:
    """Return the landmark series of the chosen person at the checked frames (None when nobody was found)."""
    if not any(d is not None for _, d in rows):
        return None
    nan2, nan3, nan1 = np.full((2, 33), np.nan), np.full((3, 33), np.nan), np.zeros(33)
    times = np.array([t for t, _ in rows])
    position = np.stack([d.position_px if d is not None else nan2 for _, d in rows])
    world = np.stack([d.world_position_m if d is not None else nan3 for _, d in rows])
    visibility = np.stack([np.nan_to_num(d.visibility) if d is not None else nan1 for _, d in rows])
    presence = np.stack([np.nan_to_num(d.presence) if d is not None else nan1 for _, d in rows])
    fps = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 and times[-1] > times[0] else SAMPLE_FPS
    attrs = {"fps": float(fps), "frame_width": width, "frame_height": height, "source_name": name,
             "model_name": "", "model_sha256": ""}
    return make_landmark_series(times, position, world, visibility, presence, attrs)


def _sampled(frames: Iterator, window_s: float) -> Iterator:
    """Yield frames at ``SAMPLE_FPS`` in the first ``window_s`` seconds, then at ``LATER_SAMPLE_FPS``."""
    next_s = 0.0
    for frame in frames:
        if frame.time_s + 1e-6 >= next_s:
            yield frame
            next_s = frame.time_s + 1.0 / (SAMPLE_FPS if frame.time_s < window_s else LATER_SAMPLE_FPS)


def check_clip_start(path: Path, settings: Settings, protocol_name: str, window_s: float = WINDOW_S) -> EarlyVerdict:
    """Return the verdict on the first ``window_s`` seconds of a video (photos and ``.npz`` files pass).

    MediaPipe (video mode, two people tracked) runs on ``SAMPLE_FPS`` frames a second of the window;
    when nobody is found there, the rest of the clip is searched at ``LATER_SAMPLE_FPS`` until someone is.
    """
    from screening.pose.factory import make_estimator
    from screening.source.base import display_name, kind_by_suffix, open_source

    name = display_name(path)
    if Path(path).suffix.lower() == ".npz" or kind_by_suffix(path) != "video":
        return EarlyVerdict(name)
    source = open_source(path, max_bytes=int(settings.max_file_mb * 1024**2))
    rows: list[tuple[float, PoseDetection | None]] = []
    checks: list[FrameCheck] = []
    try:
        width, height = source.info.width, source.info.height
        tracker = SubjectTracker(width, height)
        estimator = make_estimator(settings.model_copy(update={"num_poses": max(2, settings.num_poses)}), "video")
        with estimator:
            for frame in _sampled(source.frames(), window_s):
                if frame.time_s >= window_s and any(c.people for c in checks):
                    break
                detections = estimator.detect(frame.image, frame.time_s)
                subject = tracker.choose(detections)
                checks.append(check_frame(detections, width, height, protocol_name=protocol_name,
                                          time_s=frame.time_s, brightness=frame_brightness(frame.image),
                                          subject=subject))
                if frame.time_s < window_s:
                    rows.append((frame.time_s, subject))
    finally:
        source.close()
    return decide(name, protocol_name, checks, subject_series(rows, width, height, name), window_s)


class StartWatch:
    """The early check run on the analysis's own first seconds, at no extra inference.

    The pose pass hands over the frames it infers in the first ``window_s`` seconds (with stride
    ``auto`` that is :data:`SAMPLE_FPS` a second already; with every frame inferred, they are
    thinned to that rate), and calls :meth:`finish` once past the window: a clip the screen
    cannot use is then refused after a few seconds of work instead of a whole analysis. Nobody in
    the window is not decided here: the analysis goes on and finds the person later, or says
    that nobody was found.
    """

    def __init__(self, name: str, protocol_name: str, width: int, height: int, window_s: float = WINDOW_S) -> None:
        self.name, self.protocol_name, self.window_s = name, protocol_name, window_s
        self.width, self.height = width, height
        self.checks: list[FrameCheck] = []
        self.counts: list[int] = []  # the people counted by the censuses in the window
        self._rows: list[tuple[float, PoseDetection | None]] = []
        self._next_s = 0.0
        self.finished = False

    def due(self, time_s: float) -> bool:
        """Return True once ``time_s`` is past the window and the verdict is not taken yet."""
        return not self.finished and time_s >= self.window_s

    def add(self, time_s: float, image_bgr: np.ndarray, people: list[PoseDetection],
            subject: PoseDetection | None, counted: bool = False) -> None:
        """Take one inferred frame of the window (its people as found, and the chosen subject).

        ``counted``: ``people`` is a census's count of everyone in view (kept even between the sampled frames).
        """
        if counted and not self.finished and time_s < self.window_s:
            self.counts.append(len(people))  # the census merged them already
        if self.finished or time_s >= self.window_s or time_s + 1e-6 < self._next_s:
            return
        self._next_s = time_s + 1.0 / SAMPLE_FPS
        self.checks.append(check_frame(people, self.width, self.height, protocol_name=self.protocol_name,
                                       time_s=time_s, brightness=frame_brightness(image_bgr), subject=subject))
        self._rows.append((time_s, subject))

    def finish(self) -> EarlyVerdict:
        """Return the verdict on the window; raise its error when the clip is to be refused."""
        self.finished = True
        verdict = EarlyVerdict(self.name, self.checks)
        if any(c.people for c in self.checks):
            verdict = decide(self.name, self.protocol_name, self.checks,
                             subject_series(self._rows, self.width, self.height, self.name), self.window_s,
                             self.counts)
        if verdict.error is not None:
            raise verdict.error
        return verdict
