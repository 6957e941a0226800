package io.firegrid.config.bundle;

/**
 * The first-boot files of a Raspberry Pi OS (bookworm) SD card, done the way Raspberry Pi Imager
 * customises an image: {@code firstrun.sh} on the boot partition, run once by systemd through
 * {@link #CMDLINE_HOOK} appended to {@code cmdline.txt}, then removed with its hook. It runs early,
 * before the network is up: it sets the hostname, writes the Wi-Fi connection (NetworkManager, as
 * bookworm uses), moves the agent, its settings and secrets off the FAT partition (which anyone
 * holding the card can read), and enables {@code firegrid-firstboot.service}, which waits for the
 * network, installs Java 17 if missing and runs the agent's {@code install.sh}, then disables itself.
 */
public final class FirstBoot {

    /** What {@code flash} appends to the single line of {@code cmdline.txt}, as Raspberry Pi Imager does. */
    public static final String CMDLINE_HOOK =
            "systemd.run=/boot/firstrun.sh systemd.run_success_action=reboot systemd.unit=kernel-command-line.target";

    private FirstBoot() {
    }

    /** A hostname from a device id: lower case, letters, digits and '-', at most 63 characters. */
    public static String hostname(String deviceId) {
        String h = deviceId.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
        h = h.length() > 63 ? h.substring(0, 63) : h;
        return h.isEmpty() ? "firegrid" : h;
    }

    /** {@code firstrun.sh} for one device. */
    public static String firstrun(String tenant, String deviceId, String site, Network network) {
        String host = hostname(deviceId);
        StringBuilder sb = new StringBuilder();
        sb.append("""
                #!/bin/bash
                # FireGrid first boot of device %s (tenant %s, site %s); written by 'firegrid config bundle'.
                # Raspberry Pi OS bookworm runs it once, early, through cmdline.txt:
                #   %s
                # It removes itself and that hook, so the next boot is an ordinary one.
                # Log: /var/log/firegrid-firstrun.log on the Pi.
                set +e
                exec >>/var/log/firegrid-firstrun.log 2>&1
                echo "firegrid firstrun: $(date -u)"
                BOOT=/boot/firmware
                [ -d "$BOOT/firegrid" ] || BOOT=/boot
                SRC="$BOOT/firegrid"

                # hostname
                HOST=%s
                OLD=$(tr -d ' \\t\\n\\r' </etc/hostname)
                echo "$HOST" >/etc/hostname
                sed -i "s/127\\.0\\.1\\.1.*$OLD/127.0.1.1\\t$HOST/g" /etc/hosts

                """.formatted(deviceId, tenant, site, CMDLINE_HOOK, shellQuote(host)));
        if (network.isWifi()) {
            sb.append("""
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
                    ssid=%s

                    [wifi-security]
                    key-mgmt=wpa-psk
                    psk=%s

                    [ipv4]
                    method=auto

                    [ipv6]
                    method=auto
                    FIREGRID_WIFI
                    raspi-config nonint do_wifi_country %s || iw reg set %s
                    rfkill unblock wifi
                    for f in /var/lib/systemd/rfkill/*:wlan; do [ -e "$f" ] && echo 0 >"$f"; done

                    """.formatted(keyfile(network.ssid()), keyfile(network.passphrase()), network.country(),
                    network.country()));
        } else {
            sb.append("# network: Ethernet with DHCP, Raspberry Pi OS's default; nothing to write\n\n");
        }
        sb.append("""
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
                """);
        return sb.toString();
    }

    /** A value in a NetworkManager keyfile: backslashes doubled, as GKeyFile reads them. */
    static String keyfile(String v) {
        return v.replace("\\", "\\\\");
    }

    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
