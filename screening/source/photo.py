"""Still photos (JPEG, PNG...), read upright (EXIF orientation applied)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np

from screening.errors import InvalidVideoError
from screening.source.base import Frame, FrameFilter, SourceInfo, display_name, file_sha256, register_source


@register_source((".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff"), kind="photo")
class PhotoSource:
    """A single photo as a one-frame source at time 0 s."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        data = np.fromfile(self.path, dtype=np.uint8)
        image = cv2.imdecode(data, cv2.IMREAD_COLOR)
        if image is None or image.size == 0:
            raise InvalidVideoError(
                f"Expected a photo in '{display_name(self.path)}', but it could not be decoded.",
                hint="Save it again as JPEG or PNG.",
            )
        self._image = image
        height, width = image.shape[:2]
        self.info = SourceInfo(
            name=display_name(self.path), kind="photo", width=int(width), height=int(height), fps=0.0,
            frame_count=1, sha256=file_sha256(self.path),
        )

    def frames(self, wanted: FrameFilter | None = None) -> Iterator[Frame]:
        """Yield the photo once, at 0 s (always with its image: a photo is never skipped)."""
        yield Frame(index=0, time_s=0.0, image=self._image)

    def close(self) -> None:
        """Nothing to release."""
