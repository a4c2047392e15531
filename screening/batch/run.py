"""The batch driver: hash, skip what the ledger has, run the clips, rebuild, save, record.

Workers return landmark bytes (see :mod:`screening.batch.worker`); once every clip of a job is
back, the driver writes them to ``OUT/jobs/<job>/``, rebuilds the analysis from them with
:func:`screening.pipeline.analyze` (saved landmarks skip inference; cleaning, angles and the
protocol take a fraction of a second), saves it to the history store and records the job in the
ledger. Only the driver writes to the store and the ledger.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from screening.batch.ledger import LEDGER_NAME, Ledger, job_key, settings_sha256
from screening.batch.plan import BatchPlan, Job
from screening.batch.runners import Runner
from screening.batch.worker import ClipOutcome, ClipTask
from screening.config import Settings
from screening.errors import OutputError, ScreeningError
from screening.killpoints import pause_at
from screening.staging import sweep_partial_files
from screening.store.store import Store

JOBS_FOLDER = "jobs"


@dataclass
class JobReport:
    """How one job ended in this run: ``"done"`` (analysed now), ``"skipped"`` (done before) or ``"failed"``."""

    job: Job
    status: str
    error: str = ""
    key: str = ""
    session_id: int | None = None
    summary: dict[str, Any] | None = None
    seconds: float = 0.0
    cpu_seconds: float = 0.0


@dataclass
class BatchReport:
    """The outcome of one batch run."""

    plan: BatchPlan
    jobs: list[JobReport] = field(default_factory=list)
    run: int = 0
    backend: str = ""
    wall_s: float = 0.0
    interrupted: bool = False

    def with_status(self, status: str) -> list[JobReport]:
        """Return the job reports with this status."""
        return [report for report in self.jobs if report.status == status]

    @property
    def clips_analysed(self) -> int:
        """Return the number of clips analysed (successfully) in this run."""
        return sum(len(report.job.clips) for report in self.with_status("done"))


@dataclass
class _Pending:
    """A job waiting for its clips."""

    job: Job
    key: str
    identity: tuple[list[str], str, str]
    outcomes: dict[int, ClipOutcome] = field(default_factory=dict)


def _echo(message: str) -> None:
    from tqdm import tqdm

    tqdm.write(message, file=sys.stderr)


def run_batch(plan: BatchPlan, settings: Settings, out_dir: Path, store: Store, runner: Runner, *,
              video: bool = False, keep_video: bool = False, show_progress: bool = True,
              stop_after_jobs: int | None = None, echo: Callable[[str], None] = _echo) -> BatchReport:
    """Run a batch: skip jobs the ledger has done, analyse the rest with ``runner``, save each to ``store``.

    Parameters
    ----------
    plan
        The jobs (see :func:`screening.batch.plan.plan_batch`).
    settings
        Analysis settings; ``annotate_video`` is replaced by ``video``.
    out_dir
        Output folder: the ledger, ``jobs/<job>/`` (landmarks, summary.json, angles.csv, videos).
    store
        The history store the driver saves every analysis to.
    runner
        Where the clips run (see :func:`screening.batch.runners.make_runner`).
    video
        Also make annotated videos (slower; off by default in a batch).
    keep_video
        Copy source and annotated videos into the store as well.
    show_progress
        Draw a tqdm bar over all clips on stderr.
    stop_after_jobs
        Raise :class:`KeyboardInterrupt` after this many jobs ended in this run (to test resuming).
    echo
        Where one line per finished job goes (default: stderr, above the bar).

    Raises
    ------
    KeyboardInterrupt
        When interrupted; jobs finished so far are saved and recorded, the others are not.
    """
    from screening.pose.model import model_info

    out_dir = Path(out_dir)
    model_sha = model_info(settings.model_path).sha256  # a bad model fails before anything is written
    try:
        (out_dir / JOBS_FOLDER).mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"Expected to create the output folder '{out_dir}', but could not: "
                          f"{error.strerror or error}") from error
    settings = settings.model_copy(update={"annotate_video": video})
    sweep_partial_files(out_dir / JOBS_FOLDER)  # temporary files of a killed run
    ledger = Ledger(out_dir / LEDGER_NAME)
    settings_digest = settings_sha256(settings)
    report = BatchReport(plan, backend=runner.description)
    pending = _sort_jobs(plan, ledger, model_sha, settings_digest, report, echo)
    report.run = ledger.start_run(plan.source, runner.description)
    start = time.perf_counter()
    context = _Context(settings, out_dir, store, ledger, report, echo, keep_video, model_sha)
    try:
        _run_pending(pending, runner, context, show_progress, stop_after_jobs)
    except KeyboardInterrupt:
        report.interrupted = True
        ledger.finish_run(report.run, "interrupted")
        raise
    finally:
        report.wall_s = time.perf_counter() - start
    ledger.finish_run(report.run, "finished")
    order = {id(job): index for index, job in enumerate(plan.jobs)}
    report.jobs.sort(key=lambda r: order.get(id(r.job), len(order)))
    return report


def _sort_jobs(plan: BatchPlan, ledger: Ledger, model_sha: str, settings_digest: str, report: BatchReport,
               echo: Callable[[str], None]) -> list[_Pending]:
    """Hash every job's files; record done jobs as skipped and unreadable ones as failed; return the rest."""
    from screening.source import file_sha256

    pending = []
    for job in plan.jobs:
        try:
            hashes = [file_sha256(clip.path) for clip in job.clips]
        except OSError as error:
            report.jobs.append(JobReport(job, "failed", f"cannot read '{error.filename}': {error.strerror or error}"))
            echo(f"FAILED  {job.label}: {report.jobs[-1].error}")
            continue
        key = job_key(job, hashes, model_sha, settings_digest)
        entry = ledger.get(key)
        if entry is not None and entry.status == "done":
            report.jobs.append(JobReport(job, "skipped", key=key, session_id=entry.session_id, summary=entry.summary))
        else:
            pending.append(_Pending(job, key, (hashes, model_sha, settings_digest)))
    return pending


