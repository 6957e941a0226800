#!/usr/bin/env bash
# The ingest load driven by Debian's tsung, against Mosquitto and then the gateway, in one run.
#   bench/tsung/run.sh [--clients N] [--readings R] [--password-iterations I] [--no-mosquitto]
# Installs tsung and mosquitto when they are missing (Debian/Ubuntu, as root or through sudo),
# then runs ./firegrid bench tsung, which fills in qos1-readings.xml, starts the targets on
# loopback, runs tsung against each and prints msg/s, mean/max PUBACK and the ratio.
# See bench/README.md, section `tsung`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

missing=()
[ -x /usr/bin/tsung ] || missing+=(tsung)
[ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
command -v mosquitto_passwd >/dev/null 2>&1 || missing+=(mosquitto)
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  if command -v apt-get >/dev/null 2>&1 && { [ -z "$sudo" ] || command -v sudo >/dev/null 2>&1; }; then
    echo "tsung bench: installing ${missing[*]} ..." >&2
    $sudo apt-get install -y --no-install-recommends "${missing[@]}" >&2
  else
    echo "tsung bench: needs Debian's packages: apt-get install ${missing[*]}" >&2
    exit 2
  fi
fi

exec "$ROOT/firegrid" bench tsung "$@"
