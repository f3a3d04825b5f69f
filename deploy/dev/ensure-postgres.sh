#!/usr/bin/env bash
# Make sure a local PostgreSQL answers on 127.0.0.1:5432 as postgres/postgres, for tests.
# Run as root (CI calls it from .ci/run). Idempotent: each step checks before it acts.
# Debian/Ubuntu only (apt-get, pg_lsclusters/pg_ctlcluster from postgresql-common);
# works without systemd.
set -euo pipefail

PORT=5432
PASSWORD=postgres
say() { echo "ensure-postgres: $*"; }
as_postgres() { runuser -u postgres -- "$@"; }

if [ "$(id -u)" -ne 0 ]; then
    echo "ensure-postgres: must run as root" >&2
    exit 1
fi

# 1. Server binaries.
if compgen -G '/usr/lib/postgresql/*/bin/postgres' > /dev/null; then
    say "PostgreSQL is installed ($(ls /usr/lib/postgresql | sort -V | paste -sd ' '))"
else
    say "PostgreSQL is not installed; installing it with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q postgresql
fi

# 2. A cluster on our port. The Debian package normally creates "main" on install.
cluster=$(pg_lsclusters --no-header | awk -v port="$PORT" '$3 == port {print $1, $2; exit}')
if [ -z "$cluster" ]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    name=main
    if [ -d "/etc/postgresql/$version/main" ]; then name=heard; fi
    say "no cluster on port $PORT; creating $version/$name"
    pg_createcluster --port "$PORT" "$version" "$name"
    cluster="$version $name"
fi
read -r version name <<< "$cluster"
say "using cluster $version/$name on port $PORT"

# 3. Running? pg_ctlcluster starts postgres directly when systemd is not PID 1.
if pg_lsclusters --no-header | awk -v v="$version" -v n="$name" '$1 == v && $2 == n' | grep -q online; then
    say "cluster $version/$name is already running"
else
    say "starting cluster $version/$name"
    pg_ctlcluster "$version" "$name" start || service postgresql start
fi
for _ in $(seq 1 60); do  # up to 30 s
    if pg_isready -q -h 127.0.0.1 -p "$PORT"; then break; fi
    sleep 0.5
done
if ! pg_isready -q -h 127.0.0.1 -p "$PORT"; then
    echo "ensure-postgres: server did not accept connections on 127.0.0.1:$PORT; see /var/log/postgresql/postgresql-$version-$name.log" >&2
    exit 1
fi

# 4. Password login over TCP. Debian's pg_hba.conf already allows 127.0.0.1 with a password;
#    add the line only if some other setup removed it.
hba_file=$(as_postgres psql -p "$PORT" -qAtX -c 'SHOW hba_file')
if grep -Eq '^[[:space:]]*host[[:space:]]+all[[:space:]]+all[[:space:]]+127\.0\.0\.1/32' "$hba_file"; then
    say "pg_hba.conf already allows TCP logins from 127.0.0.1"
else
    say "allowing password logins from 127.0.0.1 in $hba_file"
    echo 'host    all    all    127.0.0.1/32    scram-sha-256' >> "$hba_file"
    as_postgres psql -p "$PORT" -qAtX -c 'SELECT pg_reload_conf()' > /dev/null
fi
if PGPASSWORD="$PASSWORD" psql -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -qAtX -c 'SELECT 1' > /dev/null 2>&1; then
    say "postgres user can already log in over TCP"
else
    say "setting the postgres user's password"
    as_postgres psql -p "$PORT" -qAtX -c "ALTER USER postgres PASSWORD '$PASSWORD'" > /dev/null
    PGPASSWORD="$PASSWORD" psql -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -qAtX -c 'SELECT 1' > /dev/null
fi
say "ready: postgresql+psycopg://postgres:****@127.0.0.1:$PORT/postgres"
