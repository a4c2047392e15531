"""H.264 mp4 and JPEG writers."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np


def write_mp4(frames: Iterable[np.ndarray], path: Path, fps: int = 30, crf: int = 28) -> int:
    """Encode RGB frames as H.264 (yuv420p) mp4.

    Parameters
    ----------
    frames : Iterable of np.ndarray
        (height, width, 3) uint8 RGB frames, even width and height.
    path : Path
        Output file.
    fps : int
        Frame rate (frames/s).
    crf : int
        x264 constant rate factor (higher = smaller file).

    Returns
    -------
    int
        Number of frames written.
    """
    import av

    n = 0
    with av.open(str(path), mode="w") as container:
        stream = None
        for frame in frames:
            if stream is None:
                stream = container.add_stream("libx264", rate=fps)
                stream.width, stream.height = frame.shape[1], frame.shape[0]
                stream.pix_fmt = "yuv420p"
                # Deterministic output: one thread, fixed preset.
                stream.options = {"crf": str(crf), "preset": "medium", "threads": "1"}
                stream.codec_context.thread_count = 1
            vf = av.VideoFrame.from_ndarray(frame, format="rgb24")
            for packet in stream.encode(vf):
                container.mux(packet)
            n += 1
        if stream is not None:
            for packet in stream.encode():
                container.mux(packet)
    return n


def write_jpg(frame: np.ndarray, path: Path, quality: int = 90) -> None:
    """Save an RGB frame as JPEG.

    Parameters
    ----------
    frame : np.ndarray
        (height, width, 3) uint8 RGB.
    path : Path
        Output file.
    quality : int
        JPEG quality (1-95).
    """
    from PIL import Image

    Image.fromarray(frame).save(path, quality=quality)
