#!/usr/bin/env bash
# The fault harness's long forms (docs/dual-path.md): 50 devices in two agent processes, a 60 s
# partition, 3-minute path supervision, InfluxDB stopped for 5 minutes (influxdbStoppedUnderLoad).
# Results are appended to edge-agent/target/faults-report.md.
# Usage: scripts/faults.sh [SCENARIO-METHOD]   e.g. scripts/faults.sh aPartitionBetweenAgentsAndThePrimary
set -euo pipefail
cd "$(dirname "$0")/.."
test="FaultHarnessIT${1:+#$1}"
exec mvn -B -o -pl edge-agent -am verify -Dfuzz.skip=true -Dfaults.long=true -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test="$test" -Dfailsafe.failIfNoSpecifiedTests=false
