"""The ``screening`` command line.

Every analysis setting of :class:`~screening.config.Settings` is also an option, generated
from the model so the two cannot drift. Errors print one line and exit non-zero.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import traceback
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from screening import __version__
from screening.errors import (
    InputFileError,
    InsufficientDataError,
    OutputError,
    ScreeningError,
    UsageError,
    WrongViewError,
)
from screening.protocols.recognition import MIN_REP_S

if TYPE_CHECKING:
    from screening.model.analysis import Analysis

os.environ.setdefault("GLOG_minloglevel", "2")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def _add_settings_options(parser: argparse.ArgumentParser) -> None:
    """Add one ``--option`` per field of :class:`Settings`."""
    from screening.config import Settings

    group = parser.add_argument_group("analysis settings (defaults from the config file)")
    group.add_argument("--config", type=Path, help="TOML settings file (see screening/default_config.toml)")
    for name, field in Settings.model_fields.items():
        flag = "--" + name.replace("_", "-")
        if field.annotation is bool:
            group.add_argument(flag, dest=name, action=argparse.BooleanOptionalAction, default=None,
                               help=field.description)
        else:
            kind = Path if name.endswith("_path") else field.annotation
            group.add_argument(flag, dest=name, type=kind, default=None,  # type: ignore[arg-type]
                               help=f"{field.description} (default {field.default})")


def _settings(args: argparse.Namespace):  # noqa: ANN202 - returns Settings, imported lazily
    from screening.config import Settings, load_settings

    overrides = {name: getattr(args, name, None) for name in Settings.model_fields}
    return load_settings(args.config, **overrides)


def _progress_bar(total_clips: int) -> Callable[[int, int, int], None]:
    """Return an ``on_progress`` callback that draws a tqdm bar per clip on stderr."""
    from tqdm import tqdm

    bars: dict[int, tqdm] = {}

    def update(clip: int, done: int, total: int) -> None:
        if clip not in bars:
            for bar in bars.values():
                bar.close()
            bars[clip] = tqdm(total=total or None, unit="frame", desc=f"clip {clip + 1}/{total_clips}",
                              disable=not sys.stderr.isatty(), leave=False)
        bar = bars[clip]
        if total and bar.total != total:
            bar.total = total
        bar.update(done - bar.n)

    return update


def cmd_analyze(args: argparse.Namespace) -> int:
    """Analyse clips and write angles.csv, summary.json, annotated videos and landmarks to ``--out``."""
    from screening.io.exports import export_clip, parse_formats
    from screening.io.npz import save_series
    from screening.model.profile import AthleteProfile
    from screening.pipeline import analyze
    from screening.report.render import render_clip_video
    from screening.report.tables import angles_csv, summary_json, write_atomically

    settings = _settings(args)
    exports = parse_formats(args.export) if args.export else ()
    inputs = [Path(p) for p in args.inputs]
    _check_sides(args.side, inputs)
    _check_distinct_names(inputs)
    out = Path(args.out)
    staging, created = _make_staging(out)
    profile = AthleteProfile(birth_year=args.birth_year, sex=args.sex or "", height_cm=args.height_cm)
    try:  # everything goes to a hidden staging folder first; only a complete set is moved into --out
        analysis = analyze(
            inputs, settings, args.protocol, profile, args.side,
            on_progress=_progress_bar(len(inputs)), video_dir=None if args.no_video else staging,
            render_video=render_clip_video,
        )
        try:
            write_atomically(staging / "angles.csv", angles_csv(analysis))
            write_atomically(staging / "summary.json", summary_json(analysis))
            for clip in analysis.clips:
                save_series(clip.raw, staging / f"{Path(clip.name).stem}_landmarks.npz")
                export_clip(clip, staging, exports)
            if args.pdf:
                from screening.report.pdf import write_pdf

                write_pdf(analysis, staging / "report.pdf", athlete_name=args.athlete or "")
        except OSError as error:
            raise OutputError(f"Expected to write the results to '{out}', but could not: {_reason(error)}.") from error
        if args.athlete:
            from screening.store import save_analysis_for

            save_analysis_for(args.athlete, analysis, keep_video=args.keep_video)
        _publish(staging, out, analysis)
    except OutputError as error:  # name --out, not the staging folder, in the message
        raise OutputError(f"Expected to write the results to '{out}', but could not: {_reason(error)}.",
                          hint=error.hint) from error
    finally:
        _discard(staging, out if created else None)
    _print_findings(analysis)
    print(f"Results written to {out}")
    _check_screen(analysis)
    return 0


def _reason(error: BaseException) -> str:
    """Return the operating system's reason ("No space left on device") behind ``error``, or its text."""
    while error.__cause__ is not None and not isinstance(error, OSError):
        error = error.__cause__
    return (error.strerror if isinstance(error, OSError) and error.strerror else str(error)).rstrip(".")


