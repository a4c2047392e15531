"""What the measuring steps return: reps, the view check, the movement check and a protocol's findings.

Plain values; the code that computes them lives in ``kinematics`` (reps, view) and ``protocols``.
Times in seconds, angles in degrees.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from screening.model.findings import Finding

# A view is "side" or "front" within this many degrees of body yaw (``kinematics.view`` checks it).
DEFAULT_MAX_OFF_DEG = 20.0


@dataclass(frozen=True)
class Rep:
    """One repetition of a movement; times in seconds, angle in degrees."""

    index: int
    start_s: float
    peak_s: float
    end_s: float
    peak_deg: float

    @property
    def duration_s(self) -> float:
        """Return the rep's duration in seconds."""
        return self.end_s - self.start_s


@dataclass(frozen=True)
class ViewCheck:
    """Result of the view check for one clip.

    ``off_by_deg`` is how far the body yaw is from the view the protocol expects (degrees);
    ``whole_body_fraction`` the share of frames with head and feet inside the frame.
    """

    expected: str
    body_yaw_deg: float
    off_by_deg: float
    whole_body_fraction: float
    ok: bool
    reason: str

    @property
    def observed(self) -> str:
        """Return ``"side"``, ``"front"`` or ``"oblique"`` from the body yaw."""
        if self.body_yaw_deg >= 90 - DEFAULT_MAX_OFF_DEG:
            return "side"
        if self.body_yaw_deg <= DEFAULT_MAX_OFF_DEG:
            return "front"
        return "oblique"


@dataclass(frozen=True)
class MovementCheck:
    """Whether a clip shows the protocol's movement.

    ``reps_found`` counts the candidate repetitions, ``reps_kept`` those that look like the
    movement; ``left_out`` says, one line per rep, why the others were left out.
    """

    movement: str
    ok: bool
    reason: str
    reps_found: int = 0
    reps_kept: int = 0
    left_out: tuple[str, ...] = field(default_factory=tuple)


@dataclass
class ProtocolResult:
    """Findings of one protocol over one or more clips, with the reps and plotted angles."""

    protocol: str
    findings: list[Finding]
    reps: dict[str, list[Rep]] = field(default_factory=dict)  # by angle column
    views: list[ViewCheck] = field(default_factory=list)
    key_angles: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)
    movements: list[MovementCheck] = field(default_factory=list)
