"""``screening serve``: localhost by default; --lan makes a local certificate and needs a passcode."""

from __future__ import annotations

import ipaddress
import stat
from pathlib import Path

import pytest
from cryptography import x509

from screening.cli import main
from screening.errors import ScreeningError
from screening.serve import (
    PASSCODE_ENV,
    check_passcode,
    make_certificate,
    new_passcode,
    passcode_matches,
    plan,
    serve_environment,
    streamlit_command,
)


def test_localhost_is_the_default_without_tls_or_passcode(tmp_path: Path) -> None:
    serve = plan(False, 8501, tmp_path / "https")
    assert serve.address == "localhost" and serve.cert_file is None and serve.passcode == ""
    command = streamlit_command(serve)
    assert command[command.index("--server.address") + 1] == "localhost"
    assert "--server.sslCertFile" not in command
    assert not (tmp_path / "https").exists()  # no certificate made
    assert PASSCODE_ENV not in serve_environment(serve)


def test_lan_makes_a_private_certificate_and_a_passcode(tmp_path: Path) -> None:
    serve = plan(True, 8600, tmp_path / "https", hosts=["127.0.0.1", "192.168.1.20"], bind="127.0.0.1")
    assert serve.address == "127.0.0.1" and serve.url == "https://localhost:8600"
    assert len(serve.passcode) == 8 and serve.passcode.isdigit()
    assert stat.S_IMODE(serve.key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(serve.cert_file.parent.stat().st_mode) == 0o700
    certificate = x509.load_pem_x509_certificate(serve.cert_file.read_bytes())
    names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "localhost" in names.get_values_for_type(x509.DNSName)
    assert ipaddress.ip_address("192.168.1.20") in names.get_values_for_type(x509.IPAddress)
    command = streamlit_command(serve)
    assert command[command.index("--server.sslCertFile") + 1] == str(serve.cert_file)
    assert serve_environment(serve)[PASSCODE_ENV] == serve.passcode


def test_lan_bind_defaults_to_every_interface(tmp_path: Path) -> None:
    assert plan(True, 8600, tmp_path, passcode="secret-code", hosts=["127.0.0.1"]).address == "0.0.0.0"


def test_passcodes() -> None:
    assert passcode_matches(" 12345678 ", "12345678")
    assert not passcode_matches("12345679", "12345678")
    assert not passcode_matches("", "")
    assert len({new_passcode() for _ in range(5)}) > 1
    with pytest.raises(ScreeningError, match="at least 6 characters, but got 3"):
        check_passcode("abc")


def test_certificate_is_new_each_time(tmp_path: Path) -> None:
    first = make_certificate(tmp_path, ["127.0.0.1"])[0].read_bytes()
    assert make_certificate(tmp_path, ["127.0.0.1"])[0].read_bytes() != first


def test_cli_refuses_a_passcode_without_lan(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--passcode", "12345678"]) == 2
    assert "Expected --passcode together with --lan" in capsys.readouterr().err
