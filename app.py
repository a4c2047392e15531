"""Movement screening dashboard: ``streamlit run app.py``.

A thin layer: it collects inputs (athlete, protocol, clips or webcam), calls the ``screening``
package and shows the results. Every computation and every figure is built in ``screening``;
only this file imports Streamlit.
"""

from __future__ import annotations

import logging
import os
import queue
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import av
import pandas as pd
import streamlit as st

from screening.config import Settings, load_settings
from screening.errors import ScreeningError
from screening.model.findings import DISCLAIMER
from screening.model.profile import AthleteProfile
from screening.pose.extract import Cancelled
from screening.pose.model import model_info
from screening.present.findings import sorted_findings
from screening.present.frames import is_photo, plot_columns, reps_by_column
from screening.present.labels import readable
from screening.present.numbers import format_time
from screening.protocols import registry  # noqa: F401  (registers the protocols)
from screening.protocols.base import ProtocolSpec, get_protocol, list_protocols
from screening.serve import PASSCODE_ENV, passcode_matches
from screening.source import file_sha256, supported_suffixes
from screening.ui.browser import CAMERA_PROBE_JS, PHONE_CAPTURE_JS, camera_message
from screening.ui.cache import AnalysisCache
from screening.ui.capture import live_readout, recording_path
from screening.ui.capture import recording_buttons as capture_buttons
from screening.ui.figures import angles_figure, left_right_figure, trend_figure
from screening.ui.history import changes_table, metric_title, session_numbers, sessions_table
from screening.ui.history_access import HistoryAccess
from screening.ui.jobs import AnalysisJob
from screening.ui.live import LivePose, LiveStatus
from screening.ui.present import findings_table, photo_table
from screening.ui.session import AnalysisBundle, AnalysisInputs, run_analysis
from screening.ui.uploads import analysis_key, private_dir, remove_dir, write_upload
from screening.ui.widgets import finding_card, not_given, profile_fields, summary_line

if TYPE_CHECKING:
    from screening.model.analysis import Analysis
    from screening.store.records import AthleteRecord
    from screening.store.store import Store

ROOT = Path(__file__).resolve().parent
SAMPLE_CLIP = ROOT / "test_videos" / "overhead_reach_side_left.mp4"  # the one-click demo clip
SAMPLE_PROTOCOL = "overhead_reach"
SAMPLE_SIDE = "left"
SAMPLE_DESCRIPTION = "Synthetic person filmed from the left side, raising the left arm twice (4 s, 30 fps)."
UPLOAD_LIMIT_MB = 500  # keep equal to server.maxUploadSize in .streamlit/config.toml
MAX_CACHED_ANALYSES = 6
POLL_S = 0.25
SIDE_CHOICES = {"auto": "", "left side tested": "left", "right side tested": "right"}
NO_ATHLETE = "— no athlete (results not saved) —"
NEW_ATHLETE = "➕ New athlete or client…"
PLOT_CONFIG = {"displaylogo": False, "displayModeBar": False, "responsive": True}  # no toolbar over titles
RTC_CONFIGURATION = {"iceServers": []}  # no STUN/TURN: nothing leaves this machine
LOG = logging.getLogger("screening.app")

st.set_page_config(page_title="Movement screening", page_icon=":material/accessibility_new:", layout="wide")
PAGE_CSS = """<style>
.block-container {padding-top: 1.2rem; padding-bottom: 2rem;}
h1 {padding-top: 0; font-size: 2rem !important;}
@media (max-width: 640px) {
  .block-container {padding-left: 0.6rem; padding-right: 0.6rem; padding-top: 0.6rem;}
  h1 {font-size: 1.45rem !important;}
  h2 {font-size: 1.3rem !important;}
  button {min-height: 2.75rem;}
  [data-testid="stTable"] table {font-size: 0.8rem; table-layout: fixed; width: 100%;}
  [data-testid="stTable"] th, [data-testid="stTable"] td {padding: 0.25rem 0.3rem; white-space: normal;
                                                          overflow-wrap: anywhere;}
}
</style>"""
camera_probe = st.components.v2.component("screening_camera_probe", js=CAMERA_PROBE_JS)
phone_capture = st.components.v2.component("screening_phone_capture", js=PHONE_CAPTURE_JS, isolate_styles=False)


