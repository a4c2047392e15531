#!/usr/bin/env bash
# Set up and start the dashboard on http://localhost:8501 with the bundled sample clip ready to analyse.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m streamlit run app.py "$@"