@dataclass
class _Context:
    settings: Settings
    out_dir: Path
    store: Store
    ledger: Ledger
    report: BatchReport
    echo: Callable[[str], None]
    keep_video: bool
    model_sha: str


def _tasks(pending: list[_Pending], settings: Settings) -> Iterator[ClipTask]:
    for job_index, item in enumerate(pending):
        for clip_index, clip in enumerate(item.job.clips):
            yield ClipTask(job_index, clip_index, clip.path, settings, item.job.protocol)


def _run_pending(pending: list[_Pending], runner: Runner, context: _Context, show_progress: bool,
                 stop_after_jobs: int | None) -> None:
    """Run the clips of ``pending`` jobs and finish each job as soon as all its clips are back."""
    from tqdm import tqdm

    total = sum(len(item.job.clips) for item in pending)
    ended = 0
    with tqdm(total=total, unit="clip", desc="batch", file=sys.stderr, disable=not show_progress,
              dynamic_ncols=True) as bar, runner:
        for outcome in runner.run(_tasks(pending, context.settings)):
            item = pending[outcome.job_index]
            item.outcomes[outcome.clip_index] = outcome
            bar.update(1)
            if len(item.outcomes) < len(item.job.clips):
                continue
            _finish(item, context)
            ended += 1
            if stop_after_jobs is not None and ended >= stop_after_jobs:
                raise KeyboardInterrupt(f"stopped after {ended} job(s) as asked")


