"""The history subcommands of the ``screening`` CLI: ``athletes``, ``history``, ``export``, ``delete``.

:func:`add_store_commands` registers them on the CLI's subparsers. Nothing heavy is imported
until a command runs, so ``screening --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from screening.errors import ScreeningError

if TYPE_CHECKING:
    import pandas as pd

    from screening.store.store import Store



def add_store_commands(commands: argparse._SubParsersAction) -> None:
    """Add the history subcommands to the CLI's subparsers."""
    athletes = commands.add_parser("athletes", help="list the athletes in the history")
    _add_store_options(athletes)
    athletes.set_defaults(handler=cmd_athletes)

    history = commands.add_parser("history", help="an athlete's sessions and trends")
    history.add_argument("athlete", help="athlete name or code (or numeric id)")
    history.add_argument("--csv", type=Path, help="also write the trends table to this CSV file")
    _add_store_options(history)
    history.set_defaults(handler=cmd_history)

    export = commands.add_parser("export", help="export all of an athlete's data as one zip")
    export.add_argument("athlete", help="athlete name or code (or numeric id)")
    export.add_argument("--out", required=True, type=Path, help="the zip file to write")
    _add_store_options(export)
    export.set_defaults(handler=cmd_export)

    delete = commands.add_parser("delete", help="delete an athlete with all their sessions and files")
    delete.add_argument("athlete", help="athlete name or code (or numeric id)")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    _add_store_options(delete)
    delete.set_defaults(handler=cmd_delete)


def _add_store_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--db-url`` and ``--data-dir`` (defaults: SCREENING_DB_URL, SCREENING_DATA_DIR, user data folder)."""
    group = parser.add_argument_group("history database")
    group.add_argument("--db-url", help="database URL (default: $SCREENING_DB_URL, else SQLite in the data folder)")
    group.add_argument("--data-dir", type=Path, help="data folder (default: $SCREENING_DATA_DIR, else the user's)")


def _open(args: argparse.Namespace) -> Store:
    from screening.store import open_store

    return open_store(args.db_url, args.data_dir)


def cmd_athletes(args: argparse.Namespace) -> int:
    """Print one line per athlete: id, name, number of sessions, last session date."""
    with _open(args) as store:
        athletes = store.list_athletes()
    if not athletes:
        print("No athletes yet. Save one with `screening analyze ... --athlete NAME`.")
        return 0
    print(f"{'id':>4}  {'name':30} {'sessions':>8}  last session")
    for athlete in athletes:
        last = f"{athlete.last_session_at:%Y-%m-%d %H:%M} UTC" if athlete.last_session_at else "-"
        print(f"{athlete.id:>4}  {athlete.name:30} {athlete.session_count:>8}  {last}")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    """Print an athlete's sessions, then per metric and side the change vs previous and first session."""
    import pandas as pd

    with _open(args) as store:
        athlete = store.require_athlete(args.athlete)
        sessions = store.list_sessions(athlete.id)
        trends = store.trends(athlete.id)
    print(f"{athlete.name} (id {athlete.id}): {len(sessions)} session(s)")
    for session in sessions:
        sources = ", ".join(c.source_name for c in session.clips)
        print(f"  #{session.id}  {session.recorded_at:%Y-%m-%d %H:%M} UTC  {session.protocol or '-':18} "
              f"{session.finding_count} findings, {session.flagged_count} flagged  [{sources}]")
    if trends.empty:
        print("No measured values yet.")
    else:
        with pd.option_context("display.width", 200, "display.max_rows", 1000):
            print(_trend_lines(trends).to_string(index=False))
        print("(changes within the typical error may be measurement noise; see docs/store.md)")
    if args.csv:
        from screening.report.tables import write_atomically

        write_atomically(args.csv, trends.to_csv(index=False).encode("utf-8"))
        print(f"Trends written to {args.csv}")
    return 0


def _trend_lines(trends: pd.DataFrame) -> pd.DataFrame:
    """Return the trends as short printable columns: date, metric, side, value, changes and a verdict."""
    import pandas as pd

    def signed(value: float) -> str:
        return "" if pd.isna(value) else f"{value:+.1f}"

    def verdict(row: pd.Series) -> str:
        if pd.isna(row["change_vs_previous"]):
            return "baseline"
        if pd.isna(row["typical_error"]):
            return "typical error unknown"
        real = "real change" if row["change_is_real"] else f"within ±{row['typical_error']:.1f}"
        return real + (", real vs first" if row["baseline_change_is_real"] else "")

    return pd.DataFrame({
        "date": trends["recorded_at"].dt.strftime("%Y-%m-%d"), "protocol": trends["protocol"],
        "metric": trends["metric"], "side": trends["side"],
        "value": [f"{v:.1f} {u}".strip() for v, u in zip(trends["value"], trends["unit"], strict=True)],
        "vs previous": trends["change_vs_previous"].map(signed), "vs first": trends["change_vs_baseline"].map(signed),
        "change": trends.apply(verdict, axis=1),
    })


def cmd_export(args: argparse.Namespace) -> int:
    """Write all of an athlete's data to one zip."""
    with _open(args) as store:
        athlete = store.require_athlete(args.athlete)
        path = store.export_athlete(athlete.id, args.out)
    print(f"Exported {athlete.name} to {path}")
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    """Delete an athlete and all their data, after confirmation (or with ``--yes``)."""
    with _open(args) as store:
        athlete = store.require_athlete(args.athlete)
        if not args.yes and not _confirmed(athlete.name, athlete.session_count):
            print("Nothing deleted.")
            return 1
        store.delete_athlete(athlete.id)
    print(f"Deleted {athlete.name} with {athlete.session_count} session(s) and their files.")
    return 0


def _confirmed(name: str, sessions: int) -> bool:
    """Ask on the terminal; refuse (raise) when there is no terminal to ask on."""
    if sys.stdin is None or not sys.stdin.isatty():
        raise ScreeningError(f"Expected --yes to delete {name!r} without a terminal to confirm on, "
                             "but got neither; nothing was deleted.")
    try:
        answer = input(f"Delete {name!r} with {sessions} session(s), their landmark files and videos? "
                       "This cannot be undone. [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")