# ---------------------------------------------------------------- cached resources


@st.cache_resource
def app_settings() -> Settings:
    """Return the analysis settings (defaults from ``default_config.toml``, upload limit applied)."""
    return load_settings(max_file_mb=UPLOAD_LIMIT_MB)


@st.cache_resource
def checked_model(path: str) -> str:
    """Return the pose model's name after checking the bundle loads its metadata (once per process)."""
    return model_info(Path(path)).name


@st.cache_resource
def analysis_cache() -> AnalysisCache:
    """Return the analyses kept in memory by content key (most recent last), shared by all sessions."""
    return AnalysisCache(MAX_CACHED_ANALYSES)


@st.cache_resource
def history_store() -> HistoryAccess:
    """Return the history store, or the one-line reason why it is unavailable."""
    return HistoryAccess.open()


# ---------------------------------------------------------------- athlete and protocol


def new_athlete_form(history: HistoryAccess) -> None:
    """Show the form that creates an athlete and selects them."""
    if history.store is None:
        return
    with st.form("new_athlete", clear_on_submit=True):
        name = st.text_input("Name or code", placeholder="e.g. J. Smith or ATH-017")
        fields = profile_fields(st, "new")
        dominant = st.selectbox("Dominant side", ["", "left", "right"], format_func=not_given)
        sport = st.text_input("Sport or activity")
        if st.form_submit_button("Create", type="primary"):
            try:
                athlete = history.store.get_or_create_athlete(
                    name, birth_year=fields.birth_year, sex=fields.sex, height_cm=fields.height_cm,
                    dominant_side=dominant, sport=sport)
            except ScreeningError as error:
                st.error(error.one_line())
                return
            st.session_state["select_athlete"] = athlete.name  # applied before the selectbox on the re-run
            st.rerun()


def profile_inputs() -> AthleteProfile:
    """Return a profile typed in by hand (used when no athlete is chosen)."""
    with st.expander("Profile for age/sex norms (optional)"):
        return profile_fields(st, "p").profile()


def choose_athlete(history: HistoryAccess) -> tuple[AthleteRecord | None, AthleteProfile]:
    """Return the chosen athlete record (None when none) and the profile used for norms."""
    if history.store is None:
        st.caption(f"History unavailable: {history.reason}")
        return None, profile_inputs()
    athletes = {a.name: a for a in history.store.list_athletes()}
    options = [NO_ATHLETE, *athletes, NEW_ATHLETE]
    if "select_athlete" in st.session_state:
        st.session_state["athlete_choice"] = st.session_state.pop("select_athlete")
    if st.session_state.get("athlete_choice") not in options:
        st.session_state["athlete_choice"] = NO_ATHLETE
    choice = st.selectbox("Athlete / client", options, key="athlete_choice")
    if choice == NEW_ATHLETE:
        new_athlete_form(history)
        return None, AthleteProfile()
    athlete = athletes.get(choice)
    if athlete is None:
        return None, profile_inputs()
    details = [f"born {athlete.birth_year}" if athlete.birth_year else "", athlete.sex,
               f"{athlete.height_cm:.0f} cm" if athlete.height_cm else "", athlete.sport,
               f"{athlete.session_count} session(s)"]
    st.caption(" · ".join(d for d in details if d))
    return athlete, AthleteProfile(athlete.birth_year, athlete.sex, athlete.height_cm)


def choose_protocol() -> ProtocolSpec:
    """Return the chosen protocol's spec."""
    specs = {spec.name: spec for spec in list_protocols()}
    names = list(specs)
    default = names.index(SAMPLE_PROTOCOL) if SAMPLE_PROTOCOL in names else 0
    name = st.selectbox("Screen", names, index=default, format_func=lambda n: specs[n].title, key="protocol")
    return specs[name]


# ---------------------------------------------------------------- starting and following an analysis


def save_function(history: HistoryAccess, athlete: AthleteRecord | None) -> Callable[[Analysis], int] | None:
    """Return a function that saves an analysis to the athlete's history (None when not saving)."""
    if not st.session_state.get("save_history", True):
        return None
    return history.saver(athlete, keep_video=bool(st.session_state.get("keep_video", False)))


