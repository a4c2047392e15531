"""``screening serve --lan``: HTTPS with the locally made certificate, the dashboard only after the passcode.

The server listens on 127.0.0.1 only (``--bind``), so nothing is exposed while the test runs.
"""

from __future__ import annotations

import os
import re
import signal
import ssl
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import PHONE, ROOT, START_TIMEOUT_S, free_port, launch, screenshot, wait_idle

pytestmark = pytest.mark.e2e
PASSCODE = "31415926"


@pytest.fixture(scope="module")
def lan_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """Start ``screening serve --lan`` on 127.0.0.1; yield its https URL and the certificate it made."""
    port, data = free_port(), tmp_path_factory.mktemp("lan-data")
    env = {**os.environ, "SCREENING_DATA_DIR": str(data)}
    env.pop("SCREENING_DB_URL", None)
    log = (tmp_path_factory.mktemp("lan-log") / "serve.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "screening", "serve", "--lan", "--bind", "127.0.0.1", "--port",
                                str(port), "--passcode", PASSCODE, "--data-dir", str(data)],
                               cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    cert = data / "https" / "dashboard-cert.pem"
    url = f"https://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                context = ssl.create_default_context(cafile=str(cert))  # trusts only the certificate made here
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2, context=context) as response:
                    if response.status == 200:
                        break
            except (OSError, ssl.SSLError):
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"screening serve --lan did not start; see {log.name}")
            time.sleep(0.5)
        yield url, cert
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


def test_plain_http_is_not_served(lan_server) -> None:
    url, _ = lan_server
    with pytest.raises(OSError):
        urllib.request.urlopen(url.replace("https://", "http://") + "/_stcore/health", timeout=5).read()


def test_dashboard_needs_the_passcode(playwright_instance, chromium, lan_server) -> None:
    url, _ = lan_server
    browser = launch(playwright_instance, chromium)
    try:
        stranger = browser.new_context(viewport=PHONE, ignore_https_errors=True, is_mobile=True).new_page()
        stranger.viewport_name = "phone"
        stranger.goto(url)
        stranger.get_by_label("Passcode", exact=True).wait_for(timeout=60_000)
        wait_idle(stranger)
        assert stranger.get_by_role("button", name=re.compile("Analyse the sample clip")).count() == 0
        assert stranger.get_by_role("tab", name="History").count() == 0
        stranger.get_by_label("Passcode", exact=True).fill("00000000")
        stranger.get_by_role("button", name="Open").click()
        stranger.get_by_text("Wrong passcode.").wait_for(timeout=30_000)
        assert stranger.get_by_role("button", name=re.compile("Analyse the sample clip")).count() == 0
        screenshot(stranger, "lan_refused")

        coach = browser.new_context(viewport=PHONE, ignore_https_errors=True, is_mobile=True).new_page()
        coach.viewport_name = "phone"
        coach.goto(url)
        coach.get_by_label("Passcode", exact=True).fill(PASSCODE)
        coach.get_by_role("button", name="Open").click()
        coach.get_by_role("button", name=re.compile("Analyse the sample clip")).wait_for(timeout=60_000)
        assert coach.evaluate("window.isSecureContext")  # the camera is allowed on this origin
        wait_idle(coach)
        screenshot(coach, "lan_open")
        stranger.reload()  # the other browser still has to give the passcode
        stranger.get_by_label("Passcode", exact=True).wait_for(timeout=60_000)
        assert stranger.get_by_role("button", name=re.compile("Analyse the sample clip")).count() == 0
    finally:
        browser.close()
