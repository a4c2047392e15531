"""The driver on saved landmark files, in this process: grouping, errors, store, ledger, resuming."""

from __future__ import annotations

from pathlib import Path

import pytest

from screening.batch import worker
from screening.batch.ledger import LEDGER_NAME, Ledger
from screening.batch.plan import plan_batch
from screening.batch.run import BatchReport, run_batch
from screening.batch.runners import InProcessRunner
from screening.batch.team import team_table, write_team_csv, write_team_pdf
from screening.config import load_settings
from screening.store import open_store


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the clips the workers are given (file names, in order)."""
    seen: list[str] = []
    real = worker.extract_clip

    def counting(task: worker.ClipTask) -> worker.ClipOutcome:
        seen.append(task.path.name)
        return real(task)

    monkeypatch.setattr(worker, "extract_clip", counting)
    return seen


def run(manifest: Path, out: Path, **options: object) -> BatchReport:
    with open_store() as store:
        return run_batch(plan_batch(manifest), load_settings(), out, store, InProcessRunner(), show_progress=False,
                         echo=lambda _: None, **options)  # type: ignore[arg-type]


def test_good_jobs_are_saved_and_bad_ones_listed(manifest: Path, tmp_path: Path, calls: list[str]) -> None:
    report = run(manifest, tmp_path / "out")
    assert {r.job.athlete: r.status for r in report.jobs} == {"Anna": "done", "Ben": "done", "Cleo": "failed"}
    assert "c.npz: Expected a landmark series" in report.with_status("failed")[0].error
    assert report.clips_analysed == 3
    with open_store() as store:
        anna = store.require_athlete("anna")
        sessions = store.list_sessions(anna.id)
        assert [c.source_name for c in sessions[0].clips] == ["a_left.mp4", "a_right.mp4"]  # one analysis, 2 clips
        assert [a.name for a in store.list_athletes()] == ["Anna", "Ben"]
    table = team_table(report)
    assert list(table["athlete"]) == ["Anna", "Ben", "Cleo"]
    assert "Expected a landmark series" in table.loc[2, "failed"]
    assert write_team_pdf(report, tmp_path / "team.pdf").read_bytes().startswith(b"%PDF")
    assert write_team_csv(report, tmp_path / "team.csv").read_text(encoding="utf-8-sig").startswith("athlete,")


def test_second_run_skips_done_jobs_and_redoes_failed_ones(manifest: Path, tmp_path: Path, calls: list[str]) -> None:
    run(manifest, tmp_path / "out")
    calls.clear()
    again = run(manifest, tmp_path / "out")
    assert calls == ["c.npz"]
    assert {r.job.athlete: r.status for r in again.jobs} == {"Anna": "skipped", "Ben": "skipped", "Cleo": "failed"}
    assert [r.summary is not None for r in again.with_status("skipped")] == [True, True]
    with open_store() as store:
        assert sum(a.session_count for a in store.list_athletes()) == 2  # nothing saved twice


def test_interrupted_run_resumes_with_the_rest_only(manifest: Path, tmp_path: Path, calls: list[str]) -> None:
    with pytest.raises(KeyboardInterrupt):
        run(manifest, tmp_path / "out", stop_after_jobs=1)
    assert calls == ["a_left.npz", "a_right.npz"]
    calls.clear()
    resumed = run(manifest, tmp_path / "out")
    assert calls == ["b.npz", "c.npz"]
    assert [r.status for r in resumed.jobs] == ["skipped", "done", "failed"]
    entries = {e.athlete: e for e in Ledger(tmp_path / "out" / LEDGER_NAME).entries()}
    assert (entries["Anna"].run, entries["Ben"].run, entries["Cleo"].run) == (1, 2, 2)


def test_changed_settings_redo_everything(manifest: Path, tmp_path: Path, calls: list[str]) -> None:
    run(manifest, tmp_path / "out")
    calls.clear()
    with open_store() as store:
        run_batch(plan_batch(manifest), load_settings(cutoff_hz=8.0), tmp_path / "out", store, InProcessRunner(),
                  show_progress=False, echo=lambda _: None)
    assert sorted(calls) == ["a_left.npz", "a_right.npz", "b.npz", "c.npz"]
