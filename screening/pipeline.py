"""The analysis pipeline: file → landmarks → cleaned series → angles → protocol findings.

Plain arguments in, plain results out; nothing here knows about the CLI or the dashboard.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pandas as pd

from screening.capture.early import StartWatch
from screening.config import Settings
from screening.errors import NoPersonError, ScreeningError, UsageError
from screening.io.npz import load_series
from screening.kinematics.angles import add_rest_referenced, compute_angles, compute_world_angles
from screening.kinematics.camera_turn import side_view_turn_columns
from screening.kinematics.orientation import torso_height_share
from screening.model.analysis import Analysis
from screening.model.clip import ClipAnalysis
from screening.model.findings import Finding
from screening.model.profile import AthleteProfile
from screening.model.results import ProtocolResult
from screening.model.series import LandmarkSeries, detected_fraction
from screening.pose.extract import ProgressCallback, extract_landmarks
from screening.pose.factory import make_estimator
from screening.protocols import registry  # noqa: F401  (registers the protocols)
from screening.protocols.base import get_protocol, make_clip
from screening.protocols.common import movement_finding, ungraded, view_finding
from screening.signal.cleaning import clean
from screening.source.base import display_name, open_source

DEFAULT_READOUTS = (
    "knee_flexion_left",
    "knee_flexion_right",
    "hip_flexion_left",
    "hip_flexion_right",
    "shoulder_flexion_left",
    "shoulder_flexion_right",
)

# A next person whose torso is shorter than this share of the frame's height (about a quarter of the frame tall when
# standing; orientation.torso_height_share) is not measured instead of the most prominent one: a far bystander is no
# screening subject (landmarks that small are coarse), even when they happen to do the screen's movement (standing
# still, for posture). The torso, not the body's height, so that a squatting or seated performer is not shrunk.
MIN_PERFORMER_TORSO_SHARE = 0.085


def landmarks_from_file(
    path: Path,
    settings: Settings,
    on_progress: ProgressCallback | None = None,
    should_stop: Callable[[], bool] | None = None,
    threads: bool = True,
    subject_rank: int = 0,
    protocol_name: str | None = None,
) -> LandmarkSeries:
    """Run pose estimation over a video or photo and return the raw landmark series.

    A ``.npz`` landmark file saved earlier is loaded instead, without inference. ``threads=False``
    decodes and counts people in the calling thread (batch workers, where processes are the
    parallelism); the landmarks are the same. ``settings.stride`` picks the frames inferred.
    With ``protocol_name`` (and ``settings.early_check_s`` > 0), a video whose first seconds show a
    set-up the screen cannot use is refused then (:class:`~screening.capture.early.StartWatch`).
    """
    path = Path(path)
    if path.suffix.lower() == ".npz":
        series = load_series(path)
        if detected_fraction(series) == 0.0:  # all NaN: saved from a clip nobody was found in, or edited
            frames = int(series.sizes["time"])
            raise NoPersonError(f"Expected a person in the landmark file '{display_name(path)}', but no frame of its "
                                f"{frames} holds a landmark position.",
                                hint="Analyse the video again, filmed with the whole body in view.")
        check_cutoff(settings, float(series.attrs.get("fps") or 0.0), display_name(path))
        return series
    source = open_source(path, max_bytes=int(settings.max_file_mb * 1024**2))
    try:
        check_cutoff(settings, source.info.fps, source.info.name)
    except BaseException:
        source.close()
        raise
    info = source.info
    watch = None
    if protocol_name and settings.early_check_s > 0 and info.kind == "video":
        watch = StartWatch(info.name, protocol_name, info.width, info.height, settings.early_check_s)
    with make_estimator(settings, "image" if info.kind == "photo" else "video") as estimator:
        return extract_landmarks(
            source, estimator, on_progress, should_stop, census_interval_s=settings.census_interval_s,
            threads=threads, subject_rank=subject_rank, stride=settings.stride_value(), start_check=watch,
        )


def check_cutoff(settings: Settings, fps: float, name: str) -> None:
    """Raise :class:`UsageError` if the low-pass cut-off (Hz) is not below the clip's Nyquist frequency (fps / 2).

    A cut-off at or above it filters nothing; a cut-off the user chose is then meant for another clip
    or a typo. The default cut-off is not refused: a slow webcam or phone recording (7 fps, say) is
    analysed unfiltered, and the processing log says so (``signal.cleaning``). Photos (``fps`` 0)
    are not filtered and pass.
    """
    default = Settings.model_fields["cutoff_hz"].default
    if fps > 0 and settings.cutoff_hz >= fps / 2 and settings.cutoff_hz != default:
        raise UsageError(
            f"Expected a filter cut-off below the Nyquist frequency of '{name}' ({fps / 2:g} Hz, half its "
            f"{fps:g} fps), but cutoff_hz is {settings.cutoff_hz:g} Hz.",
            hint="Lower cutoff_hz in the --config file or with --cutoff-hz (6 Hz suits human movement).",
        )


def clean_and_measure(
    raw: LandmarkSeries, settings: Settings, in_plane_segments: tuple[tuple[str, str], ...] = ()
) -> tuple[LandmarkSeries, pd.DataFrame]:
    """Return the cleaned series and its per-frame angles (degrees, indexed by time in s).

    The 2-D image-plane angles come first, then the 3-D ones from world landmarks (``*_3d_*``).
    ``in_plane_segments`` are the protocol's (``ProtocolSpec.in_plane_segments``).
    """
    series = clean(
        raw, settings.min_visibility, settings.max_gap_s, settings.cutoff_hz, settings.filter_order, in_plane_segments
    )
    angles = compute_angles(series).join(side_view_turn_columns(raw))  # the far-side leg is masked once cleaned
    return series, add_rest_referenced(angles).join(compute_world_angles(series))


def evaluate(
    protocol_name: str | None, clips: list[ClipAnalysis], profile: AthleteProfile, side_hints: list[str] | None = None
) -> ProtocolResult | None:
    """Check each clip's view and movement, and return the protocol's findings (None without a protocol).

    Only clips that show the protocol's movement are measured; a clip that does not gets one
    ``invalid`` movement finding and no metric. Clips filmed from the wrong view are measured
    apart and their findings are left ungraded (``invalid``), so no wrong-view number is ever
    shown as within or outside the norm, nor compared with a good clip.
    """
    if not protocol_name:
        return None
    protocol = get_protocol(protocol_name)
    hints = side_hints or [""] * len(clips)
    for clip, hint in zip(clips, hints, strict=False):
        checked = make_clip(clip.series, clip.angles, protocol.expected_view(clip.series), hint)
        clip.clip = replace(checked, movement=protocol.recognise(checked))
    checked_clips = [c.clip for c in clips if c.clip is not None]
    shown = [c for c in checked_clips if c.movement is None or c.movement.ok]
    result = protocol.evaluate([c for c in shown if c.view.ok], profile)
    wrong_view = [c for c in shown if not c.view.ok]
    if wrong_view:
        apart = protocol.evaluate(wrong_view, profile)
        reason = "the camera view was wrong (" + "; ".join(f"{c.name}: {c.view.reason}" for c in wrong_view) + ")"
        result.findings += [ungraded(f, reason) for f in apart.findings]
        for column, reps in apart.reps.items():
            result.reps[column] = result.reps.get(column, []) + reps
        result.notes += apart.notes
    result.views = [c.view for c in checked_clips]
    result.movements = [c.movement for c in checked_clips if c.movement is not None]
    unrecognised = [f"{c.name}: {c.movement.reason}" for c in checked_clips if c.movement and not c.movement.ok]
    if unrecognised:
        result.findings.insert(0, movement_finding(protocol_name, unrecognised))
    wrong_views = [f"{c.name}: {c.view.reason}" for c in checked_clips if not c.view.ok]
    if wrong_views:
        result.findings.insert(0, view_finding(protocol_name, wrong_views))
    result.findings += [f for c in clips if (f := other_people_finding(protocol_name, c.series)) is not None]
    return result


def other_people_finding(protocol_name: str, series: LandmarkSeries) -> Finding | None:
    """Return an ``info`` finding when someone besides the subject was seen, saying who was measured.

    The share is the larger of the people census's (a count every ``census_interval_s``) and the
    tracker's (frames where several people were tracked).
    """
    checks, crowded = int(series.attrs.get("people_checks", 0)), int(series.attrs.get("people_checks_with_others", 0))
    frames, tracked = int(series.sizes["time"]), int(series.attrs.get("frames_with_other_people", 0))
    if not crowded and not tracked:
        return None
    share = 100.0 * max(crowded / max(checks, 1), tracked / max(frames, 1))
    if series.attrs.get("subject_rank"):
        who = ("The largest, most central person did not perform this screen's movement, so the tool measured the "
               "other person, who did, and followed them from frame to frame")
    else:
        who = "The tool measured the largest, most central person and followed them from frame to frame"
    return Finding(
        protocol=protocol_name,
        metric="other_people_in_view",
        side="",
        value=round(share, 1),
        unit="%",
        severity="info",
        confidence="medium",
        label=f"Other people in view ({series.attrs.get('source_name', '')})",
        confidence_reason=f"more than one person in {crowded} of {checks} people counts and {tracked} of {frames} "
        "tracked frames",
        explanation=(
            f"Someone besides the subject was in view in about {share:.0f} % of the clip. {who}; the "
            "annotated video draws the measured person. Check that it is the right person, and film one person at a "
            "time if not."
        ),
        details={"subject_rank": int(series.attrs.get("subject_rank", 0) or 0)},
    )


# Renders one clip's annotated video into a folder (clip, folder, angle columns, settings) and returns
# its path: :func:`screening.report.render.render_clip_video`, handed in by the CLI and the dashboard.
VideoRenderer = Callable[[ClipAnalysis, Path, tuple[str, ...], Settings], Path]


def _measured_clip(
    path: Path, settings: Settings, protocol_name: str | None,
    progress: Callable[[int, int], None] | None, should_stop: Callable[[], bool] | None, subject_rank: int = 0,
) -> ClipAnalysis:
    """Return one file's landmarks (of the ``subject_rank``-th most prominent person) and angles."""
    spec = get_protocol(protocol_name).spec if protocol_name else None
    raw = landmarks_from_file(path, settings, progress, should_stop, subject_rank=subject_rank,
                              protocol_name=protocol_name if subject_rank == 0 else None)
    series, angles = clean_and_measure(raw, settings, spec.in_plane_segments if spec else ())
    return ClipAnalysis(raw=raw, series=series, angles=angles, source_path=path)


