#!/usr/bin/env bash
# Installs the Debian packages the integration tests drive, when they are missing:
#   mosquitto-clients  mosquitto_pub / mosquitto_sub, an independent MQTT client
#   mosquitto          a reference broker (the agent's uplink tests, the benchmark baseline);
#                      the tests start their own instance on a free loopback port
#   chromium           the real browser the console test drives (through Playwright)
#   fonts-wqy-microhei Chinese glyphs for console screenshots
#   libcoap3-bin       coap-client-openssl / -notls, an independent CoAP and DTLS-PSK client
#   dosfstools, mtools mkfs.fat and mcopy/mdir: FAT boot-partition images for `config flash`
#   influxdb           a real influxd 1.x (v1 HTTP API) for the telemetry sink
#   victoria-metrics   a real server for the InfluxDB v2 write API (/api/v2/write)
#   curl, openssl      HTTPS with --cacert, s_client / s_time against the gateway's TLS ports, test site CAs
#   python3-scapy      Scapy's MQTT and CoAP layers for the network fuzz run (bench/netfuzz, NetFuzzIT)
#   poppler-utils      pdftotext, pdfinfo, pdffonts, pdftoppm: the monthly PDF report read back and rendered (MonthlyPdfIT)
#   kannel, kannel-extras  a real SMS gateway (bearerbox, smsbox) and its fakesmsc SMS center (KannelSmsIT, bench/scripts/sms-latency.sh)
# Needs root or sudo for apt-get. Safe to run again: installs only what is missing.
set -euo pipefail

need=()
command -v mosquitto_pub >/dev/null 2>&1 || need+=(mosquitto-clients)
[ -x /usr/sbin/mosquitto ] || need+=(mosquitto)
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || need+=(fonts-wqy-microhei)
command -v coap-client-openssl >/dev/null 2>&1 || need+=(libcoap3-bin)
[ -x /usr/sbin/mkfs.fat ] || need+=(dosfstools)
command -v mcopy >/dev/null 2>&1 || need+=(mtools)
[ -x /usr/bin/influxd ] || need+=(influxdb)
[ -x /usr/bin/victoria-metrics ] || need+=(victoria-metrics)
[ -x /usr/bin/curl ] || need+=(curl)
[ -x /usr/bin/openssl ] || need+=(openssl)
/usr/bin/python3 -c 'import scapy.contrib.mqtt, scapy.contrib.coap' >/dev/null 2>&1 || need+=(python3-scapy)
[ -x /usr/bin/pdftotext ] || need+=(poppler-utils)
[ -x /usr/sbin/bearerbox ] || need+=(kannel)
[ -x /usr/lib/kannel/test/fakesmsc ] || need+=(kannel-extras)

if [ ${#need[@]} -eq 0 ]; then
  echo "test dependencies: all present"
  exit 0
fi

echo "test dependencies: installing ${need[*]}"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  echo "error: ${need[*]} missing and not root; install them with: apt-get install ${need[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}"
echo "test dependencies: installed ${need[*]}"