def _check_sides(sides: list[str] | None, inputs: list[Path]) -> None:
    """Raise :class:`UsageError` unless ``--side`` is absent or given once per input."""
    if sides and len(sides) != len(inputs):
        raise UsageError(f"Expected --side once per input ({len(inputs)} input{'s' if len(inputs) > 1 else ''}), but "
                         f"got it {len(sides)} times ({', '.join(sides)}).",
                         hint="Give one --side per input, in the order of the inputs, or none.")


def _check_athlete_name(args: argparse.Namespace) -> None:
    """Raise :class:`UsageError` if an athlete name given on the command line is empty or holds control characters."""
    name = getattr(args, "athlete", None)
    if name is None:
        return
    from screening.store.records import name_problem

    problem = name_problem(name)
    if problem is not None:
        raise UsageError(f"Expected an athlete name or code of printable characters, but {problem}: "
                         f"{ascii(name)[:80]}.", hint='Give the name as it should appear in the history, e.g. '
                                                      '--athlete "A-017".')


def _check_distinct_names(inputs: list[Path]) -> None:
    """Raise :class:`InputFileError` if two inputs would write outputs of the same name."""
    stems = [path.stem for path in inputs]
    twice = sorted({stem for stem in stems if stems.count(stem) > 1})
    if twice:
        raise InputFileError(f"Expected inputs with different file names, but '{twice[0]}' is given more than once.",
                             hint="Rename one of the files; their results would overwrite each other.")


def _make_staging(out: Path) -> tuple[Path, bool]:
    """Create ``out`` if needed and a hidden staging folder in it; return the folder and whether ``out`` was new.

    Staging folders that killed runs left in ``out`` are finished or removed first (see
    :func:`screening.staging.sweep_staging`).
    """
    from screening.staging import new_staging, sweep_staging

    created = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
        sweep_staging(out)
        return new_staging(out), created
    except FileExistsError as error:
        raise OutputError(f"Expected --out '{out}' to be a folder, but it is a file.",
                          hint="Choose another --out folder.") from error
    except OSError as error:
        raise OutputError(f"Expected to create the output folder '{out}', but could not: {error.strerror or error}.") \
            from error


def _publish(staging: Path, out: Path, analysis) -> None:  # noqa: ANN001
    """Move every file from ``staging`` into ``out`` (same file system: renames; a killed move is finished later)."""
    from screening.staging import publish

    try:
        publish(staging, out)
    except OSError as error:
        raise OutputError(f"Expected to move the results into '{out}', but could not: {error.strerror or error}.") \
            from error
    for clip in analysis.clips:
        if clip.annotated_video is not None:
            clip.annotated_video = out / clip.annotated_video.name


def _discard(staging: Path, new_out: Path | None) -> None:
    """Delete ``staging`` with whatever is left in it, and ``new_out`` if this run created it and it is empty."""
    shutil.rmtree(staging, ignore_errors=True)
    if new_out is not None and new_out.is_dir() and not any(new_out.iterdir()):
        new_out.rmdir()