def _performer(
    first: ClipAnalysis, settings: Settings, protocol_name: str,
    progress: Callable[[int, int], None] | None, should_stop: Callable[[], bool] | None, side_hint: str,
) -> ClipAnalysis:
    """Return the clip measured on the next most prominent person if that one performs the movement, else ``first``."""
    assert first.source_path is not None
    other = _measured_clip(first.source_path, settings, protocol_name, progress, should_stop, subject_rank=1)
    framed = torso_height_share(other.raw) >= MIN_PERFORMER_TORSO_SHARE
    return other if framed and _shows_movement(protocol_name, other, side_hint) else first


def _others_seen(raw: LandmarkSeries) -> bool:
    """Return True when the people census saw someone besides the subject (and the file can be re-read)."""
    return int(raw.attrs.get("people_checks_with_others", 0)) > 0 and not raw.attrs.get("subject_rank")


def _shows_movement(protocol_name: str, clip: ClipAnalysis, side_hint: str) -> bool:
    """Return True when ``clip``'s subject performs the protocol's movement."""
    protocol = get_protocol(protocol_name)
    checked = make_clip(clip.series, clip.angles, protocol.expected_view(clip.series), side_hint)
    return protocol.recognise(checked).ok


def analyze(
    paths: list[Path],
    settings: Settings,
    protocol_name: str | None = None,
    profile: AthleteProfile | None = None,
    side_hints: list[str] | None = None,
    on_progress: Callable[[int, int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    video_dir: Path | None = None,
    render_video: VideoRenderer | None = None,
) -> Analysis:
    """Analyse each file (video, photo or saved landmarks) and evaluate them together with a protocol.

    ``on_progress(clip_index, frames_done, frames_total)`` reports progress. With ``video_dir``,
    ``render_video`` (and ``settings.annotate_video``), an annotated H.264 MP4 of each clip is
    written there, rendered after the analysis from the cleaned landmarks.
    """
    if not paths:
        raise ScreeningError("Expected at least one video, photo or landmark file, but got none.")
    spec = get_protocol(protocol_name).spec if protocol_name else None
    columns = spec.key_angles if spec else DEFAULT_READOUTS
    clips = []
    for index, path in enumerate(paths):
        progress = (lambda done, total, i=index: on_progress(i, done, total)) if on_progress else None
        hint = side_hints[index] if side_hints and index < len(side_hints) else ""
        clip = _measured_clip(Path(path), settings, protocol_name, progress, should_stop)
        rereadable = Path(path).suffix.lower() != ".npz"
        if protocol_name and rereadable and _others_seen(clip.raw) and not _shows_movement(protocol_name, clip, hint):
            clip = _performer(clip, settings, protocol_name, progress, should_stop, hint)
        clips.append(clip)
    if video_dir is not None and render_video is not None and settings.annotate_video:
        for clip in clips:
            if clip.source_path is not None and clip.source_path.suffix.lower() != ".npz":
                clip.annotated_video = render_video(clip, video_dir, columns, settings)
    profile = profile or AthleteProfile()
    return Analysis(protocol_name, clips, evaluate(protocol_name, clips, profile, side_hints), settings, profile)