def start_analysis(files: list[tuple[bytes | Path, str]], protocol: str, profile: AthleteProfile,
                   sides: list[str], athlete: AthleteRecord | None, history: HistoryAccess) -> None:
    """Start analysing ``files`` (uploaded bytes with their names, or paths) in a worker thread.

    An analysis with the same content, protocol, settings and profile is taken from the cache,
    unless it is to be saved: each press of Analyse for an athlete saves a new session.
    """
    settings = app_settings()
    contents = [file_sha256(item) if isinstance(item, Path) else item for item, _ in files]
    save = save_function(history, athlete)
    key = analysis_key(contents, protocol, settings, profile, sides)
    if save is None and key in analysis_cache():
        st.session_state["current"] = key
        st.session_state.pop("last_error", None)
        return
    if save is not None:
        key = f"{key}-saved-{time.time_ns()}"  # its own entry: the bundle carries this session's number
    workdir = private_dir()
    try:
        paths = [item if isinstance(item, Path) else write_upload(item, name, workdir, index)
                 for index, (item, name) in enumerate(files)]
    except ScreeningError as error:
        remove_dir(workdir)
        st.session_state["last_error"] = error.one_line()
        return
    inputs = AnalysisInputs(paths, settings, protocol, profile, sides, workdir,
                            athlete_name=athlete.name if athlete else "", save=save,
                            athlete_id=athlete.id if athlete and save else None)
    st.session_state["job"] = (key, AnalysisJob(partial(run_analysis, inputs), n_clips=len(paths)).start())
    st.session_state.pop("current", None)
    st.session_state.pop("last_error", None)


def collect_job() -> bool:
    """Keep the result (or the error) of a finished analysis; return True when one was collected."""
    entry = st.session_state.get("job")
    if entry is None or not entry[1].done:
        return False
    key, job = st.session_state.pop("job")
    if isinstance(job.error, Cancelled):
        st.session_state["last_error"] = "Analysis cancelled; nothing was saved."
    elif isinstance(job.error, ScreeningError):
        st.session_state["last_error"] = job.error.one_line()
    elif job.error is not None:
        LOG.error("analysis failed", exc_info=job.error)
        st.session_state["last_error"] = f"The analysis failed unexpectedly: {type(job.error).__name__}: {job.error}"
    else:
        analysis_cache().remember(key, job.result)
        st.session_state["current"] = key
    return True


@st.fragment(run_every=POLL_S)
def job_progress() -> None:
    """Show the running analysis' progress with a Cancel button; re-run the page when it ends.

    Only this fragment re-runs while the analysis works, so the rest of the page (the History
    tab, export, delete) stays usable.
    """
    entry = st.session_state.get("job")
    if entry is None:
        return
    _, job = entry
    if job.done:
        st.rerun(scope="app")
    progress = job.progress()
    with st.container(border=True):
        st.progress(progress.fraction, text=("Cancelling… " if job.cancelled else "Analysing: ") + progress.describe())
        if st.button("Cancel", icon=":material/cancel:", key="cancel_job", disabled=job.cancelled):
            job.cancel()


# ---------------------------------------------------------------- inputs


def sample_input(protocol: ProtocolSpec, profile: AthleteProfile, athlete: AthleteRecord | None,
                 history: HistoryAccess) -> None:
    """Offer the bundled sample clip with one button."""
    st.markdown(f"**Bundled sample:** {SAMPLE_DESCRIPTION}")
    if not SAMPLE_CLIP.exists():
        st.warning(f"The sample clip is missing ({SAMPLE_CLIP.name}); upload a video instead.")
        return
    if protocol.name != SAMPLE_PROTOCOL:
        st.caption(f"The sample is analysed with the {get_protocol(SAMPLE_PROTOCOL).spec.title} screen.")
    if st.button("Analyse the sample clip", icon=":material/play_arrow:", type="primary", key="run_sample"):
        start_analysis([(SAMPLE_CLIP, SAMPLE_CLIP.name)], SAMPLE_PROTOCOL, profile, [SAMPLE_SIDE], athlete, history)


