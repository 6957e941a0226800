#!/bin/bash
# FireGrid first boot of device pi-0002 (tenant t1, site bldg-7); written by 'firegrid config bundle'.
# Raspberry Pi OS bookworm runs it once, early, through cmdline.txt:
#   systemd.run=/boot/firmware/firstrun.sh systemd.run_success_action=reboot systemd.unit=kernel-command-line.target
# It removes itself and that hook, so the next boot is an ordinary one.
# Log: /var/log/firegrid-firstrun.log on the Pi.
# FIREGRID_FIRSTRUN_ROOT (unset on the Pi) runs it against another root directory.
set +e
ROOT="${FIREGRID_FIRSTRUN_ROOT:-}"
mkdir -p "$ROOT/var/log"
exec >>"$ROOT/var/log/firegrid-firstrun.log" 2>&1
echo "firegrid firstrun: $(date -u)"
# bookworm mounts the boot partition at /boot/firmware, earlier releases at /boot
BOOT="$ROOT/boot/firmware"
[ -f "$BOOT/cmdline.txt" ] || BOOT="$ROOT/boot"
SRC="$BOOT/firegrid"

# hostname
HOST='pi-0002'
echo "$HOST" >"$ROOT/etc/hostname"
if grep -q '^127\.0\.1\.1' "$ROOT/etc/hosts"; then
  sed -i "s/^127\.0\.1\.1.*/127.0.1.1\t$HOST/" "$ROOT/etc/hosts"
else
  printf '127.0.1.1\t%s\n' "$HOST" >>"$ROOT/etc/hosts"
fi

# network: Ethernet with DHCP, Raspberry Pi OS's default; nothing to write

# the agent: files to /opt, settings and secrets off the FAT partition
install -d -m 0755 "$ROOT/opt/firegrid-agent/dist"
cp -r "$SRC/." "$ROOT/opt/firegrid-agent/dist/"
rm -f "$ROOT/opt/firegrid-agent/dist/agent.env"
install -d -m 0700 "$ROOT/root"
install -m 0600 "$SRC/agent.env" "$ROOT/root/firegrid-agent.env"
if [ -f "$ROOT/root/firegrid-agent.env" ]; then rm -f "$SRC/agent.env"; fi
chmod 0755 "$ROOT/opt/firegrid-agent/dist/install.sh"
# the device's TLS client certificate: to /etc/firegrid, the key for the agent's group only, off the card
rm -f "$ROOT/opt/firegrid-agent/dist/client.key"
grep -q '^firegrid:' "$ROOT/etc/passwd" 2>/dev/null || useradd ${ROOT:+--root "$ROOT"} --system \
  --no-create-home --shell /usr/sbin/nologin --user-group firegrid
FG_GID="$(awk -F: '$1 == "firegrid" { print $3 }' "$ROOT/etc/group" 2>/dev/null)"
[ -n "$FG_GID" ] || { echo "firegrid firstrun: no group firegrid; client.key stays root's"; FG_GID=0; }
install -d -m 0750 -g "$FG_GID" "$ROOT/etc/firegrid"
install -m 0644 "$SRC/client.pem" "$ROOT/etc/firegrid/client.pem"
install -m 0640 -g "$FG_GID" "$SRC/client.key" "$ROOT/etc/firegrid/client.key"
if [ -f "$ROOT/etc/firegrid/client.key" ]; then rm -f "$SRC/client.key"; fi
install -d -m 0755 "$ROOT/etc/systemd/system"
cat >"$ROOT/etc/systemd/system/firegrid-firstboot.service" <<'FIREGRID_UNIT'
[Unit]
Description=FireGrid first boot: install Java 17 and the edge agent
Wants=network-online.target
After=network-online.target
ConditionPathExists=/root/firegrid-agent.env

[Service]
Type=oneshot
ExecStart=/bin/sh -c 'command -v java >/dev/null || { apt-get update && apt-get install -y openjdk-17-jre-headless; }'
ExecStart=/bin/sh -c 'cd /opt/firegrid-agent/dist && JAR_DIR=/opt/firegrid-agent/dist ./install.sh /root/firegrid-agent.env'
ExecStartPost=/bin/rm -f /root/firegrid-agent.env
ExecStartPost=/bin/systemctl disable firegrid-firstboot.service
Restart=on-failure
RestartSec=30

[Install]
WantedBy=multi-user.target
FIREGRID_UNIT
systemctl ${ROOT:+--root="$ROOT"} enable firegrid-firstboot.service

# once only: this script and its hook go; the rest of cmdline.txt (the Wi-Fi country) stays
rm -f "$BOOT/firstrun.sh"
sed -i -e 's| systemd\.run=[^ ]*||g' -e 's| systemd\.run_success_action=[^ ]*||g' \
  -e 's| systemd\.unit=kernel-command-line\.target||g' "$BOOT/cmdline.txt"
echo "firegrid firstrun: done"
exit 0
