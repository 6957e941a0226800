#!/usr/bin/env bash
# Event -> SMS at the SMS center: a smoke event published by a device (MQTT 5, QoS 1) until the
# message arrives at Kannel's fakesmsc, through the gateway (store, dispatch, sms channel), Kannel's
# smsbox and bearerbox, for N alarms one after the other (each to a phone whose summary window has
# ended, so each goes at once). Prints p50, p99 and max. Needs kannel and kannel-extras
# (scripts/install-test-deps.sh). Usage: bench/scripts/sms-latency.sh [N=50]
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-50}"
mvn -B -o -q -pl gateway -am verify -Dfuzz.skip=true -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test='KannelSmsIT#benchEventToSmsAtTheSmsCenter' -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dfiregrid.bench.sms="$n" 2>&1 | grep -E 'FAIL|ERROR' || true
grep -h -E 'SMS at the SMS center' gateway/target/failsafe-reports/*KannelSmsIT-output.txt
