#!/usr/bin/env bash
# Set up everything the tool and its tests need, in a virtual environment at .venv.
# System packages (ffmpeg, chromium for browser tests, PostgreSQL for store tests) are installed
# with apt when running as root or with sudo; otherwise the script says what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(ffmpeg libgl1 libglib2.0-0 chromium chromium-driver postgresql poppler-utils libopenblas0)
missing=()
for pkg in "${SYSTEM_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else SUDO="none"; fi
  if [ "$SUDO" = "none" ]; then
    echo "warning: missing system packages (install them for the full test suite): ${missing[*]}" >&2
  else
    echo "Installing system packages: ${missing[*]}"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[dev]"
# movement (neuroinformatics-unit) reads the netCDF export in the tests. Its full dependency set pulls in
# opencv-python-headless, which would overwrite the opencv-contrib build MediaPipe uses, so it is installed
# alone: the tests use only its pure-Python validators, kinematics and filters (numpy, xarray, attrs, loguru).
.venv/bin/python -m pip install -q --no-deps "movement==0.15.0"
echo "Set up done: .venv is ready."
