#!/usr/bin/env bash
# Installs the FireGrid edge agent on a Raspberry Pi (run as root, from the directory holding
# firegrid-edge-agent.jar and lib/, e.g. a copy of edge-agent/target):
#   sudo ./install.sh [agent.env]
# Creates the 'firegrid' user, copies the jar to /opt/firegrid-agent, the settings to
# /etc/firegrid/agent.env (mode 640) and a ca.pem beside this script (the gateway's site CA, from a
# bundle) to /etc/firegrid/ca.pem, installs and starts the systemd unit.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar_dir="${JAR_DIR:-$PWD}"
env_file="${1:-}"
[ "$(id -u)" -eq 0 ] || { echo "install.sh: run as root (sudo ./install.sh)" >&2; exit 1; }
[ -f "$jar_dir/firegrid-edge-agent.jar" ] || { echo "install.sh: no firegrid-edge-agent.jar in $jar_dir (set JAR_DIR)" >&2; exit 1; }
command -v java >/dev/null || { echo "install.sh: Java 17 is missing: apt-get install openjdk-17-jre-headless" >&2; exit 1; }

id firegrid >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin firegrid
for g in gpio i2c; do getent group "$g" >/dev/null && usermod -aG "$g" firegrid; done
install -d -m 0755 /opt/firegrid-agent /opt/firegrid-agent/lib
install -m 0644 "$jar_dir/firegrid-edge-agent.jar" /opt/firegrid-agent/
install -m 0644 "$jar_dir"/lib/*.jar /opt/firegrid-agent/lib/
install -d -m 0750 -g firegrid /etc/firegrid
if [ -n "$env_file" ]; then
  install -m 0640 -g firegrid "$env_file" /etc/firegrid/agent.env
elif [ ! -f /etc/firegrid/agent.env ]; then
  install -m 0640 -g firegrid "$here/agent.env.example" /etc/firegrid/agent.env
  echo "install.sh: edit /etc/firegrid/agent.env (device id, password, gateway), then: systemctl restart firegrid-agent"
fi
# the site CA the agent trusts for MQTT over TLS (FIREGRID_MQTT_CA=/etc/firegrid/ca.pem); public
if [ -f "$here/ca.pem" ]; then
  install -m 0644 "$here/ca.pem" /etc/firegrid/ca.pem
fi
# the secondary gateway's CA (FIREGRID_SECONDARY_MQTT_CA=/etc/firegrid/secondary-ca.pem, dual path); public
if [ -f "$here/secondary-ca.pem" ]; then
  install -m 0644 "$here/secondary-ca.pem" /etc/firegrid/secondary-ca.pem
fi
# the device's own TLS certificate and key, if it has one (FIREGRID_MQTT_CLIENT_CERT/_KEY); the key for the agent only
if [ -f "$here/client.pem" ] && [ -f "$here/client.key" ]; then
  install -m 0644 "$here/client.pem" /etc/firegrid/client.pem
  install -m 0640 -g firegrid "$here/client.key" /etc/firegrid/client.key
fi
install -m 0644 "$here/firegrid-agent.service" /etc/systemd/system/firegrid-agent.service
systemctl daemon-reload
systemctl enable --now firegrid-agent
systemctl --no-pager --lines=5 status firegrid-agent || true
