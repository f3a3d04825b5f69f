#!/usr/bin/env bash
# Installs Debian's headless Chromium for the browser tests of the public site, when missing.
# Idempotent. Needs root (or passwordless sudo) the first time on a fresh machine.
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
  echo "chromium present: $(chromium --version 2>/dev/null | head -1)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "chromium is missing and this is not root: install it with 'apt-get install -y chromium'" >&2
    exit 1
  fi
fi
echo "installing chromium from Debian's packages (first run only) ..."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
echo "chromium installed: $(chromium --version 2>/dev/null | head -1)"
