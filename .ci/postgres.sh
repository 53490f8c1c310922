#!/usr/bin/env bash
# Installs (if needed) and starts Debian's PostgreSQL server for the tests, then prints the URL the
# tests read from NEWSTRAIL_TEST_PG. Prints nothing and exits non-zero when no server can be
# started: the PostgreSQL tests then skip with that reason.
# Usage: eval "$(.ci/postgres.sh)"   (CI runs as root; elsewhere it needs passwordless sudo)
set -uo pipefail
SUDO=""
AS_POSTGRES="runuser -u postgres --"
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null || {
        echo "postgres: not root and no passwordless sudo: PostgreSQL tests will be skipped" >&2
        exit 1
    }
    SUDO="sudo -n"
    AS_POSTGRES="sudo -n -u postgres"
fi
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
        --no-install-recommends postgresql; } >/dev/null 2>&1 || {
        echo "postgres: PostgreSQL could not be installed: PostgreSQL tests will be skipped" >&2
        exit 1
    }
fi
VERSION=$(ls /usr/lib/postgresql | sort -V | tail -1)
PORT=${NEWSTRAIL_PG_PORT:-5432}
if ! pg_lsclusters -h 2>/dev/null | awk '{print $1, $2}' | grep -qx "$VERSION main"; then
    $SUDO pg_createcluster "$VERSION" main -p "$PORT" >/dev/null || exit 1
fi
PORT=$(pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" {print $3}')
$SUDO pg_ctlcluster "$VERSION" main start >/dev/null 2>&1 || true
for _ in $(seq 30); do
    $AS_POSTGRES psql -p "$PORT" -qAtc "select 1" >/dev/null 2>&1 && break
    sleep 1
done
# A test role that may create the per-session test databases; password auth over TCP.
$AS_POSTGRES psql -p "$PORT" -qAt >/dev/null <<SQL || exit 1
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'newstrail_test') THEN
    CREATE ROLE newstrail_test LOGIN CREATEDB PASSWORD 'newstrail_test';
  END IF;
END \$\$;
SQL
echo "export NEWSTRAIL_TEST_PG=postgresql+psycopg://newstrail_test:newstrail_test@127.0.0.1:$PORT/postgres"