def _check_screen(analysis) -> None:  # noqa: ANN001
    """Raise when the protocol could not screen the clips; their results are written (flagged) by then."""
    from screening.protocols.base import get_protocol

    if analysis.result is None:
        return
    unrecognised = [clip for clip in analysis.clips
                    if clip.clip is not None and clip.clip.movement is not None and not clip.clip.movement.ok]
    still_pose = get_protocol(analysis.protocol).spec.still_pose
    if unrecognised and not still_pose and all(_duration_s(c.series) < MIN_REP_S for c in unrecognised):
        clips = ", ".join(f"'{c.name}' ({_frames(c.series)}, {_duration_s(c.series):.2f} s)" for c in unrecognised)
        what = "a photo holds no movement" if all(c.series.attrs.get("source_kind") == "photo" for c in unrecognised) \
            else "too short to hold one repetition"
        raise InsufficientDataError(f"Expected {analysis.protocol} to measure a movement, but {clips} gave no "
                                    f"findings ({what}).",
                                    hint="Only the angles were written. Film the whole movement, with the whole body "
                                         "in view, as `screening protocols` describes.")
    wrong = [clip for clip in analysis.clips if clip.clip is not None and not clip.clip.view.ok]
    if wrong:
        details = "; ".join(f"'{c.name}' ({c.clip.view.expected} view expected): {c.clip.view.reason}"
                            + (f"; and {c.clip.movement.reason}" if c.clip.movement and not c.clip.movement.ok else "")
                            for c in wrong)
        raise WrongViewError(f"Expected clips filmed as {analysis.protocol} needs, but for {details}.",
                             hint="The results were written, flagged invalid. Film again as `screening protocols` "
                                  "describes.")
    if unrecognised:
        details = "; ".join(f"'{c.name}': {c.clip.movement.reason}" for c in unrecognised)
        raise WrongViewError(f"Expected clips showing the {analysis.protocol} movement, but for {details}.",
                             hint="Nothing was measured in them. Film again as `screening protocols` describes.")
    if not analysis.result.findings:
        clips = ", ".join(f"'{c.name}' ({_frames(c.series)}, {_duration_s(c.series):.2f} s)" for c in analysis.clips)
        notes = f" ({' '.join(analysis.result.notes)})" if analysis.result.notes else ""
        raise InsufficientDataError(f"Expected {analysis.protocol} to measure a movement, but {clips} gave no "
                                    f"findings{notes}.",
                                    hint="Only the angles were written. Film the whole movement, with the whole body "
                                         "in view, as `screening protocols` describes.")


def _frames(series) -> str:  # noqa: ANN001
    """Return "1 frame" or "N frames" for ``series``."""
    count = int(series.sizes["time"])
    return f"{count} frame" if count == 1 else f"{count} frames"


def _duration_s(series) -> float:  # noqa: ANN001
    """Return the time from the first to the last frame of ``series`` (s)."""
    time_s = series["time"].values
    return float(time_s[-1] - time_s[0]) if len(time_s) else 0.0


def _print_findings(analysis: Analysis) -> None:
    """Print one line per finding, in the PDF's and the page's order and wording (:mod:`screening.present`)."""
    from screening.present.findings import finding_line, sorted_findings

    if analysis.result is None:
        return
    for finding in sorted_findings(analysis.result.findings):
        print(finding_line(finding))


def cmd_protocols(args: argparse.Namespace) -> int:
    """List the protocols with a one-line set-up hint each."""
    from screening.protocols import registry  # noqa: F401
    from screening.protocols.base import list_protocols

    for spec in list_protocols():
        print(f"{spec.name:18} {spec.title} — {spec.hint}")
    return 0


def cmd_live(args: argparse.Namespace) -> int:
    """Show the webcam with skeleton and angles in a window."""
    from screening.live import run_live_window

    return run_live_window(args.camera, _settings(args), args.protocol, args.seconds)


