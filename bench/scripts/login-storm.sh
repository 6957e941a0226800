#!/usr/bin/env bash
# Wrong-password CONNECT storm (bench/scripts/connect-storm.py) against a gateway process, with the login throttle off ("before")
# and at its defaults ("after"), in one run. For each: password derivations/s and attempts
# answered/s during the storm, the gateway's CPU, and a probe device's event latency (one
# mosquitto_pub per event: connect with its right password, PUBLISH QoS 1, PUBACK) idle and under
# the storm. See bench/README.md ("login-storm").
#
# usage: bench/scripts/login-storm.sh [SECONDS=20] [ATTACKERS=32]
# needs: the gateway jar (./firegrid build), mosquitto-clients, curl, Debian's /usr/bin/python3, a JDK on PATH (or $JAVA)
set -euo pipefail
SECONDS_UNDER_ATTACK=${1:-20}
ATTACKERS=${2:-32}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${FIREGRID_GATEWAY_JAR:-$ROOT/gateway/target/firegrid-gateway.jar}
JAVA=${JAVA:-java}
TOKEN=bench-admin-token
PASSWORD=bench-device-password
CLK=$(getconf CLK_TCK)
[ -f "$JAR" ] || { echo "no gateway jar at $JAR: run ./firegrid build" >&2; exit 2; }
command -v mosquitto_pub >/dev/null || { echo "mosquitto_pub missing: apt-get install mosquitto-clients" >&2; exit 2; }

ms() { date +%s%3N; }
metric() { # sum of a metric's series in /metrics, optionally filtered by a label
  curl -s "http://127.0.0.1:$HTTP/metrics" | awk -v n="$1" -v f="${2:-}" \
    '$1 ~ "^"n"({|$)" && index($1, f) { s += $2 } END { printf "%.0f", s }'
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$GPID/stat"; }
stats() { # p50 p90 max of the numbers in file $1
  sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR == 0) { print "- - -"; exit }
    printf "%d %d %d", v[int((NR - 1) * 0.5) + 1], v[int((NR - 1) * 0.9) + 1], v[NR] }'
}
probe() { # one event from the probe device; prints its latency in ms, or "refused"
  local t0 t1 seq=$1
  t0=$(ms)
  if mosquitto_pub -h 127.0.0.1 -p "$MQTT" -V mqttv5 -u probe@t1 -P "$PASSWORD" -t event -q 1 \
      -m "{\"ts\":\"2026-12-06T12:00:00Z\",\"seq\":$seq,\"sensor\":\"door-1\",\"kind\":\"door\",\"state\":\"$([ $((seq % 2)) = 0 ] && echo open || echo closed)\"}" \
      >/dev/null 2>&1; then
    t1=$(ms); echo $((t1 - t0))
  else
    echo refused
  fi
}

