#!/usr/bin/env bash
# Installs a tool from Debian's packages when its command is missing. Idempotent.
# Usage: ensure-debian-package.sh COMMAND "VERSION COMMAND" PACKAGE [PACKAGE ...]
# Needs root (or passwordless sudo) the first time on a fresh machine.
set -euo pipefail
command_name=$1 version_command=$2
shift 2

if command -v "$command_name" >/dev/null 2>&1; then
  echo "$command_name present: $($version_command 2>/dev/null | head -1)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "$command_name is missing and this is not root: install it with 'apt-get install -y $*'" >&2
    exit 1
  fi
fi
echo "installing $command_name from Debian's packages (first run only) ..."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
echo "$command_name installed: $($version_command 2>/dev/null | head -1)"
