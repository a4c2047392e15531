from __future__ import annotations

from pathlib import Path

import pytest

from screening.batch.plan import parse_clip_name, plan_batch
from screening.errors import InputFileError, ScreeningError


@pytest.mark.parametrize(("name", "expected"), [
    ("A-017__squat.mp4", ("A-017", "squat", "")),
    ("Jane_Doe__overhead_reach__left.mp4", ("Jane_Doe", "overhead_reach", "left")),
    ("J.Doe__overhead_reach__RIGHT__take2.mov", ("J.Doe", "overhead_reach", "right")),
    ("A1__squat__front.mp4", ("A1", "squat", "")),
])
def test_clip_names_follow_the_convention(name: str, expected: tuple[str, str, str]) -> None:
    assert parse_clip_name(name) == expected


@pytest.mark.parametrize("name", ["squat.mp4", "A1_squat.mp4", "A1__.mp4", "A1__squat__up__x.mp4", "a__b__c__d__e.mp4"])
def test_other_names_are_refused_with_the_expected_form(name: str) -> None:
    with pytest.raises(ScreeningError, match="Expected"):
        parse_clip_name(name)


def test_folder_groups_clips_of_one_athlete_and_protocol(tmp_path: Path) -> None:
    for name in ("B__overhead_reach__right.mp4", "B__overhead_reach__left.mp4", "A__squat.mp4", "a__squat__x.mp4",
                 "wrong.mp4", "notes.txt", ".hidden__squat.mp4", "C__no_such_screen.mp4"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "sub").mkdir()
    plan = plan_batch(tmp_path)
    jobs = {(job.athlete, job.protocol): job for job in plan.jobs}
    assert set(jobs) == {("A", "squat"), ("B", "overhead_reach")}
    assert [c.path.name for c in jobs["A", "squat"].clips] == ["A__squat.mp4", "a__squat__x.mp4"]
    assert jobs["B", "overhead_reach"].side_hints == ["left", "right"]
    assert jobs["A", "squat"].side_hints is None
    assert plan.clip_count == 4
    assert sorted(p.where for p in plan.problems) == ["C__no_such_screen.mp4", "wrong.mp4"]


def test_manifest_with_semicolons_relative_paths_and_bad_lines(tmp_path: Path) -> None:
    (tmp_path / "team.csv").write_text(
        "\ufeffAthlete;Protocol;File;Side;View;birth_year;sex\n"
        "A1;squat;clips/a.mp4;;side;1990;female\n"
        "A1;overhead_reach;/abs/l.mp4;left;;;\n"
        "A1;overhead_reach;/abs/r.mp4;right;;;\n"
        "A2;squat;b.mp4;up;;;\n"
        ";squat;c.mp4;;;;\n"
        "A3;squat;d.mp4;;;nineteen;\n", encoding="utf-8")
    plan = plan_batch(tmp_path / "team.csv")
    assert [(j.athlete, j.protocol, len(j.clips)) for j in plan.jobs] == [("A1", "squat", 1),
                                                                          ("A1", "overhead_reach", 2)]
    first = plan.jobs[0]
    assert first.clips[0].path == tmp_path / "clips" / "a.mp4"
    assert first.clips[0].view == "side"
    assert (first.profile.birth_year, first.profile.sex) == (1990, "female")
    assert [p.where for p in plan.problems] == ["team.csv line 5", "team.csv line 6", "team.csv line 7"]
    assert "side 'left', 'right' or empty, but got 'up'" in plan.problems[0].message


def test_manifest_without_a_required_column_says_which(tmp_path: Path) -> None:
    (tmp_path / "m.csv").write_text("athlete,file\nA,a.mp4\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="missing protocol"):
        plan_batch(tmp_path / "m.csv")


def test_neither_folder_nor_csv(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="but found nothing"):
        plan_batch(tmp_path / "missing")
