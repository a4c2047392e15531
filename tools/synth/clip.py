"""Clip specification and the renderer loop that writes a video and its truth JSON."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from tools.synth.body import Body, Colours, Phenotype, Posed, place
from tools.synth.pose import DOFS, axis_rotation
from tools.synth.render import Box, Camera, Lighting, Renderer, look_from
from tools.synth.truth import frame_truth
from tools.synth.video import write_jpg, write_mp4

SCHEMA = "synth-truth/1"
AnglesFn = Callable[[float], dict[str, float]]


@dataclass(frozen=True)
class RepProfile:
    """Smooth repetitions: 0 at rest, 1 at the end of range (cosine bell).

    Attributes
    ----------
    reps : int
        Number of repetitions.
    rep_s : float
        Duration of one repetition, rest -> end of range -> rest (s).
    hold_start_s, hold_end_s : float
        Still time at rest before the first and after the last repetition (s).
    """

    reps: int
    rep_s: float
    hold_start_s: float = 0.3
    hold_end_s: float = 0.3

    @property
    def duration_s(self) -> float:
        """Total duration (s)."""
        return self.hold_start_s + self.reps * self.rep_s + self.hold_end_s

    def __call__(self, t: float) -> float:
        """Fraction of the range (0-1) at time ``t`` (s)."""
        u = t - self.hold_start_s
        if u <= 0 or u >= self.reps * self.rep_s:
            return 0.0
        phase = (u % self.rep_s) / self.rep_s
        return 0.5 * (1 - math.cos(2 * math.pi * phase))

    def events(self) -> list[dict[str, float]]:
        """Start, peak and end time (s) of each repetition."""
        out = []
        for k in range(self.reps):
            t0 = self.hold_start_s + k * self.rep_s
            out.append({"start_s": t0, "peak_s": t0 + self.rep_s / 2, "end_s": t0 + self.rep_s})
        return out


@dataclass(frozen=True)
class Keyframes:
    """Angles at key times, eased between them (cosine ease-in/out).

    Attributes
    ----------
    keys : tuple of tuple
        ``(time_s, {angle name: deg})`` in increasing time; an angle missing from
        a key keeps the value it has at the previous key (0 at the start).
    """

    keys: tuple[tuple[float, dict[str, float]], ...]

    def _filled(self) -> list[tuple[float, dict[str, float]]]:
        names = sorted({n for _, k in self.keys for n in k})
        out, last = [], dict.fromkeys(names, 0.0)
        for t, k in self.keys:
            last = last | k
            out.append((t, dict(last)))
        return out

    def __call__(self, t: float) -> dict[str, float]:
        """Angles (deg) at time ``t`` (s)."""
        keys = self._filled()
        if t <= keys[0][0]:
            return dict(keys[0][1])
        for (t0, a0), (t1, a1) in zip(keys, keys[1:], strict=False):
            if t <= t1:
                w = 0.5 * (1 - math.cos(math.pi * (t - t0) / (t1 - t0)))
                return {n: a0[n] + w * (a1[n] - a0[n]) for n in a0}
        return dict(keys[-1][1])


@dataclass(frozen=True)
class Subject:
    """One person in a clip.

    Attributes
    ----------
    phenotype : Phenotype
        Body shape.
    colours : Colours
        Clothing and skin colours.
    angles : AnglesFn
        Time (s) -> clinical angles (deg), names from ``tools.synth.pose.DOFS``.
    stance : str
        ``"stand"``: the lowest vertex touches the floor and the ``anchor_feet``
        ankles stay at their neutral place; ``"seated"``: the pelvis is fixed and a
        box stool is put under it, the feet on the floor at time 0.
    flat_feet : tuple of str
        Sides whose foot is kept flat on the floor whatever the leg angles.
    anchor_feet : tuple of str
        Sides whose ankle stays fixed (stand only).
    position_m : tuple of float
        Floor position (x, y) of the anchor (m).
    yaw_deg : float
        Rotation about the vertical (deg), counter-clockwise seen from above;
        0 = facing ``-y``.
    carrying_abduction_deg : float
        Arm abduction of the neutral "arm at side" pose (deg).
    travel : Callable or None
        Time (s) -> ``(dx, dy, dz)`` (m, world) added to the placement: a walk across
        the room (``dx``, ``dy``) or the flight of a jump (``dz`` above the floor).
        None = stays in place.
    stool_at_s : float or None
        Standing subject who sits down: put a box stool under the pelvis as posed at this
        time (s), for the whole clip (a chair to sit on). None = no stool (seated subjects
        always get one, under their pose at time 0).
    """

    phenotype: Phenotype
    colours: Colours
    angles: AnglesFn
    stance: str = "stand"
    flat_feet: tuple[str, ...] = ("left", "right")
    anchor_feet: tuple[str, ...] = ("left", "right")
    position_m: tuple[float, float] = (0.0, 0.0)
    yaw_deg: float = 0.0
    carrying_abduction_deg: float = 8.0
    travel: Callable[[float], tuple[float, float, float]] | None = None
    stool_at_s: float | None = None


@dataclass(frozen=True)
class View:
    """Camera placement; the distance is chosen so every frame fits.

    Attributes
    ----------
    azimuth_deg : float
        See :func:`tools.synth.render.look_from` (0 front, 90 left side, -90 right).
    height_m : float
        Camera height (m).
    yfov_deg : float
        Vertical field of view (deg).
    margin : float
        Minimum free border, fraction of the image size on each side.
    size_px : tuple of int
        (width, height) (px).
    aim_at_body : bool
        Aim at the first subject's standing axis (the horizontal centre of its frame-0
        bounding box) instead of the centre of the whole clip's bounding box, so that the
        azimuth is the view angle of the body itself (a raised arm or a squat otherwise
        shifts the aim forward, and a close camera then sees the body from another angle).
    fit_subjects : tuple of int or None
        Fit the camera to these subjects only (indices; None = all): the others may walk
        in and out of the image.
    fit_from_s : float
        Fit the camera to the frames from this time on (s): a subject may enter the image
        before it.
    fit_above_m : float or None
        Fit the camera to the vertices above this height only (m): the body below it may
        be cut off by the image border (a partial-body framing).
    """

    azimuth_deg: float = 0.0
    height_m: float = 1.1
    yfov_deg: float = 55.0
    margin: float = 0.06
    size_px: tuple[int, int] = (720, 1280)
    aim_at_body: bool = False
    fit_subjects: tuple[int, ...] | None = None
    fit_from_s: float = 0.0
    fit_above_m: float | None = None


@dataclass(frozen=True)
class Clip:
    """A clip to render.

    Attributes
    ----------
    name : str
        File stem.
    description : str
        What it shows.
    duration_s : float
        Length (s).
    subjects : tuple of Subject
        People in the scene (may be empty).
    view : View
        Camera.
    fps : int
        Frame rate (frames/s).
    still : bool
        Write one JPEG (frame 0) instead of a video.
    reps : list of dict
        Repetition events for the truth JSON.
    notes : dict
        Extra scene facts for the truth JSON (e.g. set targets).
    fixed_camera : Camera or None
        Use this camera instead of fitting one (e.g. an empty scene).
    crf : int
        x264 constant rate factor (quality; higher = smaller, blurrier).
    lighting : Lighting
        Lights and room colours.
    compact_truth : bool
        Per frame, write only ``set_deg``, ``rig_plane`` and ``joints_2d_px`` (about a third of
        the size); for scenes whose point is the situation rather than 2D angle checks.
    """

    name: str
    description: str
    duration_s: float
    subjects: tuple[Subject, ...]
    view: View = View()
    fps: int = 30
    still: bool = False
    reps: list[dict[str, float]] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)
    fixed_camera: Camera | None = None
    crf: int = 28
    lighting: Lighting = Lighting()
    compact_truth: bool = False


COMPACT_FIELDS = ("set_deg", "rig_plane", "joints_2d_px")


def _anchor_xy(posed: Posed, feet: tuple[str, ...]) -> np.ndarray:
    return np.mean([posed.joints[f"{s}_ankle"][:2] for s in feet], axis=0)


def _subject_frames(body: Body, subject: Subject, times: np.ndarray) -> list[Posed]:
    """Pose and place a subject at every time."""
    rot = axis_rotation("z", math.radians(subject.yaw_deg))
    pos = np.array([*subject.position_m, 0.0])
    neutral = body.pose({}, subject.flat_feet)
    out = []
    first: Posed | None = None
    for t in times:
        p = body.pose(subject.angles(float(t)), subject.flat_feet)
        if subject.stance == "stand":
            shift = np.zeros(3)
            if subject.anchor_feet:
                shift[:2] = _anchor_xy(neutral, subject.anchor_feet) - _anchor_xy(p, subject.anchor_feet)
            shift[2] = -p.vertices[:, 2].min()
        else:
            if first is None:
                first = p
            shift = np.array([0.0, 0.0, -first.vertices[:, 2].min()])
        posed = place(place(p, np.eye(3), shift), rot, pos)
        if subject.travel is not None:
            posed = place(posed, np.eye(3), np.asarray(subject.travel(float(t)), float))
        out.append(posed)
    return out


def _stool(body: Body, posed: Posed) -> Box:
    """A box stool under the pelvis of a seated subject."""
    hip = (posed.joints["left_hip"] + posed.joints["right_hip"]) / 2
    fwd = (posed.joints["left_knee"] + posed.joints["right_knee"]) / 2 - hip
    fwd[2] = 0
    fwd /= np.linalg.norm(fwd)
    depth, width = 0.36, 0.42
    centre_xy = hip[:2] + fwd[:2] * 0.06
    v = posed.vertices
    owner = body.vertex_segment
    on_seat = (
        np.isin(owner, ["pelvis", "thigh_left", "thigh_right"])
        & (np.abs(v[:, 0] - centre_xy[0]) < width / 2)
        & (np.abs(v[:, 1] - centre_xy[1]) < depth / 2)
    )
    top = float(v[on_seat, 2].min())
    return Box((float(centre_xy[0]), float(centre_xy[1]), top / 2), (width, depth, top))


def fit_camera(view: View, frames: list[list[Posed]]) -> Camera:
    """Choose the camera distance and target so every body fits every frame.

    Parameters
    ----------
    view : View
        Direction, height, field of view, margin and size.
    frames : list of list of Posed
        Per subject, the posed bodies of all frames.

    Returns
    -------
    Camera
        The closest camera on the view's direction that frames everything.
    """
    pts = np.concatenate([p.vertices[::7] for subj in frames for p in subj])
    if view.fit_above_m is not None:
        pts = pts[pts[:, 2] > view.fit_above_m]
    lo, hi = pts.min(0), pts.max(0)
    target = (lo + hi) / 2
    if view.aim_at_body and frames and frames[0]:
        first = frames[0][0].vertices
        target[:2] = (first.min(0)[:2] + first.max(0)[:2]) / 2
    w, h = view.size_px
    m = view.margin
    for d in np.arange(1.0, 15.0, 0.02):
        cam = look_from(view.azimuth_deg, float(d), view.height_m, target, view.size_px, view.yfov_deg)
        uv = cam.project(pts)
        z = (pts - np.asarray(cam.position_m)) @ cam.rotation_world_to_cv()[2]
        if (
            (z > 0.1).all()
            and (uv[:, 0] > m * w).all()
            and (uv[:, 0] < (1 - m) * w).all()
            and (uv[:, 1] > m * h).all()
            and (uv[:, 1] < (1 - m) * h).all()
        ):
            return cam
    raise ValueError(f"Could not frame clip with view {view}.")


def _set_angles(angles: Mapping[str, float]) -> dict[str, float]:
    return {k: round(float(v), 3) for k, v in sorted(angles.items())}


def render_clip(clip: Clip, out_dir: Path) -> dict[str, Any]:
    """Render a clip to ``out_dir`` as ``<name>.mp4`` (or ``.jpg``) + ``<name>.json``.

    Parameters
    ----------
    clip : Clip
        What to render.
    out_dir : Path
        Output folder.

    Returns
    -------
    dict
        The truth written to the JSON file.
    """
    n = 1 if clip.still else int(round(clip.duration_s * clip.fps))
    times = np.arange(n) / clip.fps
    bodies = [Body(s.phenotype, s.colours, s.carrying_abduction_deg) for s in clip.subjects]
    posed = [_subject_frames(b, s, times) for b, s in zip(bodies, clip.subjects, strict=True)]
    boxes = [_stool(b, p[0]) for b, s, p in zip(bodies, clip.subjects, posed, strict=True) if s.stance == "seated"]
    boxes += [
        _stool(b, p[min(int(round(s.stool_at_s * clip.fps)), len(p) - 1)])
        for b, s, p in zip(bodies, clip.subjects, posed, strict=True)
        if s.stool_at_s is not None
    ]
    first = int(np.searchsorted(times, clip.view.fit_from_s - 1e-9))
    fit_on = [posed[j][first:] for j in (clip.view.fit_subjects or range(len(posed)))]
    camera = clip.fixed_camera or fit_camera(clip.view, fit_on)
    renderer = Renderer(camera, boxes, clip.lighting)
    truth_frames: list[dict[str, Any]] = []

    def frames() -> Any:
        for i, t in enumerate(times):
            meshes = [(p[i].vertices, b.faces, b.vertex_colours) for b, p in zip(bodies, posed, strict=True)]
            subjects = []
            for s, p in zip(clip.subjects, posed, strict=True):
                lateral = axis_rotation("z", math.radians(s.yaw_deg)) @ np.array([1.0, 0, 0])
                ft = frame_truth(p[i].joints, p[i].keypoints, camera.project, lateral)
                if clip.compact_truth:
                    ft = {k: v for k, v in ft.items() if k in COMPACT_FIELDS}
                subjects.append({"set_deg": _set_angles(s.angles(float(t))), **ft})
            rec: dict[str, Any] = {"i": i, "time_s": round(float(t), 4)}
            if subjects:
                rec |= subjects[0]
            if len(subjects) > 1:
                rec["other_subjects"] = subjects[1:]
            truth_frames.append(rec)
            yield renderer.render(meshes)

    out_dir.mkdir(parents=True, exist_ok=True)
    if clip.still:
        media = out_dir / f"{clip.name}.jpg"
        write_jpg(next(iter(frames())), media)
        video = {"file": media.name, "width_px": camera.width_px, "height_px": camera.height_px}
    else:
        media = out_dir / f"{clip.name}.mp4"
        count = write_mp4(frames(), media, clip.fps, clip.crf)
        video = {
            "file": media.name,
            "codec": "h264 (libx264), yuv420p",
            "crf": clip.crf,
            "width_px": camera.width_px,
            "height_px": camera.height_px,
            "fps": clip.fps,
            "n_frames": count,
            "duration_s": count / clip.fps,
        }
    renderer.close()
    truth = {
        "schema": SCHEMA,
        "clip": clip.name,
        "description": clip.description,
        "synthetic": True,
        "generator": "python -m tools.synth (anny body model, pyrender/OSMesa)",
        "anny_version": _anny_version(),
        "video": video,
        "camera": camera.to_dict(),
        "lighting": asdict(clip.lighting),
        "world": "metres; z up, floor z = 0; subjects face -y at yaw 0 (their left is +x)",
        "subjects": [_subject_info(b, s, p) for b, s, p in zip(bodies, clip.subjects, posed, strict=True)],
        "reps": clip.reps,
        "notes": clip.notes,
        "angle_definitions": {k: v.meaning for k, v in DOFS.items()},
        "frames": truth_frames,
    }
    (out_dir / f"{clip.name}.json").write_text(_dumps(truth))
    return truth


def _subject_info(body: Body, subject: Subject, posed: list[Posed]) -> dict[str, Any]:
    v = posed[0].vertices
    return {
        "phenotype": body.phenotype.as_kwargs(),
        "standing_height_m": round(body.standing_height_m, 3),
        "colours": asdict(subject.colours),
        "stance": subject.stance,
        "position_m": list(subject.position_m),
        "yaw_deg": subject.yaw_deg,
        "carrying_abduction_deg": subject.carrying_abduction_deg,
        "bbox_frame0_m": [np.round(v.min(0), 3).tolist(), np.round(v.max(0), 3).tolist()],
    }


def _anny_version() -> str:
    import importlib.metadata

    return importlib.metadata.version("anny")


def _dumps(truth: dict[str, Any]) -> str:
    """JSON with one line per frame (readable diffs, modest size)."""
    frames = truth.pop("frames")
    head = json.dumps(truth, indent=1)[:-2]
    body = ",\n".join("  " + json.dumps(f, separators=(",", ":")) for f in frames)
    return f'{head},\n "frames": [\n{body}\n ]\n}}\n'