def _finish(item: _Pending, context: _Context) -> None:
    """Rebuild, save and record one job whose clips are all back (or record why it failed)."""
    job, outcomes = item.job, [item.outcomes[i] for i in range(len(item.job.clips))]
    seconds, cpu_seconds = sum(o.seconds for o in outcomes), sum(o.cpu_seconds for o in outcomes)
    errors = [f"{job.clips[o.clip_index].path.name}: {o.error}" for o in outcomes if not o.ok]
    if not errors:
        try:
            session_id, document = _save(item, outcomes, context)
            pause_at("batch-saved")
        except ScreeningError as error:
            errors = [error.one_line()]
    if errors:
        message = "; ".join(errors)
        context.ledger.record(item.key, job, item.identity, context.report.run, status="failed", error=message,
                              seconds=seconds)
        context.report.jobs.append(JobReport(job, "failed", message, item.key, seconds=seconds,
                                             cpu_seconds=cpu_seconds))
        context.echo(f"FAILED  {job.label}: {message}")
        return
    context.ledger.record(item.key, job, item.identity, context.report.run, status="done", session_id=session_id,
                          summary=document, seconds=seconds)
    context.report.jobs.append(JobReport(job, "done", "", item.key, session_id, document, seconds, cpu_seconds))
    flagged = sum(f.get("severity") in ("mild", "marked") for f in document.get("findings", []))
    context.echo(f"ok      {job.label}: {len(job.clips)} clip(s), {flagged} flagged finding(s), session {session_id}")


def job_folder(out_dir: Path, job: Job, key: str) -> Path:
    """Return ``OUT/jobs/<athlete>__<protocol>__<key prefix>`` for a job's files."""
    from screening.store.files import safe_stem

    return Path(out_dir) / JOBS_FOLDER / f"{safe_stem(job.athlete)}__{job.protocol or 'angles'}__{key[:10]}"


def _save(item: _Pending, outcomes: list[ClipOutcome], context: _Context) -> tuple[int, dict[str, Any]]:
    """Write the job's files, rebuild its analysis from the landmarks, save it; return (session id, summary)."""
    from screening.pipeline import analyze
    from screening.report.tables import angles_csv, summary, summary_json, write_atomically

    job, folder = item.job, job_folder(context.out_dir, item.job, item.key)
    folder.mkdir(parents=True, exist_ok=True)
    landmarks, videos = [], []
    for outcome, clip in zip(outcomes, job.clips, strict=True):
        stem = f"{outcome.clip_index + 1:02d}_{Path(clip.path).stem}"
        landmarks.append(write_atomically(folder / f"{stem}_landmarks.npz", outcome.landmarks_npz or b""))
        mp4 = outcome.annotated_mp4
        videos.append(write_atomically(folder / f"{stem}_annotated.mp4", mp4) if mp4 else None)
    analysis = analyze(landmarks, context.settings, job.protocol, job.profile, job.side_hints)
    for clip_analysis, clip, video in zip(analysis.clips, job.clips, videos, strict=True):
        used = clip_analysis.raw.attrs.get("model_sha256")
        if Path(clip.path).suffix.lower() != ".npz" and used != context.model_sha:
            raise ScreeningError(f"Expected '{clip.path.name}' to be analysed with model {context.model_sha[:12]}, "
                                 f"but the worker used {str(used)[:12]}; install the same model on every node.")
        clip_analysis.source_path, clip_analysis.annotated_video = Path(clip.path), video
    write_atomically(folder / "summary.json", summary_json(analysis))
    write_atomically(folder / "angles.csv", angles_csv(analysis))
    session_id = _save_to_store(context.store, job, analysis, context.keep_video, item.key)
    return session_id, summary(analysis)


def _save_to_store(store: Store, job: Job, analysis: Any, keep_video: bool, key: str) -> int:
    """Save to the athlete's history (created if new; profile fields they lack are filled in).

    The job's ledger key is the session's content key: a job saved by a run killed before its
    ledger entry was written is found, not saved twice, when the batch is resumed.
    """
    profile = {"birth_year": job.profile.birth_year, "sex": job.profile.sex, "height_cm": job.profile.height_cm}
    given = {key: value for key, value in profile.items() if value not in (None, "")}
    athlete = store.get_or_create_athlete(job.athlete, **given)
    missing = {key: value for key, value in given.items() if getattr(athlete, key) in (None, "")}
    if missing:
        store.update_athlete(athlete.id, **missing)
    return store.save_analysis(athlete.id, analysis, keep_video=keep_video, content_key=key)
