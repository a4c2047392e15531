"""Settings: one model, the commented TOML file and the CLI options cannot drift apart."""

from __future__ import annotations

import tomllib

import pytest

from screening.cli import build_parser
from screening.config import DEFAULT_CONFIG_PATH, Settings, load_settings
from screening.errors import ScreeningError


def test_default_toml_matches_model_defaults():
    data = tomllib.loads(DEFAULT_CONFIG_PATH.read_text(encoding="utf-8"))
    defaults = Settings()
    for key, value in data.items():
        assert getattr(defaults, key) == value, key
    assert load_settings() == defaults


def test_every_setting_is_a_cli_option():
    parser = build_parser()
    args = parser.parse_args(["analyze", "x.mp4", "--out", "o", "--cutoff-hz", "8", "--max-gap-s", "0.3",
                              "--no-annotate-video", "--num-poses", "2"])
    for name in Settings.model_fields:
        assert hasattr(args, name), name
    assert (args.cutoff_hz, args.max_gap_s, args.annotate_video, args.num_poses) == (8.0, 0.3, False, 2)


def test_overrides_and_validation(tmp_path):
    assert load_settings(cutoff_hz=8.0).cutoff_hz == 8.0
    with pytest.raises(ScreeningError, match="cutoff_hz"):
        load_settings(cutoff_hz=-1.0)
    bad = tmp_path / "bad.toml"
    bad.write_text("cutoff_hz = [", encoding="utf-8")
    with pytest.raises(ScreeningError, match="TOML"):
        load_settings(bad)
    unknown = tmp_path / "unknown.toml"
    unknown.write_text("cuttoff_hz = 5\n", encoding="utf-8")
    with pytest.raises(ScreeningError, match="cuttoff_hz"):
        load_settings(unknown)


def test_the_default_cut_off_is_not_refused_on_a_slow_recording_but_a_chosen_one_is():
    """A webcam recording at 7.4 fps (Nyquist 3.7 Hz) is analysed unfiltered with the default 6 Hz;
    a cut-off the user chose above the clip's Nyquist frequency is a usage error."""
    import pytest

    from screening.config import load_settings
    from screening.errors import UsageError
    from screening.pipeline import check_cutoff

    check_cutoff(load_settings(), 7.4, "webcam.mp4")
    with pytest.raises(UsageError, match="Nyquist"):
        check_cutoff(load_settings(cutoff_hz=45.0), 30.0, "clip.mp4")
