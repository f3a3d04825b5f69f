#!/usr/bin/env bash
# Installs Debian's wrk (the HTTP load generator `make bench` drives), when missing (idempotent).
set -euo pipefail
exec bash "$(dirname "$0")/ensure-debian-package.sh" wrk "wrk --version" wrk
