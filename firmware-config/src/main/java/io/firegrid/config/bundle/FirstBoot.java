package io.firegrid.config.bundle;

/**
 * The first-boot files of a Raspberry Pi OS (bookworm) SD card, done the way Raspberry Pi Imager
 * customises an image: {@code firstrun.sh} on the boot partition, run once by systemd through
 * {@link #CMDLINE_HOOK} appended to {@code cmdline.txt}, then removed with its hook. Bookworm mounts
 * the boot partition at {@code /boot/firmware} (earlier releases at {@code /boot}, which the script
 * still finds). It runs early, before the network is up: it sets the hostname, writes the network
 * as NetworkManager keyfiles (bookworm no longer reads {@code wpa_supplicant.conf}), sets the Wi-Fi
 * country in {@code cmdline.txt} (where bookworm reads the regulatory domain), moves the agent, its
 * settings and secrets off the FAT partition (which anyone holding the card can read), and enables
 * {@code firegrid-firstboot.service}, which waits for the network, installs Java 17 if missing and
 * runs the agent's {@code install.sh}, then disables itself. With {@code FIREGRID_FIRSTRUN_ROOT}
 * set, every path it touches is under that directory, so it can be run off the Pi.
 */
public final class FirstBoot {

    /** What {@code flash} appends to the single line of {@code cmdline.txt}; bookworm mounts the boot partition at /boot/firmware. */
    public static final String CMDLINE_HOOK =
            "systemd.run=/boot/firmware/firstrun.sh systemd.run_success_action=reboot systemd.unit=kernel-command-line.target";

    /** The hook of bundles before bookworm's /boot/firmware was taken into account; {@code flash} replaces it. */
    public static final String LEGACY_CMDLINE_HOOK =
            "systemd.run=/boot/firstrun.sh systemd.run_success_action=reboot systemd.unit=kernel-command-line.target";

    /** The keyfile of the Wi-Fi connection, under /etc/NetworkManager/system-connections. */
    public static final String WIFI_KEYFILE = "firegrid-wifi.nmconnection";
    /** The keyfile of a static wired connection. */
    public static final String ETHERNET_KEYFILE = "firegrid-ethernet.nmconnection";

    private FirstBoot() {
    }

    /** A hostname from a device id: lower case, letters, digits and '-', at most 63 characters. */
    public static String hostname(String deviceId) {
        return io.firegrid.inventory.NetworkSettings.hostname(null, null, null, deviceId);
    }

    /** {@code firstrun.sh} for one device, its hostname made from its id. */
    public static String firstrun(String tenant, String deviceId, String site, Network network) {
        return firstrun(tenant, deviceId, site, hostname(deviceId), network);
    }

    /** {@code firstrun.sh} for one device without a client certificate. */
    public static String firstrun(String tenant, String deviceId, String site, String host, Network network) {
        return firstrun(tenant, deviceId, site, host, network, false);
    }

