#!/usr/bin/env bash
# Full local/CI check: lint, Django checks, then the test suite on SQLite and,
# when ZONA_TEST_POSTGRES_URL is set, again on PostgreSQL. Any failure exits non-zero.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

BIN=.venv/bin
if [[ ! -x "$BIN/python" ]]; then
    echo "error: $BIN/python not found; run 'make install' (or 'make test')" >&2
    exit 1
fi

# pytest-xdist workers (-n). Default 2, one per core: the suite is minutes of CPU, so the
# workers' start-up (~3 s) is soon repaid; 0 runs everything in one process.
WORKERS="${ZONA_TEST_WORKERS:-2}"

banner() {
    printf '\n==================== %s ====================\n' "$*"
}

run_pytest() {
    local label="$1"
    shift
    local args=(-p no:cacheprovider)
    if [[ "$WORKERS" != "0" ]]; then
        args+=(-n "$WORKERS")
    fi
    banner "pytest ($label)"
    local rc=0
    "$BIN/pytest" "${args[@]}" "$@" || rc=$?
    if [[ $rc -eq 5 ]]; then
        echo "error: pytest collected no tests ($label); that counts as a failure" >&2
    fi
    if [[ $rc -ne 0 ]]; then
        echo "FAILED: pytest ($label), exit code $rc" >&2
        exit "$rc"
    fi
}

banner "ruff check"
"$BIN/ruff" check .

banner "ruff format --check"
"$BIN/ruff" format --check .

banner "makemigrations --check"
"$BIN/python" manage.py makemigrations --check --dry-run

banner "manage.py check"
"$BIN/python" manage.py check

run_pytest "SQLite" "$@"

if [[ -n "${ZONA_TEST_POSTGRES_URL:-}" ]]; then
    DATABASE_URL="$ZONA_TEST_POSTGRES_URL" run_pytest "PostgreSQL" "$@"
else
    banner "PostgreSQL skipped (ZONA_TEST_POSTGRES_URL is not set)"
fi

banner "all checks passed"
