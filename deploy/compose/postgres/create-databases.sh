#!/bin/sh
# Runs once, when PostgreSQL starts on an empty data volume (/docker-entrypoint-initdb.d/):
# one database and one login role per Heard service; each role owns its own database and no
# other role may connect to it. Passwords come from HEARD_<SERVICE>_DB_PASSWORD (.env).
# HEARD_DATABASES overrides the list (the tests use it); no `set -u`, as the image may source it.
set -e

heard_create_database() {
    heard_password_var="HEARD_$(printf '%s' "$1" | tr '[:lower:]' '[:upper:]')_DB_PASSWORD"
    if [ -z "$(printenv "$heard_password_var")" ]; then
        echo "$heard_password_var is not set: cannot create the $1 database" >&2
        exit 1
    fi
    # The password goes from the environment into a psql variable (\getenv), and psql quotes
    # it (:'x' as a literal, :"x" as an identifier): never on a command line, never spliced.
    printf '%s\n' \
        "\\getenv password $heard_password_var" \
        "CREATE ROLE :\"service\" LOGIN PASSWORD :'password';" \
        "CREATE DATABASE :\"service\" OWNER :\"service\";" \
        "REVOKE ALL ON DATABASE :\"service\" FROM PUBLIC;" |
        psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet --set service="$1" \
            --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}"
}

for heard_database in ${HEARD_DATABASES:-intake decisions notify}; do
    heard_create_database "$heard_database"
done