def cmd_batch(args: argparse.Namespace) -> int:
    """Analyse a folder or manifest of clips for a team: resumable, in parallel, saved to the history."""
    from screening.batch.plan import plan_batch
    from screening.batch.run import run_batch
    from screening.batch.runners import make_runner
    from screening.batch.team import write_team_csv, write_team_pdf
    from screening.store import open_store

    plan = plan_batch(Path(args.source))
    for problem in plan.problems:
        print(f"skipped {problem.where}: {problem.message}", file=sys.stderr)
    stop_after = os.environ.get("SCREENING_BATCH_STOP_AFTER")  # for tests of resuming
    out = Path(args.out)
    with open_store(args.db_url, args.data_dir) as store:
        address = args.ray if args.ray != "local" else None
        try:
            with make_runner(args.workers, address, use_ray=args.ray is not None) as runner:
                report = run_batch(plan, _settings(args), out, store, runner, video=args.video,
                                   keep_video=args.keep_video, show_progress=sys.stderr.isatty(),
                                   stop_after_jobs=int(stop_after) if stop_after else None)
        except KeyboardInterrupt:
            print("error: interrupted; finished jobs are saved. Run the same command again to do the rest.",
                  file=sys.stderr)
            return 130
    write_team_csv(report, out / "team_summary.csv")
    write_team_pdf(report, out / "team_summary.pdf")
    failed = report.with_status("failed")
    print(f"{len(report.with_status('done'))} analysed ({report.clips_analysed} clips, {report.wall_s:.0f} s, "
          f"{report.backend}), {len(report.with_status('skipped'))} already done, {len(failed)} failed, "
          f"{len(plan.problems)} not readable.")
    for item in failed:
        print(f"  failed: {item.job.label}: {item.error}")
    print(f"Team summary: {out / 'team_summary.csv'} and {out / 'team_summary.pdf'}")
    return 0 if not failed and not plan.problems else 1


def cmd_serve(args: argparse.Namespace) -> int:
    """Start the dashboard: on localhost, or with --lan over HTTPS with a passcode."""
    from screening.serve import plan, run
    from screening.store.paths import resolve_data_dir

    if args.passcode and not args.lan:
        raise ScreeningError("Expected --passcode together with --lan, but --lan is missing; on this computer "
                             "alone (localhost) no passcode is asked.")
    folder = resolve_data_dir(args.data_dir) / "https"
    return run(plan(args.lan, args.port, folder, args.passcode, bind=args.bind))


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with all subcommands."""
    parser = argparse.ArgumentParser(prog="screening",
                                     description="Movement screening from video. Screens, never diagnoses.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    analyze = commands.add_parser("analyze", help="analyse videos or photos of one screen")
    analyze.add_argument("inputs", nargs="+", help="video, photo or saved _landmarks.npz files (e.g. one per side)")
    analyze.add_argument("--out", required=True, type=Path, help="output folder")
    analyze.add_argument("--protocol", help="screen to evaluate (see `screening protocols`)")
    analyze.add_argument("--side", action="append", choices=["left", "right"],
                         help="side tested in each input, in order (repeat per input)")
    analyze.add_argument("--athlete", help="save to this athlete's history")
    analyze.add_argument("--keep-video", action="store_true", help="with --athlete, keep the videos too")
    analyze.add_argument("--height-cm", type=float, help="the person's height, for centimetres in posture")
    analyze.add_argument("--sex", choices=["female", "male"], help="for sex-specific norms")
    analyze.add_argument("--birth-year", type=int, help="for age-specific norms")
    analyze.add_argument("--no-video", action="store_true", help="skip the annotated video")
    analyze.add_argument("--pdf", action="store_true", help="also write report.pdf")
    analyze.add_argument("--export", metavar="FORMATS",
                         help="also write each clip as netcdf (movement), trc (OpenSim markers) and/or mot (angles), "
                              "comma-separated, e.g. netcdf,trc,mot")
    _add_settings_options(analyze)
    analyze.set_defaults(handler=cmd_analyze)

    protocols = commands.add_parser("protocols", help="list the screens and how to film them")
    protocols.set_defaults(handler=cmd_protocols)

    live = commands.add_parser("live", help="live webcam view with skeleton and angles")
    live.add_argument("--camera", default="0", help="webcam index or stream URL (default 0)")
    live.add_argument("--protocol", help="show this screen's angles")
    live.add_argument("--seconds", type=float, default=3600.0, help="stop after this many seconds")
    _add_settings_options(live)
    live.set_defaults(handler=cmd_live)

    batch = commands.add_parser("batch", help="analyse a team's clips: a folder or a manifest CSV (see docs/batch.md)")
    batch.add_argument("source", help="folder of ATHLETE__PROTOCOL[__SIDE].mp4 clips, or a manifest .csv")
    batch.add_argument("--out", required=True, type=Path, help="output folder (ledger, per-job files, team summary)")
    batch.add_argument("--workers", type=int, help="local worker processes (default: one per CPU; 0: in this process)")
    batch.add_argument("--ray", nargs="?", const="local", metavar="ADDRESS",
                       help="run on Ray: a local instance, or the cluster at ADDRESS (pip install ray)")
    batch.add_argument("--video", action="store_true", help="also write annotated videos (slower)")
    batch.add_argument("--keep-video", action="store_true", help="keep the videos in the history store too")
    batch.add_argument("--db-url", help="database URL (default: $SCREENING_DB_URL, else SQLite in the data folder)")
    batch.add_argument("--data-dir", type=Path, help="data folder (default: $SCREENING_DATA_DIR, else the user's)")
    _add_settings_options(batch)
    batch.set_defaults(handler=cmd_batch)

    serve = commands.add_parser("serve", help="start the dashboard (localhost; --lan: HTTPS with a passcode)")
    serve.add_argument("--lan", action="store_true",
                       help="also serve phones on the local network: HTTPS (self-signed, made here) and a passcode")
    serve.add_argument("--port", type=int, default=8501, help="port (default 8501)")
    serve.add_argument("--passcode", help="with --lan: the passcode (default: a random 8-digit one, printed)")
    serve.add_argument("--data-dir", type=Path, help="data folder for the certificate (default: the user's)")
    serve.add_argument("--bind", help="with --lan: the address to listen on (default 0.0.0.0, every interface)")
    serve.set_defaults(handler=cmd_serve)

    from screening.cli_history import add_store_commands

    add_store_commands(commands)  # athletes, history, export, delete
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code (0 success, ≥ 2 a clear error, 1 an unexpected one).

    Files the command writes are owner-only (umask 077): they hold a person's data.
    """
    from screening.private import use_private_umask

    args = build_parser().parse_args(argv)
    previous_umask = use_private_umask()
    try:
        return _run(args)
    finally:
        os.umask(previous_umask)


