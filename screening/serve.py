"""``screening serve``: run the dashboard on this computer, or for phones on the local network.

By default the dashboard listens on ``localhost`` only (plain HTTP, which browsers treat as a
secure origin for the camera). With ``--lan`` it listens on every interface over HTTPS with a
self-signed certificate made here (browsers give camera access only to secure origins) and asks
for a passcode before showing anything. Nothing is sent anywhere: the certificate is made
locally and the analyses run on this computer.
"""

from __future__ import annotations

import datetime as dt
import hmac
import ipaddress
import os
import secrets
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from screening.errors import ScreeningError

APP = Path(__file__).resolve().parents[1] / "app.py"
PASSCODE_ENV = "SCREENING_PASSCODE"
CERT_DAYS = 825  # the longest validity browsers accept for a server certificate
MIN_PASSCODE_CHARS = 6


@dataclass(frozen=True)
class ServePlan:
    """How the dashboard is started: address, port, certificate files (LAN) and passcode (LAN)."""

    address: str
    port: int
    cert_file: Path | None = None
    key_file: Path | None = None
    passcode: str = ""

    @property
    def url(self) -> str:
        """Return the address to open on this computer, e.g. ``https://localhost:8501``."""
        scheme = "https" if self.cert_file else "http"
        return f"{scheme}://localhost:{self.port}"


def new_passcode() -> str:
    """Return a random 8-digit passcode (about 26 bits; typed once per phone)."""
    return f"{secrets.randbelow(10**8):08d}"


def check_passcode(passcode: str) -> str:
    """Return ``passcode`` stripped, if long enough to guard the LAN dashboard.

    Raises
    ------
    ScreeningError
        If it has fewer than :data:`MIN_PASSCODE_CHARS` characters.
    """
    code = (passcode or "").strip()
    if len(code) < MIN_PASSCODE_CHARS:
        raise ScreeningError(f"Expected a passcode of at least {MIN_PASSCODE_CHARS} characters, but got "
                             f"{len(code)}. Choose a longer one, or leave --passcode out to get a random one.")
    return code


def local_addresses() -> list[str]:
    """Return this computer's own IP addresses known from its host name (no packet is sent)."""
    found = {"127.0.0.1"}
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, family=socket.AF_INET):
            found.add(str(info[4][0]))
    except OSError:
        pass
    return sorted(found)


def make_certificate(folder: Path, hosts: list[str], days: int = CERT_DAYS) -> tuple[Path, Path]:
    """Write a self-signed certificate and its private key (PEM, key readable only by this user).

    Parameters
    ----------
    folder
        Where ``dashboard-cert.pem`` and ``dashboard-key.pem`` are written (created, mode 0700).
    hosts
        Names and IP addresses the certificate is valid for (``localhost`` is always included).
    days
        Validity in days.

    Returns
    -------
    tuple of Path
        The certificate file and the key file.
    """
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
    except ImportError as error:
        raise ScreeningError("Expected the 'cryptography' package to make the HTTPS certificate, but it is not "
                             "installed. Run: pip install cryptography") from error
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    key = ec.generate_private_key(ec.SECP256R1())
    names: list[x509.GeneralName] = [x509.DNSName("localhost")]
    for host in dict.fromkeys(hosts):
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            if host and host != "localhost":
                names.append(x509.DNSName(host))
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Movement screening (this computer)")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "dashboard-cert.pem", folder / "dashboard-key.pem"
    key_file.touch(mode=0o600, exist_ok=True)
    key_file.chmod(0o600)
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return cert_file, key_file


def plan(lan: bool, port: int, cert_dir: Path, passcode: str | None = None, hosts: list[str] | None = None,
         bind: str | None = None) -> ServePlan:
    """Return how to serve: localhost over HTTP, or (``lan``) ``bind`` (every interface) over HTTPS with a passcode."""
    if not lan:
        return ServePlan("localhost", port)
    code = check_passcode(passcode) if passcode else new_passcode()
    cert_file, key_file = make_certificate(cert_dir, [socket.gethostname(), *(hosts or local_addresses())])
    return ServePlan(bind or "0.0.0.0", port, cert_file, key_file, code)


def streamlit_command(serve: ServePlan, app: Path = APP) -> list[str]:
    """Return the command line that starts the dashboard as ``serve`` says."""
    command = [sys.executable, "-m", "streamlit", "run", str(app), "--server.address", serve.address,
               "--server.port", str(serve.port), "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    if serve.cert_file and serve.key_file:
        command += ["--server.sslCertFile", str(serve.cert_file), "--server.sslKeyFile", str(serve.key_file)]
    return command


def serve_environment(serve: ServePlan) -> dict[str, str]:
    """Return the environment for the dashboard process: the passcode in LAN mode, none otherwise."""
    env = {k: v for k, v in os.environ.items() if k != PASSCODE_ENV}
    if serve.passcode:
        env[PASSCODE_ENV] = serve.passcode
    return env


def run(serve: ServePlan, app: Path = APP) -> int:
    """Start the dashboard and wait for it; return its exit code."""
    if not app.exists():
        raise ScreeningError(f"Expected the dashboard at '{app}', but there is no such file. Run `screening serve` "
                             "from a checkout of the project (app.py sits next to the screening folder).")
    print(f"Dashboard: {serve.url}", flush=True)
    if serve.passcode:
        addresses = [a for a in local_addresses() if not a.startswith("127.")]
        for address in addresses:
            print(f"On a phone on the same network: https://{address}:{serve.port}", flush=True)
        print(f"Passcode: {serve.passcode}", flush=True)
        print("The certificate is made on this computer, so the browser warns once: check the address and "
              "accept it.", flush=True)
    try:
        return subprocess.call(streamlit_command(serve, app), env=serve_environment(serve))
    except KeyboardInterrupt:
        return 0


def passcode_matches(given: str, expected: str) -> bool:
    """Return True when ``given`` is the passcode (compared in constant time; an empty one never matches)."""
    given_bytes, expected_bytes = (given or "").strip().encode(), (expected or "").strip().encode()
    return bool(expected_bytes) and hmac.compare_digest(given_bytes, expected_bytes)
