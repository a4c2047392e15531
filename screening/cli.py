"""The ``screening`` command line.

Every analysis setting of :class:`~screening.config.Settings` is also an option, generated
from the model so the two cannot drift. Errors print one line and exit non-zero.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from screening import __version__
from screening.errors import ScreeningError

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
    from screening.pipeline import analyze
    from screening.protocols.base import AthleteProfile
    from screening.report.tables import angles_csv, summary_json, write_atomically
    from screening.series import save_series

    settings = _settings(args)
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ScreeningError(f"Expected to create the output folder '{out}', but could not: {error.strerror}") from error
    profile = AthleteProfile(birth_year=args.birth_year, sex=args.sex or "", height_cm=args.height_cm)
    analysis = analyze(
        [Path(p) for p in args.inputs], settings, args.protocol, profile, args.side,
        on_progress=_progress_bar(len(args.inputs)), video_dir=None if args.no_video else out,
    )
    write_atomically(out / "angles.csv", angles_csv(analysis))
    write_atomically(out / "summary.json", summary_json(analysis))
    for clip in analysis.clips:
        save_series(clip.raw, out / f"{Path(clip.name).stem}_landmarks.npz")
    if args.pdf:
        from screening.report.pdf import write_pdf

        write_pdf(analysis, out / "report.pdf")
    if args.athlete:
        from screening.store import save_analysis_for

        save_analysis_for(args.athlete, analysis, keep_video=args.keep_video)
    _print_findings(analysis)
    print(f"Results written to {out}")
    return 0


def _print_findings(analysis) -> None:  # noqa: ANN001
    """Print one line per finding."""
    if analysis.result is None:
        return
    for finding in analysis.result.findings:
        value = "" if finding.value is None else f"{finding.value:g} {finding.unit}"
        print(f"[{finding.severity:7}] {finding.label or finding.metric}: {value} (confidence {finding.confidence})")


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


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with all subcommands."""
    parser = argparse.ArgumentParser(prog="screening", description="Movement screening from video. Screens, never diagnoses.")
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

    from screening.store.commands import add_store_commands

    add_store_commands(commands)  # athletes, history, export, delete
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code (0 success, ≥ 2 a clear error, 1 an unexpected one)."""
    args = build_parser().parse_args(argv)
    from screening.pose.quiet import route_native_stderr_away

    route_native_stderr_away()
    try:
        return int(args.handler(args))
    except ScreeningError as error:
        print(f"error: {error.one_line()}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("error: interrupted; nothing was saved for the unfinished clip.", file=sys.stderr)
        return 130
    except MemoryError:
        print("error: out of memory; try a shorter or lower-resolution clip.", file=sys.stderr)
        return 1
    except Exception as error:  # the last line of defence: one readable line, not a traceback
        if os.environ.get("SCREENING_DEBUG"):
            raise
        print(f"error: unexpected {type(error).__name__}: {error} (set SCREENING_DEBUG=1 for details; "
              "please report it)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
