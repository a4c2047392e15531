from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from screening.batch.runners import InProcessRunner, PoolRunner, RayRunner, make_runner
from screening.cli import build_parser
from screening.errors import ScreeningError


def test_ray_is_not_imported_unless_asked() -> None:
    code = ("import sys; import screening.batch.run, screening.batch.runners, screening.batch.team, screening.cli; "
            "screening.cli.build_parser(); assert 'ray' not in sys.modules, 'ray imported'")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[3])


def test_without_ray_installed_the_error_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # makes `import ray` fail
    with pytest.raises(ScreeningError, match="Expected Ray to be installed") as caught:
        RayRunner()
    assert "movement-screening[cluster]" in caught.value.one_line()


def test_runner_choice() -> None:
    assert isinstance(make_runner(0), InProcessRunner)
    pool = make_runner(3)
    assert isinstance(pool, PoolRunner) and pool.workers == 3
    assert isinstance(make_runner(), PoolRunner)
    with pytest.raises(ScreeningError, match="at least 1 worker"):
        PoolRunner(-1)


def test_batch_options() -> None:
    args = build_parser().parse_args(["batch", "team.csv", "--out", "o", "--ray", "--workers", "2", "--cutoff-hz", "5"])
    assert (args.ray, args.workers, args.cutoff_hz, args.video) == ("local", 2, 5.0, False)
    args = build_parser().parse_args(["batch", "clips", "--out", "o", "--ray", "ray://head:10001"])
    assert args.ray == "ray://head:10001"
    assert build_parser().parse_args(["batch", "clips", "--out", "o"]).ray is None
