#!/bin/bash
# FireGrid first boot of device pi-0001 (tenant t1, site bldg-7); written by 'firegrid config bundle'.
# Raspberry Pi OS bookworm runs it once, early, through cmdline.txt:
#   systemd.run=/boot/firstrun.sh systemd.run_success_action=reboot systemd.unit=kernel-command-line.target
# It removes itself and that hook, so the next boot is an ordinary one.
# Log: /var/log/firegrid-firstrun.log on the Pi.
set +e
exec >>/var/log/firegrid-firstrun.log 2>&1
echo "firegrid firstrun: $(date -u)"
BOOT=/boot/firmware
[ -d "$BOOT/firegrid" ] || BOOT=/boot
SRC="$BOOT/firegrid"

# hostname
HOST='pi-0001'
OLD=$(tr -d ' \t\n\r' </etc/hostname)
echo "$HOST" >/etc/hostname
sed -i "s/127\.0\.1\.1.*$OLD/127.0.1.1\t$HOST/g" /etc/hosts

# Wi-Fi (NetworkManager keyfile; bookworm no longer reads wpa_supplicant.conf from the boot partition)
install -d -m 0700 /etc/NetworkManager/system-connections
install -m 0600 /dev/null /etc/NetworkManager/system-connections/firegrid-wifi.nmconnection
cat >/etc/NetworkManager/system-connections/firegrid-wifi.nmconnection <<'FIREGRID_WIFI'
[connection]
id=firegrid-wifi
type=wifi
autoconnect=true

[wifi]
mode=infrastructure
ssid=Jinqiao-IoT

[wifi-security]
key-mgmt=wpa-psk
psk=fire-door-7

[ipv4]
method=auto

[ipv6]
method=auto
FIREGRID_WIFI
raspi-config nonint do_wifi_country CN || iw reg set CN
rfkill unblock wifi
for f in /var/lib/systemd/rfkill/*:wlan; do [ -e "$f" ] && echo 0 >"$f"; done

# the agent: files to /opt, settings and secrets off the FAT partition
install -d -m 0755 /opt/firegrid-agent/dist
cp -r "$SRC/." /opt/firegrid-agent/dist/
rm -f /opt/firegrid-agent/dist/agent.env
install -m 0600 "$SRC/agent.env" /root/firegrid-agent.env
if [ -f /root/firegrid-agent.env ]; then rm -f "$SRC/agent.env"; fi
chmod 0755 /opt/firegrid-agent/dist/install.sh
cat >/etc/systemd/system/firegrid-firstboot.service <<'FIREGRID_UNIT'
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
systemctl enable firegrid-firstboot.service

# once only
rm -f "$BOOT/firstrun.sh"
sed -i 's| systemd.run.*||g' "$BOOT/cmdline.txt"
echo "firegrid firstrun: done"
exit 0