    /**
     * {@code firstrun.sh} for one device; with {@code clientCertificate} it also moves the bundle's
     * client.pem and client.key to /etc/firegrid, the key mode 640 for the group firegrid (made here
     * as install.sh would make it, so that the key never waits on the card), and deletes the key from
     * the boot partition.
     */
    public static String firstrun(String tenant, String deviceId, String site, String host, Network network,
            boolean clientCertificate) {
        StringBuilder sb = new StringBuilder();
        sb.append("""
                #!/bin/bash
                # FireGrid first boot of device %s (tenant %s, site %s); written by 'firegrid config bundle'.
                # Raspberry Pi OS bookworm runs it once, early, through cmdline.txt:
                #   %s
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
                HOST=%s
                echo "$HOST" >"$ROOT/etc/hostname"
                if grep -q '^127\\.0\\.1\\.1' "$ROOT/etc/hosts"; then
                  sed -i "s/^127\\.0\\.1\\.1.*/127.0.1.1\\t$HOST/" "$ROOT/etc/hosts"
                else
                  printf '127.0.1.1\\t%%s\\n' "$HOST" >>"$ROOT/etc/hosts"
                fi

                """.formatted(deviceId, tenant, site, CMDLINE_HOOK, shellQuote(host)));
        if (network.isWifi() || network.isStatic()) {
            String file = network.isWifi() ? WIFI_KEYFILE : ETHERNET_KEYFILE;
            sb.append("""
                    # network: a NetworkManager keyfile, root's only (bookworm no longer reads wpa_supplicant.conf)
                    NM="$ROOT/etc/NetworkManager/system-connections"
                    install -d -m 0755 "$NM"
                    install -m 0600 /dev/null "$NM/%s"
                    cat >"$NM/%s" <<'FIREGRID_NM'
                    %sFIREGRID_NM
                    """.formatted(file, file, keyfileText(network)));
        } else {
            sb.append("# network: Ethernet with DHCP, Raspberry Pi OS's default; nothing to write\n");
        }
        if (network.isWifi()) {
            sb.append("""
                    # Wi-Fi country: bookworm takes the regulatory domain from cmdline.txt; unblock the radio
                    sed -i -e 's/ *cfg80211\\.ieee80211_regdom=[^ ]*//g' -e '1s/ *$/ cfg80211.ieee80211_regdom=%s/' "$BOOT/cmdline.txt"
                    for f in "$ROOT"/var/lib/systemd/rfkill/*:wlan; do [ -e "$f" ] && echo 0 >"$f"; done
                    [ -n "$ROOT" ] || rfkill unblock wifi
                    """.formatted(network.country()));
        }
        sb.append("""

                # the agent: files to /opt, settings and secrets off the FAT partition
                install -d -m 0755 "$ROOT/opt/firegrid-agent/dist"
                cp -r "$SRC/." "$ROOT/opt/firegrid-agent/dist/"
                rm -f "$ROOT/opt/firegrid-agent/dist/agent.env"
                install -d -m 0700 "$ROOT/root"
                install -m 0600 "$SRC/agent.env" "$ROOT/root/firegrid-agent.env"
                if [ -f "$ROOT/root/firegrid-agent.env" ]; then rm -f "$SRC/agent.env"; fi
                chmod 0755 "$ROOT/opt/firegrid-agent/dist/install.sh"
                """);
        if (clientCertificate) {
            sb.append("""
                    # the device's TLS client certificate: to /etc/firegrid, the key for the agent's group only, off the card
                    rm -f "$ROOT/opt/firegrid-agent/dist/client.key"
                    grep -q '^firegrid:' "$ROOT/etc/passwd" 2>/dev/null || useradd ${ROOT:+--root "$ROOT"} --system \\
                      --no-create-home --shell /usr/sbin/nologin --user-group firegrid
                    FG_GID="$(awk -F: '$1 == "firegrid" { print $3 }' "$ROOT/etc/group" 2>/dev/null)"
                    [ -n "$FG_GID" ] || { echo "firegrid firstrun: no group firegrid; client.key stays root's"; FG_GID=0; }
                    install -d -m 0750 -g "$FG_GID" "$ROOT/etc/firegrid"
                    install -m 0644 "$SRC/client.pem" "$ROOT/etc/firegrid/client.pem"
                    install -m 0640 -g "$FG_GID" "$SRC/client.key" "$ROOT/etc/firegrid/client.key"
                    if [ -f "$ROOT/etc/firegrid/client.key" ]; then rm -f "$SRC/client.key"; fi
                    """);
        }
        sb.append("""
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
                sed -i -e 's| systemd\\.run=[^ ]*||g' -e 's| systemd\\.run_success_action=[^ ]*||g' \\
                  -e 's| systemd\\.unit=kernel-command-line\\.target||g' "$BOOT/cmdline.txt"
                echo "firegrid firstrun: done"
                exit 0
                """);
        return sb.toString();
    }

    /** The NetworkManager connection of {@code network} (Wi-Fi, or static Ethernet). */
    static String keyfileText(Network network) {
        StringBuilder k = new StringBuilder();
        if (network.isWifi()) {
            k.append("""
                    [connection]
                    id=firegrid-wifi
                    type=wifi
                    autoconnect=true
                    autoconnect-priority=10

                    [wifi]
                    mode=infrastructure
                    ssid=%s

                    [wifi-security]
                    key-mgmt=wpa-psk
                    psk=%s

                    """.formatted(keyfile(network.ssid()), keyfile(network.passphrase())));
        } else {
            k.append("""
                    [connection]
                    id=firegrid-ethernet
                    type=ethernet
                    interface-name=eth0
                    autoconnect=true
                    autoconnect-priority=10

                    [ethernet]

                    """);
        }
        if (network.isStatic()) {
            k.append("[ipv4]\nmethod=manual\naddress1=").append(network.address())
                    .append(network.gateway() == null ? "" : "," + network.gateway()).append('\n');
            if (!network.dns().isEmpty()) {
                k.append("dns=").append(String.join(";", network.dns())).append(";\n");
            }
        } else {
            k.append("[ipv4]\nmethod=auto\n");
        }
        k.append("\n[ipv6]\nmethod=auto\n");
        return k.toString();
    }

    /** A value in a NetworkManager keyfile: backslashes doubled, as GKeyFile reads them. */
    static String keyfile(String v) {
        return v.replace("\\", "\\\\");
    }

    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