def upload_input(protocol: ProtocolSpec, profile: AthleteProfile, athlete: AthleteRecord | None,
                 history: HistoryAccess) -> None:
    """Offer filming with the phone's camera, or upload of videos or photos, each with the side it tests.

    The uploaders get new keys after each analysis starts, so the next upload starts empty.
    """
    round_ = int(st.session_state.get("upload_round", 0))
    types = [suffix.lstrip(".") for suffix in supported_suffixes()]
    with st.container(key="phone_camera"):
        filmed = st.file_uploader("Film with this phone's camera", type=types, key=f"film_{round_}",
                                  help="On a phone this opens the camera; on a computer it picks one video.")
    phone_capture(data={"key": "phone_camera"}, key="phone_capture", height=0)
    uploads = st.file_uploader("Or upload video(s) or photo(s): one clip per side is fine", type=types,
                               accept_multiple_files=True, key=f"uploads_{round_}",
                               help=f"Up to {UPLOAD_LIMIT_MB} MB each. Files stay on this computer and are "
                                    "deleted after the analysis.")
    chosen = ([filmed] if filmed is not None else []) + list(uploads or [])
    sides = []
    for index, upload in enumerate(chosen):
        label = st.selectbox(f"Side tested in **{upload.name}**", list(SIDE_CHOICES), key=f"side_{round_}_{index}",
                             help="Which of the person's sides this clip tests (auto: found from the view).")
        sides.append(SIDE_CHOICES[label])
    if st.button("Analyse", icon=":material/play_arrow:", type="primary", key="run_upload", disabled=not chosen):
        files: list[tuple[bytes | Path, str]] = [(upload.getvalue(), upload.name) for upload in chosen]
        start_analysis(files, protocol.name, profile, sides, athlete, history)
        st.session_state["upload_round"] = round_ + 1
        st.rerun()


def save_options(athlete: AthleteRecord | None, history: HistoryAccess) -> None:
    """Show whether results go into the athlete's history."""
    if athlete is None or history.store is None:
        st.caption("Results are not saved: choose or create an athlete above to keep a history.")
        return
    st.checkbox(f"Save to {athlete.name}'s history", value=True, key="save_history")
    st.checkbox("Also keep the original video", value=False, key="keep_video",
                help="Otherwise only landmarks, angles and findings are stored; the video is deleted.")


# ---------------------------------------------------------------- webcam


def live_panel(protocol: ProtocolSpec, profile: AthleteProfile, athlete: Any, store: Any) -> None:
    """Show the live camera with skeleton and angle readout, or the app's message when there is no camera."""
    try:
        from streamlit_webrtc import VideoProcessorBase, WebRtcMode, webrtc_streamer
    except ImportError:
        st.info("The live camera needs the `streamlit-webrtc` package (`pip install streamlit-webrtc`).")
        return
    if not camera_ready():
        return

    class LiveProcessor(VideoProcessorBase):
        """Hands each browser frame to :class:`LivePose` and sends the annotated frame back."""

        def __init__(self, pose: LivePose) -> None:
            self.pose = pose

        def recv(self, frame: av.VideoFrame) -> av.VideoFrame:
            image = frame.to_ndarray(format="bgr24")
            time_s = time.monotonic()  # not frame.time: its 90 kHz RTP clock wraps (every 13.3 h, from a random start)
            return av.VideoFrame.from_ndarray(self.pose.process(image, time_s), format="bgr24")

        def on_ended(self) -> None:
            self.pose.close()

    status: queue.Queue[LiveStatus] = st.session_state.setdefault("live_status", queue.Queue(maxsize=1))
    settings, columns = app_settings(), protocol.key_angles
    st.caption("Press START and allow camera access. Pose is computed on this computer; no video leaves it.")
    context = webrtc_streamer(
        key="live", mode=WebRtcMode.SENDRECV, rtc_configuration=RTC_CONFIGURATION,
        media_stream_constraints={"video": {"width": 640, "height": 480}, "audio": False},
        video_processor_factory=lambda: LiveProcessor(LivePose(settings, columns, status, protocol.name,
                                                               recording_path)),
        async_processing=True,
        translations={"device_not_available": "No camera found on this device: upload a recorded video instead.",
                      "device_access_denied": "Camera access was denied: allow it in the browser, or upload a video."})
    if context.state.playing:
        live_controls(context, protocol, profile, athlete, store)


