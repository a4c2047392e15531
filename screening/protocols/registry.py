"""Importing this module registers every protocol."""

from screening.protocols import hip_rotation, overhead_reach, posture, single_leg_squat, squat  # noqa: F401

__all__ = ["hip_rotation", "overhead_reach", "posture", "single_leg_squat", "squat"]
