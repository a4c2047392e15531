"""What killed runs leave in ``--out`` is finished or removed by the next run (screening.staging)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from screening import staging


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _folder(out: Path, name: str, files: dict[str, bytes], marked: bool = False, age_s: float = 0.0) -> Path:
    folder = out / name
    folder.mkdir(parents=True)
    for file_name, data in files.items():
        (folder / file_name).write_bytes(data)
    if marked:
        (folder / staging.PUBLISHING_MARK).touch()
    if age_s:
        past = time.time() - age_s
        os.utime(folder, (past, past))
    return folder


def test_the_next_run_removes_dead_runs_folders_and_finishes_interrupted_moves(tmp_path: Path) -> None:
    out, host, dead = tmp_path / "out", staging._host(), _dead_pid()
    killed_writing = _folder(out, f".partial-{host}-{dead}-aaaa", {"clip_annotated.mp4": b"video of a person"})
    killed_moving = _folder(out, f".partial-{host}-{dead}-bbbb", {"summary.json": b"{}", "zz.csv": b"1"}, marked=True)
    (out / "angles.csv").write_bytes(b"moved before the kill")
    running = _folder(out, f".partial-{host}-{os.getpid()}-cccc", {"x.npz": b"in progress"})
    other_host = _folder(out, f".partial-otherbox-{dead}-dddd", {"x.npz": b"?"})
    legacy_old = _folder(out, ".partial-k2j3h4", {"x.npz": b"old"}, age_s=3600)
    legacy_new = _folder(out, ".partial-q9w8e7", {"x.npz": b"new"})

    handled = staging.sweep_staging(out)

    assert sorted(handled) == sorted([killed_writing, killed_moving, legacy_old])
    assert not killed_writing.exists() and not killed_moving.exists() and not legacy_old.exists()
    assert (out / "summary.json").read_bytes() == b"{}" and (out / "zz.csv").read_bytes() == b"1"
    assert running.exists() and other_host.exists() and legacy_new.exists()


def test_publish_marks_the_folder_then_moves_every_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    folder = staging.new_staging(out)
    assert folder.name.startswith(f".partial-{staging.owner_tag()}-") and oct(folder.stat().st_mode)[-3:] == "700"
    (folder / "a.csv").write_bytes(b"a")
    (folder / "b.json").write_bytes(b"b")
    staging.publish(folder, out)
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == ["a.csv", "b.json"]
    assert [p.name for p in folder.iterdir()] == [staging.PUBLISHING_MARK]


def test_temporary_files_of_dead_writers_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    from screening.report.tables import write_atomically

    jobs, host = tmp_path / "jobs" / "A__squat__123", staging._host()
    jobs.mkdir(parents=True)
    dead = jobs / f".summary.json.{host}-{_dead_pid()}-x1y2.partial"
    live = jobs / f".angles.csv.{staging.owner_tag()}-z3w4.partial"
    dead.write_bytes(b"half")
    live.write_bytes(b"half")
    write_atomically(jobs / "done.json", b"{}")
    assert staging.sweep_partial_files(tmp_path / "jobs") == [dead]
    assert live.exists() and (jobs / "done.json").exists() and not dead.exists()
