#!/usr/bin/env bash
# The mail tests deliver to a real SMTP server, Python's aiosmtpd (from PyPI), with STARTTLS
# under a certificate authority that openssl makes; they fail, saying why, when it is missing.
# Installs python3, pip, openssl, msmtp and aiosmtpd when absent.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v python3 >/dev/null 2>&1 || bash scripts/ensure-packages.sh python3
command -v openssl >/dev/null 2>&1 || bash scripts/ensure-packages.sh openssl
# msmtp: a real sendmail-compatible program for the test of delivery through the system's MTA.
command -v msmtp >/dev/null 2>&1 || bash scripts/ensure-packages.sh msmtp
if ! python3 -c "import aiosmtpd" 2>/dev/null; then
  python3 -m pip --version >/dev/null 2>&1 || bash scripts/ensure-packages.sh python3-pip
  python3 -m pip install --quiet aiosmtpd 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages aiosmtpd
fi
