"""Browser tests: the real dashboard (``streamlit run app.py``) in headless Debian Chromium via Playwright.

Chromium is launched from ``SCREENING_CHROMIUM`` (default ``/usr/bin/chromium``); ``playwright install``
is not needed. Screenshots of each main screen go to ``tests/artifacts/screenshots/`` (git-ignored).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"
CHROMIUM = Path(os.environ.get("SCREENING_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1366, "height": 768}  # a common clinic laptop
PHONE = {"width": 390, "height": 844}  # a common phone, held upright
VIEWPORTS = {"desktop": VIEWPORT, "phone": PHONE}
START_TIMEOUT_S = 90
ANALYSIS_TIMEOUT_MS = 300_000  # real MediaPipe on a slow shared CPU
FIRST_LOAD_TIMEOUT_MS = 180_000  # the first page of a fresh server imports MediaPipe, pandas, plotly…

pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def chromium() -> Path:
    pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set SCREENING_CHROMIUM)")
    return CHROMIUM


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start ``streamlit run app.py`` on a free port with a private history store; yield its URL."""
    port = free_port()
    env = {**os.environ, "SCREENING_DATA_DIR": str(tmp_path_factory.mktemp("data"))}
    env.pop("SCREENING_DB_URL", None)
    log = (tmp_path_factory.mktemp("log") / "streamlit.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.headless", "true",
         "--server.address", "localhost", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start; see {log.name}")
            time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


def launch(playwright, chromium: Path, extra_args: list[str] = ()):
    return playwright.chromium.launch(executable_path=str(chromium), args=[*CHROMIUM_ARGS, *extra_args])


def open_page(browser, server: str, viewport: dict, **context_args):
    """Open the dashboard in a new context of ``browser`` at ``viewport`` and wait until it is ready."""
    phone = viewport["width"] < 600
    context = browser.new_context(viewport=viewport, accept_downloads=True, is_mobile=phone, has_touch=phone,
                                  device_scale_factor=2 if phone else 1, **context_args)
    page = context.new_page()
    page.goto(server)
    page.get_by_role("heading", name="Movement screening").wait_for(timeout=FIRST_LOAD_TIMEOUT_MS)
    page.get_by_role("button", name=re.compile("Analyse the sample clip")).wait_for(timeout=FIRST_LOAD_TIMEOUT_MS)
    wait_idle(page)
    return page


@pytest.fixture
def page(playwright_instance, chromium: Path, server: str):
    browser = launch(playwright_instance, chromium)
    yield open_page(browser, server, VIEWPORT)
    browser.close()


@pytest.fixture(params=list(VIEWPORTS))
def any_page(request, playwright_instance, chromium: Path, server: str):
    """The dashboard at the laptop size and at a phone's; ``page.viewport_name`` says which."""
    browser = launch(playwright_instance, chromium)
    page = open_page(browser, server, VIEWPORTS[request.param])
    page.viewport_name = request.param
    yield page
    browser.close()


def wait_idle(page, timeout_ms: int = ANALYSIS_TIMEOUT_MS) -> None:
    """Wait until Streamlit has finished the current script run."""
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=timeout_ms)
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=timeout_ms)
    page.wait_for_timeout(300)


def screenshot(page, name: str) -> Path:
    """Save what the screen shows now, and the whole page (``<name>_full.png``), under the viewport's name."""
    viewport = page.viewport_size or VIEWPORT
    folder = SCREENSHOTS / getattr(page, "viewport_name", "desktop" if viewport["width"] >= 600 else "phone")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": viewport["width"], "height": max(int(height), viewport["height"])})
    page.wait_for_timeout(2000)  # plotly re-lays out its charts at the new size
    page.screenshot(path=str(folder / f"{name}_full.png"))
    page.set_viewport_size(viewport)
    page.wait_for_timeout(300)
    return path
