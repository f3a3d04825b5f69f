#!/usr/bin/env bash
# Installs Debian's headless Chromium for the browser tests, when missing (idempotent).
set -euo pipefail
exec bash "$(dirname "$0")/ensure-debian-package.sh" chromium "chromium --version" chromium fonts-dejavu-core
