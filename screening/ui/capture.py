"""The dashboard's guided capture: the live set-up advice, the countdown and stop buttons, the rep count.

Streamlit is passed in (``st``) so that only ``app.py`` imports it; the decisions (when the set-up
is right, when to record, the reps) are made in :mod:`screening.capture` on the camera's thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from screening.ui.live import LivePose, LiveStatus
from screening.ui.uploads import private_dir

COUNTDOWN_S = 3


def recording_path() -> Path:
    """Return a new private path for a webcam recording (its folder is removed after the analysis)."""
    return private_dir() / "webcam.mp4"


def live_readout(st: Any, latest: LiveStatus | None) -> None:
    """Show the set-up advice (or that it is right), the recording and its reps, and the landmark readout."""
    if latest is None:
        st.markdown("**Live:** waiting for frames…")
        return
    guide = latest.guide
    if guide is not None:
        if guide.recording:
            reps = f" · **reps: {guide.reps}**" if guide.reps is not None else ""
            st.success(f"Recording {latest.recording_s:.1f} s{reps}", icon=":material/fiber_manual_record:")
            if guide.setup.decided and not guide.setup.ready:
                st.caption(f"Set-up: {guide.setup.describe()}")
        elif guide.setup.ready:
            st.success(f"**Set-up is right.** {_waiting(guide)}", icon=":material/check_circle:")
        elif guide.setup.decided:
            st.warning(f"**{guide.setup.describe()}**", icon=":material/videocam:")
        else:
            st.info("Checking the set-up…", icon=":material/hourglass_top:")
        if guide.countdown_s is not None and not guide.recording:
            st.markdown(f"**Recording starts in {guide.countdown_s:.0f} s**")
        if guide.setup.decided:
            fps = latest.frames / latest.time_s if latest.time_s > 0 else 0.0
            st.caption(f"Set-up checked on every frame ({fps:.1f} frames a second); this state since "
                       f"{guide.setup.since_s:.1f} s after the first analysed frame (first state at "
                       f"{latest.first_advice_s:.1f} s).")
    st.markdown(f"**Live:** {latest.describe()}")


def _waiting(guide: Any) -> str:
    return "Recording starts when it has stayed right for a second." if guide.countdown_s is None else ""


def recording_buttons(st: Any, pose: LivePose, on_recorded: Callable[[Path | None], None]) -> None:
    """Offer a countdown start (the recording also starts on its own when the set-up is right) and Stop and analyse.

    ``on_recorded`` receives the recording's path (None when nothing was recorded).
    """
    if pose.recording:
        if st.button("Stop and analyse", icon=":material/stop:", type="primary", key="rec_stop"):
            on_recorded(pose.stop_recording())
    elif pose.counting_down:
        st.caption("Counting down…")
    elif st.button(f"Start in {COUNTDOWN_S} s", icon=":material/timer:", key="rec_countdown",
                   help="Recording starts on its own when the set-up is right; this starts it after a countdown "
                        "whatever the set-up."):
        pose.start_countdown()