phase() {
  local name=$1; shift
  local dir; dir=$(mktemp -d)
  env FIREGRID_DATA_DIR="$dir" FIREGRID_BIND_HOST=127.0.0.1 FIREGRID_HTTP_PORT=0 FIREGRID_MQTT_PORT=0 \
    FIREGRID_COAP_PORT=-1 FIREGRID_COAPS_PORT=-1 FIREGRID_MQTTS_PORT=-1 FIREGRID_HTTPS_PORT=-1 FIREGRID_ADMIN_TOKEN=$TOKEN "$@" \
    "$JAVA" -Xmx256m -jar "$JAR" >"$dir/gateway.log" 2>&1 &
  GPID=$!
  for _ in $(seq 1 600); do [ -f "$dir/ports.json" ] && break; sleep 0.1; done
  HTTP=$(grep -o '"http" *: *[0-9]*' "$dir/ports.json" | grep -o '[0-9]*$')
  MQTT=$(grep -o '"mqtt" *: *[0-9]*' "$dir/ports.json" | grep -o '[0-9]*$')
  for d in victim probe; do
    curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
      -d "{\"tenant\":\"t1\",\"id\":\"$d\",\"password\":\"$PASSWORD\",\"sensors\":[{\"id\":\"door-1\",\"kind\":\"door\"}]}" \
      "http://127.0.0.1:$HTTP/api/v1/devices"
  done
  local seq=0
  : >"$dir/idle"; : >"$dir/attack"
  for _ in $(seq 1 30); do seq=$((seq + 1)); probe $seq >>"$dir/idle"; done

  # the storm: one process, each of its threads guessing the victim's password and made-up names,
  # one CONNECT after another, each waiting for its CONNACK
  /usr/bin/python3 "$ROOT/bench/scripts/connect-storm.py" "$MQTT" "$ATTACKERS" "$dir/stop" >"$dir/codes" &
  local storm=$!
  sleep 3 # let the storm build up before measuring
  local d0 a0 c0 t0 d1 a1 c1 t1
  d0=$(metric firegrid_password_derivations_total)
  a0=$(($(metric firegrid_refused_total code=\"bad-credentials\") + $(metric firegrid_refused_total code=\"unknown-device\") \
        + $(metric firegrid_refused_total code=\"login-blocked\") + $(metric firegrid_refused_total code=\"server-busy\")))
  c0=$(cpu_ticks); t0=$(ms)
  while [ $(($(ms) - t0)) -lt $((SECONDS_UNDER_ATTACK * 1000)) ]; do seq=$((seq + 1)); probe $seq >>"$dir/attack"; done
  d1=$(metric firegrid_password_derivations_total)
  a1=$(($(metric firegrid_refused_total code=\"bad-credentials\") + $(metric firegrid_refused_total code=\"unknown-device\") \
        + $(metric firegrid_refused_total code=\"login-blocked\") + $(metric firegrid_refused_total code=\"server-busy\")))
  c1=$(cpu_ticks); t1=$(ms)
  touch "$dir/stop"; wait "$storm" || true
  local el=$((t1 - t0))
  local refused; refused=$(grep -c refused "$dir/attack" || true)
  grep -v refused "$dir/attack" >"$dir/attack.ok" || true
  printf '%-22s %10s %10s %8s   %-15s %-15s %s\n' "$name" \
    "$(awk -v d=$((d1 - d0)) -v e=$el 'BEGIN{printf "%.1f", d * 1000 / e}')" \
    "$(awk -v d=$((a1 - a0)) -v e=$el 'BEGIN{printf "%.1f", d * 1000 / e}')" \
    "$(awk -v c=$((c1 - c0)) -v e=$el -v k="$CLK" 'BEGIN{printf "%.2f", c / k * 1000 / e}')" \
    "$(stats "$dir/idle" | tr ' ' '/')" "$(stats "$dir/attack.ok" | tr ' ' '/')" \
    "$(wc -l <"$dir/attack.ok") ok, $refused refused; storm CONNACKs $(cat "$dir/codes")"
  echo "$name $((d1 - d0)) $((a1 - a0)) $el $(stats "$dir/idle") $(stats "$dir/attack.ok")" >>"$RESULTS"
  curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$HTTP/api/v1/security/blocked-logins" >"$dir/blocks.json"
  kill "$GPID"; wait "$GPID" 2>/dev/null || true
  rm -rf "$dir"
}

RESULTS=$(mktemp)
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(uname -r), $("$JAVA" -version 2>&1 | head -1)"
echo "storm: $ATTACKERS threads of wrong-password MQTT 5 CONNECTs (connect-storm.py; half for one device, half made-up names), $SECONDS_UNDER_ATTACK s measured"
echo "probe: one mosquitto_pub per event (right password, QoS 1), ms: p50/p90/max; 30 idle before the storm"
printf '%-22s %10s %10s %8s   %-15s %-15s %s\n' "gateway" "derive/s" "answered/s" "cores" "probe idle" "probe storm" "probe events"
OFF=1000000
phase "before (throttle off)" FIREGRID_LOGIN_DELAY_AFTER=$OFF FIREGRID_LOGIN_BLOCK_AFTER=$OFF \
  FIREGRID_LOGIN_ADDRESS_DELAY_AFTER=$OFF FIREGRID_LOGIN_ADDRESS_BLOCK_AFTER=$OFF
phase "after (defaults)"
# ratios from the two rows: fields are name words, derivations, answered, elapsed, idle p50 p90 max, storm p50 p90 max
awk '{ n = NF; d[NR] = $(n - 8) / $(n - 6); p50[NR] = $(n - 2); p90[NR] = $(n - 1) }
  END { printf "ratio after/before: derivations/s %.3f, probe p50 under storm %.2f, probe p90 under storm %.2f\n",
        d[2] / d[1], p50[2] / p50[1], p90[2] / p90[1] }' "$RESULTS"
rm -f "$RESULTS"
