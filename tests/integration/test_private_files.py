"""Files holding a person's data are readable by their owner only, whatever the user's umask."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from screening.private import open_private
from tests.unit.source.media import person_frames, write_video


def _modes(root: Path) -> dict[str, str]:
    return {str(path.relative_to(root)): oct(stat.S_IMODE(path.stat().st_mode)) for path in [root, *root.rglob("*")]}


def test_no_file_with_a_persons_data_is_readable_by_other_users(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    clip = write_video(tmp_path / "in" / "clip.mp4", list(person_frames()[:45]))
    env = {**os.environ, "SCREENING_DATA_DIR": str(tmp_path / "data")}
    env.pop("SCREENING_DB_URL", None)

    def run(*argv: str) -> None:
        done = subprocess.run([sys.executable, "-m", "screening", *argv], capture_output=True, text=True, env=env,
                              timeout=600, preexec_fn=lambda: os.umask(0o022))  # a usual, permissive umask
        assert done.returncode == 0, done.stderr

    run("analyze", str(clip), "--out", str(tmp_path / "out"), "--athlete", "A-1", "--pdf", "--keep-video")
    run("export", "A-1", "--out", str(tmp_path / "export" / "a1.zip"))
    written = {**_modes(tmp_path / "out"), **_modes(tmp_path / "data"), **_modes(tmp_path / "export")}
    assert {".", "clip_annotated.mp4", "clip_landmarks.npz", "angles.csv", "summary.json", "report.pdf",
            "a1.zip", "history.sqlite3"} <= {Path(p).name or p for p in written}
    assert any(p.endswith("01_clip_source.mp4") for p in written)
    open_to_others = {path: mode for path, mode in written.items() if int(mode, 8) & 0o077}
    assert open_to_others == {}


def test_open_private_makes_an_existing_file_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "x.npz"
    path.write_bytes(b"old")
    path.chmod(0o644)
    with open_private(path) as handle:
        handle.write(b"new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and path.read_bytes() == b"new"