def _run(args: argparse.Namespace) -> int:
    """Run the parsed command; turn every error into one line on stderr and an exit code."""
    _printable_stdout()
    if _stderr_is_the_terminal():
        from screening.pose.quiet import route_native_stderr_away

        route_native_stderr_away()
    try:
        with warnings.catch_warnings():
            if not os.environ.get("SCREENING_DEBUG"):  # numpy's "Mean of empty slice" etc. are not for users
                warnings.simplefilter("ignore", RuntimeWarning)
            _check_athlete_name(args)
            code = int(args.handler(args))
            sys.stdout.flush()  # a closed pipe shows here, not at exit
            return code
    except BrokenPipeError:  # `screening history A | head -1`: the reader has all it wants
        _silence_stdout()
        return PIPE_CLOSED_EXIT
    except ScreeningError as error:
        if os.environ.get("SCREENING_DEBUG"):
            traceback.print_exc()
        print(f"error: {error.one_line()}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("error: interrupted; nothing was saved for the unfinished analysis.", file=sys.stderr)
        return 130
    except MemoryError:
        print("error: out of memory; try a shorter or lower-resolution clip.", file=sys.stderr)
        return 1
    except Exception as error:  # the last line of defence: one readable line, not a traceback
        if os.environ.get("SCREENING_DEBUG"):
            raise
        text = str(error).replace("\n", " ").strip()
        print(f"error: unexpected {type(error).__name__}: {text} (set SCREENING_DEBUG=1 for details; "
              "please report it)", file=sys.stderr)
        return 1


PIPE_CLOSED_EXIT = 141  # what a shell shows for a program ended by SIGPIPE (128 + 13), without the signal


def _printable_stdout() -> None:
    """Let stdout print paths that are not UTF-8 (shown with backslash escapes) instead of failing."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(ValueError, OSError):
            reconfigure(errors="backslashreplace")


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the flush at exit does not fail again on the closed pipe."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _stderr_is_the_terminal() -> bool:
    """Return True when ``sys.stderr`` writes to file descriptor 2 (not a test's or caller's capture)."""
    try:
        return sys.stderr.fileno() == 2
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is an OSError and a ValueError
        return False


if __name__ == "__main__":
    sys.exit(main())
