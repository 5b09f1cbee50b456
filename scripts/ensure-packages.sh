#!/usr/bin/env bash
# Installs the Debian packages named on the command line when any is missing.
# Used by every Makefile target, so a fresh machine needs nothing but the Swift toolchain.
set -euo pipefail
missing=()
for package in "$@"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing missing Debian packages: ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "error: ${missing[*]} missing and not running as root; install them with apt-get" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get install -y --no-install-recommends "${missing[@]}" >/tmp/eqms-apt.log 2>&1; then
  $sudo apt-get update >/tmp/eqms-apt-update.log 2>&1
  $sudo apt-get install -y --no-install-recommends "${missing[@]}" >/tmp/eqms-apt.log 2>&1 || {
    cat /tmp/eqms-apt.log >&2
    exit 1
  }
fi
