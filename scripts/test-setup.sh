#!/usr/bin/env bash
# Set-up the test suite needs on a fresh Debian machine of this project's kind, run by `npm test` before anything else:
# Debian's Chromium (dashboard e2e), Dovecot (the IMAP ingest test) and openssl (test certificates), and a running
# PostgreSQL on 127.0.0.1:5432 (every store suite runs on it too and never skips).
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/sbin/dovecot ] || need+=(dovecot-imapd)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "test set-up: missing Debian packages; run: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  echo "test set-up: installing ${need[*]} from Debian" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  cluster=$(ls /etc/postgresql 2>/dev/null | head -n 1)
  if [ -z "$cluster" ] || [ "$(id -u)" != 0 ]; then
    echo "test set-up: PostgreSQL is not running on 127.0.0.1:5432; start it (pg_ctlcluster <version> main start) or set OPSRADAR_TEST_DATABASE_URL" >&2
    exit 1
  fi
  echo "test set-up: starting PostgreSQL $cluster" >&2
  pg_ctlcluster --skip-systemctl-redirect "$cluster" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
