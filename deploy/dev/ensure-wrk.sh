#!/usr/bin/env bash
# Installs Debian's wrk (the HTTP load generator `make bench` drives), when missing.
# Idempotent. Needs root (or passwordless sudo) the first time on a fresh machine.
set -euo pipefail

if command -v wrk >/dev/null 2>&1; then
  echo "wrk present: $(wrk --version 2>&1 | head -1)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "wrk is missing and this is not root: install it with 'apt-get install -y wrk'" >&2
    exit 1
  fi
fi
echo "installing wrk from Debian's packages (first run only) ..."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends wrk >/dev/null
echo "wrk installed: $(wrk --version 2>&1 | head -1)"
