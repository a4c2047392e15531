#!/usr/bin/env bash
# Set up (scripts/setup.sh), start a throw-away PostgreSQL for the store tests, and run the whole test suite.
# Extra arguments go to pytest, e.g. scripts/test.sh -k angles
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -z "${SCREENING_TEST_POSTGRES_URL:-}" ] && [ -f .ci/start_postgres.sh ]; then
  # shellcheck source=/dev/null
  source .ci/start_postgres.sh || echo "warning: PostgreSQL could not be started; its store tests will be skipped" >&2
fi
exec .venv/bin/python -m pytest "$@"
