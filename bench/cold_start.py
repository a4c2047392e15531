"""First page load of the dashboard, cold: a fresh ``streamlit run app.py`` opened in headless Chromium.

Usage (from the repository root)::

    python bench/cold_start.py [--repeat 3] [--root OTHER_CHECKOUT]

Per run, a new server (fresh history folder) is started and timed: until its health check answers
(``server``), until a first browser shows the page ready (the title and "Analyse the sample clip"
button, the first script run: ``first page``), and a second page in a new browser context once the
server is warm (``warm page``). Then the first script run is broken down in a fresh Python process:
the imports ``app.py`` makes and the first call of its cached resources. ``--root`` times another
checkout (e.g. ``git archive <commit> | tar -x -C /tmp/base``) with this Python.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("SCREENING_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
BREAKDOWN = r"""
import sys, time
sys.path.insert(0, ".")
marks = [("start", time.perf_counter())]
import streamlit
marks.append(("import streamlit", time.perf_counter()))
for name in ("screening.config", "screening.protocols.registry", "screening.store.store", "screening.ui.present",
             "screening.ui.figures", "screening.ui.session", "screening.ui.jobs", "screening.ui.live",
             "screening.pipeline", "scipy.signal", "xarray", "matplotlib", "mediapipe", "plotly.graph_objects"):
    before = set(sys.modules)
    __import__(name)
    marks.append((f"import {name}", time.perf_counter()))
for label, (earlier, later) in zip([m[0] for m in marks[1:]], zip(marks, marks[1:])):
    print(f"  {label:40s} {later[1] - earlier[1]:6.2f} s")
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def one_run(root: Path, playwright) -> tuple[float, float, float]:
    port = free_port()
    env = {**os.environ, "SCREENING_DATA_DIR": tempfile.mkdtemp(prefix="cold-")}
    start = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                               "--server.headless", "true", "--server.address", "localhost",
                               "--browser.gatherUsageStats", "false"], cwd=root, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://localhost:{port}"
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        healthy = time.perf_counter() - start
        pages = []
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for _ in range(2):
                context = browser.new_context(viewport={"width": 1366, "height": 768})
                page = context.new_page()
                opened = time.perf_counter()
                page.goto(url)
                page.get_by_role("heading", name="Movement screening").wait_for(timeout=300_000)
                page.get_by_role("button", name=re.compile("Analyse the sample clip")).wait_for(timeout=300_000)
                pages.append(time.perf_counter() - opened)
                context.close()
        finally:
            browser.close()
        return healthy, pages[0], pages[1]
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    runs = []
    with sync_playwright() as playwright:
        for index in range(args.repeat):
            runs.append(one_run(args.root, playwright))
            print(f"run {index + 1}: server {runs[-1][0]:.1f} s, first page {runs[-1][1]:.1f} s, "
                  f"warm page {runs[-1][2]:.1f} s", flush=True)
    for label, column in (("server", 0), ("first page", 1), ("warm page", 2)):
        values = [run[column] for run in runs]
        print(f"{label:11s} median {statistics.median(values):5.1f} s  (min {min(values):.1f}, max {max(values):.1f})")
    print("imports of a first script run, in a fresh process (each after the ones above it):")
    subprocess.run([sys.executable, "-c", BREAKDOWN], cwd=args.root, check=True)


if __name__ == "__main__":
    main()
