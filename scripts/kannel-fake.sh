#!/usr/bin/env bash
# A local Kannel for trying SMS by hand: bearerbox and smsbox on loopback, with Kannel's fakesmsc as
# the SMS center in the foreground. Messages the gateway sends are printed as fakesmsc receives them
# ("Got message ..."); type a line to send a phone's reply into Kannel, e.g.
#     +8613800001001 10690000 text 1
# (from, to, "text", the reply: 1 or 2; for 受理/出发 use "ucs2 %53%D7%74%06" / "ucs2 %51%FA%53%D1").
# Needs kannel and kannel-extras (scripts/install-test-deps.sh). Stops everything on exit.
# Usage: scripts/kannel-fake.sh [GATEWAY_URL=http://127.0.0.1:8080] [SECRET=local-kannel-secret]
set -euo pipefail
gateway="${1:-http://127.0.0.1:8080}"
secret="${2:-local-kannel-secret}"
admin=13000 box=13001 smsc=13002 sendsms=13013
dir="$(mktemp -d -t firegrid-kannel.XXXXXX)"
cat > "$dir/kannel.conf" <<CONF
group = core
admin-port = $admin
admin-password = admin
admin-interface = 127.0.0.1
admin-allow-ip = 127.0.0.1
smsbox-port = $box
smsbox-interface = 127.0.0.1
box-allow-ip = 127.0.0.1
log-file = "$dir/bearerbox.log"
dlr-storage = internal

group = smsc
smsc = fake
smsc-id = fake
host = 127.0.0.1
port = $smsc
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
sendsms-port = $sendsms
sendsms-interface = 127.0.0.1
global-sender = 10690000
mo-recode = true
log-file = "$dir/smsbox.log"

group = sendsms-user
username = firegrid
password = local-kannel-password
concatenation = true
max-messages = 3

group = sms-service
keyword = default
catch-all = true
max-messages = 0
get-url = "$gateway/sms/inbound?secret=$secret&from=%p&text=%a"
CONF
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
/usr/sbin/bearerbox "$dir/kannel.conf" > "$dir/bearerbox.out" 2>&1 & pids+=($!)
sleep 1
/usr/sbin/smsbox "$dir/kannel.conf" > "$dir/smsbox.out" 2>&1 & pids+=($!)
sleep 1
cat <<INFO
Kannel is up (config and logs in $dir). Start the gateway with:
  FIREGRID_SMS_URL=http://127.0.0.1:$sendsms/cgi-bin/sendsms FIREGRID_SMS_USER=firegrid \\
  FIREGRID_SMS_PASSWORD=local-kannel-password FIREGRID_SMS_INBOUND_SECRET=$secret ./firegrid gateway
Messages to phones appear below; type a reply line to send one. Ctrl-C stops Kannel.
INFO
/usr/lib/kannel/test/fakesmsc -H 127.0.0.1 -r "$smsc" 2>&1 | grep --line-buffered -E 'Got message|sent message|ERROR' || true
