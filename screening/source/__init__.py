"""Readers that turn a video file, a photo or a webcam into upright frames with timestamps (s)."""

from screening.source import photo, video  # noqa: F401  (register the readers)
from screening.source.base import Frame, FrameSource, SourceInfo, file_sha256, open_source, supported_suffixes
from screening.source.camera import CameraSource

__all__ = ["CameraSource", "Frame", "FrameSource", "SourceInfo", "file_sha256", "open_source", "supported_suffixes"]