def camera_ready() -> bool:
    """Return True when the browser lists a camera; else show the app's own message (never the browser's error)."""
    probe = camera_probe(key="camera_probe", default={"probe": None}, on_probe_change=lambda: None, height=0)
    found = probe.get("probe") if hasattr(probe, "get") else getattr(probe, "probe", None)
    message = camera_message(found)
    if message:
        st.warning(message, icon=":material/videocam_off:")
        return False
    if found is None:
        st.caption("Looking for a camera…")
        return False
    return True


def recording_buttons(pose: LivePose, protocol: ProtocolSpec, profile: AthleteProfile, athlete: Any,
                      store: Any) -> None:
    """Offer the countdown, then Stop and analyse (the guide starts the recording when the set-up is right)."""

    def recorded(path: Path | None) -> None:
        if path is None:
            st.session_state["last_error"] = "Nothing was recorded: press START first and wait for the picture."
        else:
            data = path.read_bytes()
            remove_dir(path.parent)
            start_analysis([(data, "webcam.mp4")], protocol.name, profile, [""], athlete, store)
        st.rerun(scope="app")  # the whole page shows the progress (or the error)

    capture_buttons(st, pose, recorded)


@st.fragment(run_every=0.5)
def live_controls(context: Any, protocol: ProtocolSpec, profile: AthleteProfile, athlete: Any, store: Any) -> None:
    """Write the newest live readout (``landmarks: 33 · …``) and the recording buttons.

    Only this fragment re-runs while the camera plays, so the buttons appear as soon as the
    camera's processor exists and a click is answered at once.
    """
    if not context.state.playing:
        return
    status: queue.Queue[LiveStatus] | None = st.session_state.get("live_status")
    latest = None
    if status is not None:
        try:
            latest = status.get_nowait()
        except queue.Empty:
            latest = None
    if latest is not None:
        st.session_state["live_latest"] = latest
    live_readout(st, st.session_state.get("live_latest"))
    if context.video_processor is not None:
        recording_buttons(context.video_processor.pose, protocol, profile, athlete, store)


# ---------------------------------------------------------------- results


def findings_section(bundle: AnalysisBundle) -> None:
    """Show the summary line, the finding cards (three per row on a wide screen) and the notes."""
    result = bundle.analysis.result
    findings = sorted_findings(result.findings if result else [])
    st.markdown(summary_line(findings))
    for start in range(0, len(findings), 3):
        for column, finding in zip(st.columns(3), findings[start:start + 3], strict=False):
            with column:
                finding_card(st, finding)
    for note in result.notes if result else []:
        st.info(readable(note))


def clip_section(bundle: AnalysisBundle, index: int) -> None:
    """Show one clip: annotated video (or photo) next to its angle-over-time plot (or angle table)."""
    analysis = bundle.analysis
    clip = analysis.clips[index]
    view = clip.clip.view if clip.clip is not None else None
    st.markdown(f"#### {'Photo' if is_photo(analysis, index) else 'Clip'} {index + 1}: {clip.name}")
    if view is not None:
        (st.success if view.ok else st.warning)(f"View check ({view.expected} view expected): {view.reason}")
    video_col, plot_col = st.columns([1, 2])
    with video_col:
        video = bundle.videos[index]
        if is_photo(analysis, index):
            if index in bundle.photos:
                st.image(bundle.photos[index], caption="Measured angles drawn (face blurred)")
            else:
                st.caption("No picture (a landmark file).")
        elif video:
            st.video(video, format="video/mp4")
        else:
            st.caption("No annotated video (a landmark file).")
    with plot_col:
        columns = plot_columns(analysis, index)
        if columns and not is_photo(analysis, index):
            figure = angles_figure(clip.angles, columns, reps_by_column(analysis, index, columns),
                                   analysis.result.findings if analysis.result else [])
            st.plotly_chart(figure, key=f"angles_{index}", config=PLOT_CONFIG)
        elif columns:
            st.table(photo_table(analysis, index), hide_index=True, border="horizontal")


