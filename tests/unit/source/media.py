"""Small videos and photos made at test time (PyAV, libx264), for the bad-input tests.

Everything here is tiny (64×64 to 180×320 px, a few frames) so that making it takes milliseconds;
the 4K and 8K frames are flat colours with a person pasted in, which H.264 encodes quickly.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np

REPO = Path(__file__).resolve().parents[3]
VIDEOS = REPO / "test_videos"
PERSON_CLIP = VIDEOS / "overhead_reach_side_left.mp4"  # one person, side view, 4 s, 30 fps, 720×1280


def write_video(
    path: Path,
    frames: Sequence[np.ndarray],
    fps: int = 30,
    times_s: Sequence[float] | None = None,
    rotation_deg: int = 0,
) -> Path:
    """Write BGR ``frames`` as H.264 MP4; ``times_s`` gives each frame's timestamp (variable frame rate).

    ``rotation_deg`` is stored as display-matrix metadata (counter-clockwise, as phones do);
    no frames at all gives an MP4 with no video samples.
    """
    height, width = frames[0].shape[:2] if len(frames) else (64, 64)
    time_base = Fraction(1, 1000) if times_s is not None else Fraction(1, fps)
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.time_base = stream.codec_context.time_base = time_base
        stream.options = {"preset": "ultrafast"}
        if rotation_deg:
            stream.set_display_rotation(rotation_deg)
        container.start_encoding()
        for index, image in enumerate(frames):
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(image), format="bgr24")
            if times_s is not None:
                frame.pts, frame.time_base = int(round(times_s[index] * 1000)), time_base
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return Path(path)


def flat_frames(count: int, width: int = 64, height: int = 64) -> list[np.ndarray]:
    """Return ``count`` flat grey frames whose brightness changes from frame to frame."""
    return [np.full((height, width, 3), 40 + (5 * i) % 180, dtype=np.uint8) for i in range(count)]


@functools.cache
def person_frames(width: int = 180, height: int = 320) -> tuple[np.ndarray, ...]:
    """Return the 120 frames of :data:`PERSON_CLIP` (a person reaching overhead), scaled to ``width`` × ``height``."""
    capture = cv2.VideoCapture(str(PERSON_CLIP))
    frames = []
    while True:
        ok, image = capture.read()
        if not ok:
            break
        frames.append(cv2.resize(image, (width, height), interpolation=cv2.INTER_AREA))
    capture.release()
    return tuple(frames)


def person_on_canvas(width: int, height: int) -> np.ndarray:
    """Return one frame of ``width`` × ``height`` px, black, with the person full height in the middle."""
    person = person_frames()[60]
    scaled = cv2.resize(person, (person.shape[1] * height // person.shape[0], height), interpolation=cv2.INTER_LINEAR)
    canvas = np.zeros((height, width, 3), dtype=np.uint8)
    left = (width - scaled.shape[1]) // 2
    canvas[:, left : left + scaled.shape[1]] = scaled
    return canvas


def write_avi_with_rate(path: Path, frames: Sequence[np.ndarray], scale: int, rate: int) -> Path:
    """Write an MJPEG AVI whose header claims ``rate / scale`` frames per second (any garbage you like)."""
    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 30, (width, height))
    for image in frames:
        writer.write(image)
    writer.release()
    data = bytearray(Path(path).read_bytes())
    header = data.find(b"strh") + 8  # fccType, fccHandler, flags, priority+language, initial frames, scale, rate
    data[header + 20 : header + 24] = scale.to_bytes(4, "little")
    data[header + 24 : header + 28] = rate.to_bytes(4, "little")
    main = data.find(b"avih") + 8  # microseconds per frame
    data[main : main + 4] = (0).to_bytes(4, "little")
    Path(path).write_bytes(bytes(data))
    return Path(path)


def faststart_copy(path: Path, target: Path) -> Path:
    """Copy the MP4 ``path`` to ``target`` with its index (moov) first, as phones write them, without re-encoding."""
    with av.open(str(path)) as source, av.open(str(target), "w", options={"movflags": "+faststart"}) as copy:
        stream = copy.add_stream_from_template(source.streams.video[0])
        for packet in source.demux(source.streams.video[0]):
            if packet.dts is not None:
                packet.stream = stream
                copy.mux(packet)
    return Path(target)
