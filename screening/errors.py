"""Errors the tool raises on purpose.

Every message says what was expected and what was found, in one line, so the CLI
can print it as is and the dashboard can show it in a box.
"""

from __future__ import annotations


class ScreeningError(Exception):
    """Base class of every error the tool raises on purpose.

    ``exit_code`` is what the CLI returns for it; ``hint`` tells the user what to do.
    """

    exit_code: int = 2
    hint: str = ""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint

    def one_line(self) -> str:
        """Return the message and the hint as one readable line."""
        text = str(self).replace("\n", " ").strip()
        return f"{text} {self.hint}".strip() if self.hint else text


class UsageError(ScreeningError):
    """A command-line option or setting has a value the tool cannot use (exit 2, as argparse)."""

    exit_code = 2


class InputFileError(ScreeningError):
    """The input path is missing, empty, unreadable or too big."""

    exit_code = 3
    hint = "Check the path, and choose a video (MP4, MOV...) or photo (JPEG, PNG...)."


class InvalidVideoError(InputFileError):
    """The file is not a video or image that can be decoded."""

    hint = "Export the clip again as MP4 (H.264) or MOV from the phone or camera."


class CameraError(ScreeningError):
    """The webcam or stream cannot be opened."""

    exit_code = 4


class ModelError(ScreeningError):
    """The pose model bundle is missing or cannot be loaded."""

    exit_code = 5
    hint = "Reinstall the tool, or point --model-path at a MediaPipe Pose Landmarker .task bundle."


class NoPersonError(ScreeningError):
    """No person was found in enough frames to measure anything."""

    exit_code = 6
    hint = "Film the whole body, head to feet, in good light, with one person in view."


class InsufficientDataError(ScreeningError):
    """Landmarks were found, but too few or too short to compute a metric."""

    exit_code = 7
    hint = "Film the whole movement, with the whole body in view, as `screening protocols` describes."


class WrongViewError(ScreeningError):
    """The clip was filmed from a view the protocol cannot measure, or does not show its movement."""

    exit_code = 8
    hint = "Film again as `screening protocols` describes."


class UnknownProtocolError(ScreeningError):
    """The protocol name is not registered."""

    exit_code = 2
    hint = "Run `screening protocols` to list the names."


class SeriesFormatError(ScreeningError):
    """A saved landmark series or findings file does not have the expected layout."""

    exit_code = 9
    hint = "Use a _landmarks.npz or summary.json file written by this tool, or analyse the video again."


class StoreError(ScreeningError):
    """The history database cannot be read or written."""

    exit_code = 10


class OutputError(ScreeningError):
    """Results cannot be written (disk full, read-only folder...); nothing half-written is left behind."""

    exit_code = 11
    hint = "Free some disk space, or choose another --out folder."


class PoseEstimationError(ScreeningError):
    """The pose model failed on a frame in the middle of an analysis; nothing was saved."""

    exit_code = 12
    hint = "Nothing was saved. Try again; if it fails again, run with SCREENING_DEBUG=1 and report the output."