def downloads(bundle: AnalysisBundle) -> None:
    """Offer the PDF report, the per-frame angle CSV and the findings JSON."""
    cols = st.columns(3)
    stamp = bundle.analysis.created_at[:10]
    protocol = bundle.analysis.protocol or "angles"
    if bundle.pdf is not None:
        cols[0].download_button("PDF report", icon=":material/picture_as_pdf:", data=bundle.pdf,
                                file_name=f"screening_{protocol}_{stamp}.pdf", mime="application/pdf",
                                key="dl_pdf", type="primary", on_click="ignore")
    else:
        cols[0].caption(f"PDF unavailable: {bundle.pdf_error}")
    cols[1].download_button("Angles per frame (CSV)", bundle.csv, f"angles_{protocol}_{stamp}.csv", "text/csv",
                            icon=":material/table_view:", key="dl_csv", on_click="ignore")
    cols[2].download_button("Findings (JSON)", bundle.json, f"findings_{protocol}_{stamp}.json",
                            "application/json", icon=":material/data_object:", key="dl_json", on_click="ignore")


def results(bundle: AnalysisBundle, history: HistoryAccess) -> None:
    """Show everything about one analysis: finding cards first, then downloads, clips and tables."""
    analysis = bundle.analysis
    title = get_protocol(analysis.protocol).spec.title if analysis.protocol else "Angles only"
    st.header(f"Results: {title}")
    who = bundle.athlete_name or "athlete not given"
    st.caption(f"{who} · analysed {format_time(analysis.created_at)} · {len(analysis.clips)} clip(s) · "
               f"{analysis.clips[0].series.attrs.get('model_name', '')}")
    number = history.session_number(bundle.athlete_id, bundle.session_id)
    if bundle.session_id is not None:
        st.success(f"Saved to {who}'s history" + (f" (session {number})." if number else "."))
    if bundle.save_error:
        st.error(f"Not saved to the history: {bundle.save_error}")
    findings_section(bundle)
    downloads(bundle)
    for index in range(len(analysis.clips)):
        clip_section(bundle, index)
    findings = analysis.result.findings if analysis.result else []
    figure = left_right_figure(findings)
    if figure is not None:
        st.subheader("Left / right comparison")
        st.plotly_chart(figure, key="left_right", config=PLOT_CONFIG)
    with st.expander("All measurements in a table"):
        st.table(findings_table(sorted_findings(findings)), hide_index=True, border="horizontal")
    if bundle.keyframes:
        st.subheader("Peak frames")
        st.caption("The PDF's key frames: each at the peak of the repetition that gave a finding its value, with the "
                   "measured angles drawn (faces blurred).")
        for start in range(0, len(bundle.keyframes), 4):
            for column, (caption, png) in zip(st.columns(4), bundle.keyframes[start:start + 4], strict=False):
                column.image(png, caption=caption)


# ---------------------------------------------------------------- history


def history_tab(history: HistoryAccess, athlete: AthleteRecord | None) -> None:
    """Show an athlete's past sessions, trends per metric and side, export and delete."""
    store = history.store
    if store is None:
        st.info(f"History is unavailable: {history.reason}")
        return
    if athlete is None:
        st.info("Choose or create an athlete above to see their history.")
        return
    st.header(f"History: {athlete.name}")
    sessions = store.list_sessions(athlete.id)
    numbers = session_numbers(sessions)
    if not sessions:
        st.caption("No saved sessions yet. Analyse a clip with “Save to history” ticked.")
    else:
        st.table(sessions_table(sessions), hide_index=True, border="horizontal")
        trends_section(store.trends(athlete.id), numbers)
    manage_athlete(store, athlete)


def trends_section(trends: pd.DataFrame, numbers: dict[int, int]) -> None:
    """Show one trend chart per metric, and the change table."""
    if trends.empty:
        return
    st.subheader("Trends")
    st.caption("Error bars: typical measurement error. ◆ a change larger than the measurement error.")
    metrics = list(dict.fromkeys(trends["metric"]))
    for start in range(0, len(metrics), 2):
        for column, metric in zip(st.columns(2), metrics[start:start + 2], strict=False):
            unit = str(trends.loc[trends["metric"] == metric, "unit"].iloc[0])
            column.markdown(f"**{metric_title(trends, metric)}**")
            column.plotly_chart(trend_figure(trends, metric, unit, numbers), key=f"trend_{metric}",
                                config=PLOT_CONFIG)
    with st.expander("Changes between sessions"):
        st.table(changes_table(trends, numbers), hide_index=True, border="horizontal")


