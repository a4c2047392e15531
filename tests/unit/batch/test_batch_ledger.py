from __future__ import annotations

from pathlib import Path

from screening.batch.ledger import Ledger, job_key, settings_sha256
from screening.batch.plan import ClipEntry, Job
from screening.config import load_settings
from screening.model.profile import AthleteProfile

JOB = Job("Anna", "overhead_reach", (ClipEntry(Path("l.mp4"), "left"), ClipEntry(Path("r.mp4"), "right")))
HASHES = ["a" * 64, "b" * 64]


def key(job: Job = JOB, hashes: list[str] = HASHES, model: str = "m", settings: str = "s") -> str:
    return job_key(job, hashes, model, settings)


def test_key_changes_with_everything_that_changes_results() -> None:
    base = key()
    assert key(Job(" anna ".strip().upper(), JOB.protocol, JOB.clips)) == base  # athlete case is ignored
    changed = [
        key(hashes=["c" * 64, "b" * 64]), key(hashes=list(reversed(HASHES))), key(model="other"),
        key(settings="other"), key(Job("Ben", JOB.protocol, JOB.clips)), key(Job("Anna", "squat", JOB.clips)),
        key(Job("Anna", JOB.protocol, (ClipEntry(Path("l.mp4")), JOB.clips[1]))),
        key(Job("Anna", JOB.protocol, JOB.clips, AthleteProfile(birth_year=1990))),
    ]
    assert base not in changed
    assert len(set(changed)) == len(changed)


def test_settings_digest_ignores_model_path_and_video_but_not_thresholds(tmp_path: Path) -> None:
    settings = load_settings()
    same = settings.model_copy(update={"annotate_video": not settings.annotate_video, "model_path": tmp_path,
                                       "max_file_mb": 1.0})
    assert settings_sha256(same) == settings_sha256(settings)
    assert settings_sha256(settings.model_copy(update={"cutoff_hz": 8.0})) != settings_sha256(settings)


def test_record_failed_then_done_counts_attempts(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "ledger.sqlite3")
    run = ledger.start_run("team.csv", "test")
    assert ledger.get(key()) is None
    ledger.record(key(), JOB, (HASHES, "m", "s"), run, status="failed", error="bad clip")
    ledger.record(key(), JOB, (HASHES, "m", "s"), run, status="done", session_id=7, summary={"findings": []})
    ledger.finish_run(run, "finished")
    entry = Ledger(tmp_path / "ledger.sqlite3").get(key())
    assert entry is not None
    assert (entry.status, entry.error, entry.session_id, entry.attempts) == ("done", "", 7, 2)
    assert entry.summary == {"findings": []}
    assert entry.files == ["l.mp4", "r.mp4"]
