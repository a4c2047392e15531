#!/usr/bin/env bash
# Set up (scripts/setup.sh), start a throw-away PostgreSQL for the store tests, and run the whole test suite.
# Extra arguments go to pytest, e.g. scripts/test.sh -k angles
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -z "${SCREENING_TEST_POSTGRES_URL:-}" ]; then
  if pg_env="$(bash .ci/start_postgres.sh)"; then
    eval "$pg_env"
  elif [ -n "${CI:-}" ]; then
    echo "error: PostgreSQL could not be started; CI needs it for the store tests" >&2
    exit 1
  else
    echo "warning: PostgreSQL could not be started; its store tests will be skipped" >&2
  fi
fi
.venv/bin/ruff check .  # the code stays lint-clean (pyproject.toml [tool.ruff])
exec .venv/bin/python -m pytest "$@"