def manage_athlete(store: Store, athlete: AthleteRecord) -> None:
    """Offer the export zip and deletion (after typing the name to confirm)."""
    st.subheader("Export or delete")
    if st.button("Prepare export (zip)", icon=":material/folder_zip:", key="export"):
        folder = private_dir()
        try:
            path = store.export_athlete(athlete.id, folder / f"athlete_{athlete.id}.zip")
            st.session_state["export_zip"] = (athlete.id, Path(path).read_bytes())
        except ScreeningError as error:
            st.error(error.one_line())
        finally:
            remove_dir(folder)
    export = st.session_state.get("export_zip")
    if export and export[0] == athlete.id:
        st.download_button("Download export", icon=":material/download:", data=export[1],
                           file_name=f"athlete_{athlete.id}.zip", mime="application/zip",
                           key="dl_export", on_click="ignore")
    with st.expander("Delete this athlete and all their sessions"):
        typed = st.text_input(f"Type “{athlete.name}” to confirm", key="delete_confirm")
        if st.button("Delete permanently", key="delete", disabled=typed.strip() != athlete.name):
            try:
                store.delete_athlete(athlete.id)
            except ScreeningError as error:
                st.error(error.one_line())
                return
            st.session_state.pop("export_zip", None)
            st.session_state["select_athlete"] = NO_ATHLETE
            st.rerun()


# ---------------------------------------------------------------- page


def setup_panel(protocol: ProtocolSpec, expanded: bool) -> None:
    """Show the screen's set-up instructions and camera diagram."""
    st.caption(protocol.hint)
    with st.expander("Set-up and camera position", expanded=expanded, icon=":material/videocam:"):
        st.markdown(f"**View:** {protocol.view}  \n{protocol.setup}")
        st.code(protocol.diagram, language=None)


def screen_tab(profile: AthleteProfile, athlete: AthleteRecord | None, history: HistoryAccess) -> None:
    """Show screen and set-up, inputs, progress and results."""
    collect_job()
    bundle = analysis_cache().get(st.session_state.get("current", ""))
    setup_col, input_col = st.columns([1, 1], gap="medium")
    with setup_col:
        protocol = choose_protocol()
        setup_panel(protocol, expanded=False)
    with input_col:
        source = st.radio("Source", ["Sample clip", "Upload or film", "Webcam"], horizontal=True,
                          key="source", label_visibility="collapsed")
        if source == "Sample clip":
            sample_input(protocol, profile, athlete, history)
        elif source == "Upload or film":
            upload_input(protocol, profile, athlete, history)
        else:
            live_panel(protocol, profile, athlete, history)
        save_options(athlete, history)
        if "job" in st.session_state:  # the fragment re-runs on its own only while there is a job
            job_progress()
        if st.session_state.get("last_error"):
            st.error(st.session_state["last_error"])
    if bundle is not None:
        st.divider()
        results(bundle, history)


def unlocked() -> bool:
    """Return True when no passcode is set (localhost), or this browser session gave it (``screening serve --lan``)."""
    expected = os.environ.get(PASSCODE_ENV, "")
    if not expected or st.session_state.get("unlocked"):
        return True
    with st.form("passcode_form"):
        given = st.text_input("Passcode", type="password", key="passcode",
                              help="Printed where `screening serve --lan` was started.")
        if st.form_submit_button("Open", type="primary"):
            if passcode_matches(given, expected):
                st.session_state["unlocked"] = True
                st.rerun()
            time.sleep(1.0)  # slows guessing down
            st.error("Wrong passcode.")
    return False


def main() -> None:
    """Lay out the page: short disclaimer, the athlete, the Screen and History tabs."""
    st.markdown(PAGE_CSS, unsafe_allow_html=True)
    st.title("Movement screening")
    if not unlocked():
        return
    st.warning("**Screening only — not a diagnosis.**", icon=":material/info:")
    with st.expander("What this tool can and cannot tell"):
        st.markdown(DISCLAIMER)
    settings = app_settings()
    try:
        model = checked_model(str(settings.model_path))
    except ScreeningError as error:
        st.error(error.one_line())
        return
    history = history_store()
    athlete, profile = choose_athlete(history)
    screen, past = st.tabs(["Screen", "History"])
    with screen:
        screen_tab(profile, athlete, history)
    with past:
        history_tab(history, athlete)
    st.caption(f"Pose model: {model}. All processing runs on this computer.")


main()
