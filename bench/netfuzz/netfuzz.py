#!/usr/bin/python3
"""Malformed MQTT and CoAP packets against a live FireGrid gateway on loopback (docs/fuzzing.md).

Starts a gateway from its jar (--jar) on free loopback ports, or uses one already running
(--data-dir of a gateway that wrote ports.json, with --token). It registers a fuzzing device and
a checking device, then sends batches of malformed packets built with Scapy's MQTT and CoAP layers:

  MQTT over TCP   fuzz() of CONNECT, PUBLISH and SUBSCRIBE fields; PUBLISH/SUBSCRIBE with fuzzed
                  fields on an authenticated connection; valid packets cut short; fixed headers
                  announcing more than is sent (up to 256 MiB); random bytes
  CoAP over UDP   fuzz() of CoAP headers and options; POSTs with mutated JSON bodies; datagrams cut
                  short; random bytes

After every batch it checks that the gateway is still well: /health says "up", the checking device
gets a PUBACK for an event over MQTT and 2.04 for one over CoAP, and open file descriptors (from
/health) and heap used after a full GC (jcmd, when the gateway's pid is known) stay within bounds
of their values after the first batch. It stops at the first failed check (exit 1) or after
--packets packets (exit 0), and prints one line per batch and a summary.

Needs Debian's python3-scapy and /usr/bin/python3 (scripts/install-test-deps.sh). Loopback only.
"""

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import logging
logging.getLogger("scapy").setLevel(logging.ERROR)
from scapy.contrib.coap import CoAP  # noqa: E402
from scapy.contrib.mqtt import MQTT, MQTTConnect, MQTTPublish, MQTTSubscribe, MQTTTopicQOS  # noqa: E402
from scapy.packet import fuzz  # noqa: E402

HOST = "127.0.0.1"
TENANT = "t1"
FUZZER = "fuzz-1"
CHECKER = "check-1"
PASSWORD = "netfuzz-password-1"
FD_SLACK = 32              # more open fds than after the first batch that still count as flat
HEAP_SLACK = 48 << 20      # more heap after GC than after the first batch that still counts as flat


def log(msg):
    print(msg, flush=True)


# ---------------------------------------------------------------- gateway

class Gateway:
    def __init__(self, http, mqtt, coap, token, pid=None, process=None, data_dir=None):
        self.http, self.mqtt, self.coap, self.token = http, mqtt, coap, token
        self.pid, self.process, self.data_dir = pid, process, data_dir

    @staticmethod
    def start(jar, log_path):
        data = tempfile.mkdtemp(prefix="netfuzz-")
        env = dict(os.environ, FIREGRID_DATA_DIR=data, FIREGRID_HTTP_PORT="0", FIREGRID_MQTT_PORT="0",
                   FIREGRID_COAP_PORT="0", FIREGRID_COAPS_PORT="-1", FIREGRID_MQTTS_PORT="0", FIREGRID_HTTPS_PORT="0",
                   FIREGRID_BIND_HOST=HOST,
                   FIREGRID_ADMIN_TOKEN="netfuzz-admin-token", FIREGRID_PASSWORD_ITERATIONS="1000",
                   FIREGRID_COAP_UNAUTHENTICATED="true")
        java = shutil.which("java") or "java"
        out = open(log_path, "ab")
        p = subprocess.Popen([java, "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-jar", jar], env=env,
                             stdout=out, stderr=subprocess.STDOUT)
        ports = os.path.join(data, "ports.json")
        deadline = time.time() + 90
        while not os.path.exists(ports):
            if p.poll() is not None:
                raise SystemExit(f"netfuzz: the gateway exited with {p.returncode}; see {log_path}")
            if time.time() > deadline:
                p.kill()
                raise SystemExit(f"netfuzz: the gateway did not start within 90 s; see {log_path}")
            time.sleep(0.1)
        time.sleep(0.2)  # ports.json is written whole, but give the writer a moment
        return Gateway.from_ports(ports, "netfuzz-admin-token", p.pid, p, data)

    @staticmethod
    def from_ports(path, token, pid=None, process=None, data_dir=None):
        with open(path) as f:
            ports = json.load(f)
        if ports.get("coap", -1) < 0:
            raise SystemExit("netfuzz: the gateway has plain CoAP off (FIREGRID_COAP_PORT=-1)")
        return Gateway(ports["http"], ports["mqtt"], ports["coap"], token, pid, process, data_dir)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(30)
        if self.data_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def alive(self):
        return self.process is None or self.process.poll() is None

    def request(self, method, path, body=None):
        req = urllib.request.Request(f"http://{HOST}:{self.http}{path}", method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": "Bearer " + self.token,
                                              "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def register(self, device):
        status, body = self.request("POST", "/api/v1/devices", {
            "tenant": TENANT, "id": device, "password": PASSWORD,
            "sensors": [{"id": "smoke-1", "kind": "smoke", "zone": "A"}, {"id": "door-1", "kind": "door", "zone": "A"}]})
        if status not in (201, 409):
            raise SystemExit(f"netfuzz: cannot register {device}@{TENANT}: {status} {body}")

    def health(self):
        status, body = self.request("GET", "/health")
        return status, json.loads(body)

    def refusals(self):
        status, body = self.request("GET", "/metrics")
        counts = {}
        for m in re.finditer(r'^firegrid_refused_total\{([^}]*)\} ([0-9.eE+]+)$', body, re.M):
            labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
            key = labels.get("protocol", "?") + ":" + labels.get("code", "?")
            counts[key] = counts.get(key, 0) + float(m.group(2))
        return counts

    def heap_after_gc(self):
        """Heap used after a full GC in bytes, or None without jcmd or a pid."""
        if self.pid is None or shutil.which("jcmd") is None:
            return None
        subprocess.run(["jcmd", str(self.pid), "GC.run"], capture_output=True, timeout=60)
        out = subprocess.run(["jcmd", str(self.pid), "GC.heap_info"], capture_output=True, text=True, timeout=60).stdout
        m = re.search(r"total \d+K, used (\d+)K", out)
        return int(m.group(1)) * 1024 if m else None


# ---------------------------------------------------------------- MQTT

def vlen(n):
    out = b""
    while True:
        b, n = n % 128, n // 128
        out += bytes([b | (0x80 if n else 0)])
        if not n:
            return out


def mqtt_connect(client_id, user, password, keepalive=60):
    return bytes(MQTT() / MQTTConnect(protoname="MQTT", protolevel=4, clientId=client_id, username=user, password=password,
                                       usernameflag=1, passwordflag=1, cleansess=1, klive=keepalive))


def event_body(seq, sensor="smoke-1", state="normal"):
    return json.dumps({"seq": seq, "sensor": sensor, "kind": "smoke", "state": state}).encode()


def read_exactly(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


def read_packet(sock):
    """One MQTT packet: (first byte, body)."""
    first = read_exactly(sock, 1)[0]
    length, mult = 0, 1
    for _ in range(4):
        b = read_exactly(sock, 1)[0]
        length += (b & 0x7F) * mult
        mult *= 128
        if not b & 0x80:
            break
    return first, read_exactly(sock, length)


class Checker:
    """The checking device: one MQTT connection kept open, an event per check answered by PUBACK."""

    def __init__(self, gw):
        self.gw = gw
        self.sock = None
        self.seq = int(time.time() * 1000)
        self.mid = 0

    def connect(self):
        for attempt in range(10):
            s = socket.create_connection((HOST, self.gw.mqtt), timeout=10)
            s.sendall(mqtt_connect(CHECKER, f"{CHECKER}@{TENANT}", PASSWORD, keepalive=0))
            first, body = read_packet(s)
            if first >> 4 == 2 and len(body) >= 2 and body[1] == 0:
                self.sock = s
                return
            s.close()
            time.sleep(0.5 * (attempt + 1))  # refused for the connect rate: the fuzzer's CONNECTs used it up
        raise AssertionError(f"the checking device cannot connect (last CONNACK code {body[1] if len(body) > 1 else '?'})")

    def mqtt_event_acked(self):
        if self.sock is None:
            self.connect()
        self.seq += 1
        self.mid = self.mid % 65535 + 1
        pkt = bytes([0x32]) + vlen(2 + 5 + 2 + len(event_body(self.seq))) + struct.pack(">H", 5) + b"event" \
            + struct.pack(">H", self.mid) + event_body(self.seq)
        try:
            self.sock.sendall(pkt)
            deadline = time.time() + 10
            while time.time() < deadline:
                first, body = read_packet(self.sock)
                if first >> 4 == 4 and struct.unpack(">H", body[:2])[0] == self.mid:
                    return True
        except (OSError, ConnectionError) as e:
            log(f"netfuzz: checking device lost its connection ({e}); reconnecting")
            self.sock = None
            self.connect()
            return self.mqtt_event_acked()
        return False

    def coap_event_changed(self):
        self.seq += 1
        mid = random.randrange(65536)
        req = CoAP(type=0, code=2, msg_id=mid, token=b"\x0c\x0c",
                   options=[("Uri-Path", "event"), ("Uri-Path", TENANT), ("Uri-Path", CHECKER)], paymark=b"\xff") \
            / event_body(self.seq)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.settimeout(2)
            for _ in range(5):  # CON: retransmit as a device would
                s.sendto(bytes(req), (HOST, self.gw.coap))
                try:
                    while True:
                        data = s.recv(2048)
                        if len(data) >= 4 and struct.unpack(">H", data[2:4])[0] == mid:
                            return data[1] == 0x44  # 2.04
                except socket.timeout:
                    continue
        return False


def mutate_json(rng, body):
    b = bytearray(body)
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(5)
        i = rng.randrange(len(b) + 1)
        if op == 0 and b:
            del b[i % len(b)]
        elif op == 1:
            b[i:i] = bytes([rng.randrange(256)])
        elif op == 2 and b:
            b[i % len(b)] = rng.choice(b'{}[]":,0123456789-.eE\\\x00\xff ')
        elif op == 3:
            b[i:i] = rng.choice([b'"seq":', b'9' * 30, b'{"a":' * 20, b'1e999', b'"\\ud800"', b'null', b'[]'])
        else:
            b = b[:i]
    return bytes(b)


def mqtt_case(rng, gw, stats, limit):
    """One TCP connection of malformed MQTT, at most `limit` packets; returns the packets sent."""
    kind = rng.randrange(6)
    src = f"127.0.{rng.randrange(1, 255)}.{rng.randrange(1, 255)}"
    try:
        s = socket.create_connection((HOST, gw.mqtt), timeout=2, source_address=(src, 0))
    except OSError:
        s = socket.create_connection((HOST, gw.mqtt), timeout=2)
    s.settimeout(0.02)
    sent = 0
    try:
        if kind == 0:      # fuzzed CONNECT fields
            s.sendall(bytes(fuzz(MQTT(type=1) / MQTTConnect())))
            sent = 1
        elif kind == 1:    # random bytes
            s.sendall(os.urandom(rng.randint(1, 300)))
            sent = 1
        elif kind == 2:    # a valid packet cut short
            pkt = mqtt_connect(f"c{rng.randrange(10**6)}", f"{FUZZER}@{TENANT}", PASSWORD)
            s.sendall(pkt[:rng.randrange(1, len(pkt))])
            sent = 1
        elif kind == 3:    # a fixed header announcing far more than is sent
            announced = rng.choice([2049, 70_000, 1 << 20, (1 << 28) - 1])
            s.sendall(bytes([rng.choice([0x10, 0x30, 0x32, 0x82])]) + vlen(announced) + os.urandom(rng.randint(0, 64)))
            sent = 1
        else:              # authenticated, then fuzzed PUBLISH / SUBSCRIBE / truncated / oversized
            s.settimeout(5)
            s.sendall(mqtt_connect(f"fz{rng.randrange(10**6)}", f"{FUZZER}@{TENANT}", PASSWORD))
            first, body = read_packet(s)
            if first >> 4 != 2 or len(body) < 2 or body[1] != 0:
                stats["connack_refused"] = stats.get("connack_refused", 0) + 1
                return 1
            s.settimeout(0.02)
            for _ in range(rng.randint(5, 40)):
                if sent >= limit:
                    break  # the batch's count is exact: the report names the packets asked for
                c = rng.randrange(6)
                if c == 0:
                    pkt = bytes(fuzz(MQTT(type=3) / MQTTPublish()))
                elif c == 1:
                    pkt = bytes(MQTT(type=3, QOS=1) / MQTTPublish(
                        topic=rng.choice(["event", "telemetry", f"event/{TENANT}/{FUZZER}", f"event/{TENANT}/{CHECKER}",
                                          "command///res/x/200", "e//", "#", ""]),
                        msgid=rng.randrange(1, 65536), value=mutate_json(rng, event_body(rng.randrange(1 << 40)))))
                elif c == 2:
                    pkt = bytes(fuzz(MQTT(type=8, QOS=1) / MQTTSubscribe(topics=[MQTTTopicQOS()])))
                elif c == 3:
                    good = bytes(MQTT(type=3, QOS=1) / MQTTPublish(topic="event", msgid=7, value=event_body(1)))
                    pkt = good[:rng.randrange(1, len(good))]
                elif c == 4:
                    pkt = bytes([0x32]) + vlen(70_000) + struct.pack(">H", 5) + b"event\x00\x01" + b"x" * 70_000
                else:
                    pkt = bytes(fuzz(MQTT()))
                s.sendall(pkt)
                sent += 1
                try:
                    if s.recv(4096) == b"":
                        break  # the gateway closed it: the refusal for 3.1.1
                except socket.timeout:
                    pass
        try:
            s.recv(4096)
        except (socket.timeout, OSError):
            pass
    except (OSError, ConnectionError):
        pass
    finally:
        s.close()
    return max(sent, 1)


# ---------------------------------------------------------------- CoAP

def coap_datagram(rng):
    kind = rng.randrange(5)
    if kind == 0:
        return bytes(fuzz(CoAP(ver=1)))
    if kind == 1:
        return bytes(fuzz(CoAP(ver=1, code=2, options=[("Uri-Path", "event"), ("Uri-Path", TENANT),
                                                         ("Uri-Path", FUZZER)], paymark=b"\xff") / event_body(1)))
    if kind == 2:
        body = mutate_json(rng, event_body(rng.randrange(1 << 40)))
        path = rng.choice([["event", TENANT, FUZZER], ["telemetry", TENANT, FUZZER], ["event"], ["command_response", "x"],
                           ["event", TENANT, "nobody"], [".well-known", "core"]])
        return bytes(CoAP(type=rng.randrange(4), code=rng.choice([1, 2, 3, 4, 2]), msg_id=rng.randrange(65536),
                          token=os.urandom(rng.randint(0, 8)), options=[("Uri-Path", p) for p in path],
                          paymark=b"\xff" if body else b"") / body)
    if kind == 3:
        good = bytes(CoAP(type=0, code=2, msg_id=rng.randrange(65536), token=b"\x01",
                          options=[("Uri-Path", "event")], paymark=b"\xff") / event_body(1))
        return good[:rng.randrange(1, len(good))]
    return os.urandom(rng.randint(1, 200))


def coap_batch(rng, gw, n):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind((f"127.0.{rng.randrange(1, 255)}.{rng.randrange(1, 255)}", 0))
        s.setblocking(False)
        for _ in range(n):
            s.sendto(coap_datagram(rng), (HOST, gw.coap))
            try:
                while s.recv(4096):
                    pass
            except (BlockingIOError, OSError):
                pass
    return n


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jar", help="start this gateway jar on free loopback ports")
    ap.add_argument("--data-dir", help="use the running gateway whose ports.json is in this directory")
    ap.add_argument("--token", help="admin token of that gateway (FIREGRID_ADMIN_TOKEN)")
    ap.add_argument("--pid", type=int, help="its process id, for the heap check")
    ap.add_argument("--packets", type=int, default=5000, help="malformed packets to send in all [5000]")
    ap.add_argument("--batch", type=int, default=1000, help="packets between checks [1000]")
    ap.add_argument("--seed", type=int, default=1, help="random seed [1]")
    ap.add_argument("--log", default="netfuzz-gateway.log", help="gateway log when started here")
    a = ap.parse_args()
    if bool(a.jar) == bool(a.data_dir):
        ap.error("give --jar or --data-dir (with --token)")
    random.seed(a.seed)
    rng = random.Random(a.seed)
    gw = Gateway.start(a.jar, a.log) if a.jar else Gateway.from_ports(os.path.join(a.data_dir, "ports.json"), a.token, a.pid)
    started = time.time()
    try:
        gw.register(FUZZER)
        gw.register(CHECKER)
        checker = Checker(gw)
        checker.connect()
        stats = {"mqtt": 0, "coap": 0}
        base_fds = base_heap = None
        batch_no = 0
        while stats["mqtt"] + stats["coap"] < a.packets:
            batch_no += 1
            goal = min(a.batch, a.packets - stats["mqtt"] - stats["coap"])
            done = 0
            while done < goal:
                if stats["mqtt"] <= stats["coap"]:  # half and half
                    n = mqtt_case(rng, gw, stats, goal - done)
                    stats["mqtt"] += n
                else:
                    n = coap_batch(rng, gw, min(20, goal - done))
                    stats["coap"] += n
                done += n
            # the checks
            problems = []
            if not gw.alive():
                problems.append(f"the gateway process exited with {gw.process.returncode}")
            else:
                status, health = gw.health()
                if health.get("status") != "up":
                    problems.append(f"/health says {health.get('status')}: {health.get('reasons')}")
                if not checker.mqtt_event_acked():
                    problems.append("no PUBACK for the checking device's event")
                if not checker.coap_event_changed():
                    problems.append("no 2.04 for the checking device's CoAP event")
                fds = health.get("files", {}).get("open", -1)
                heap = gw.heap_after_gc()
                if base_fds is None:
                    base_fds, base_heap = fds, heap
                if fds > base_fds + FD_SLACK:
                    problems.append(f"open file descriptors grew from {base_fds} to {fds}")
                if heap is not None and base_heap is not None and heap > base_heap + HEAP_SLACK:
                    problems.append(f"heap after GC grew from {base_heap >> 20} MiB to {heap >> 20} MiB")
                log(f"netfuzz: batch {batch_no}: {stats['mqtt']} MQTT + {stats['coap']} CoAP packets sent; "
                    f"health {health.get('status')}, fds {fds}, heap after GC "
                    f"{'?' if heap is None else str(heap >> 20) + ' MiB'}, PUBACK ok, 2.04 ok" if not problems else
                    f"netfuzz: batch {batch_no}: {stats['mqtt']} MQTT + {stats['coap']} CoAP packets sent")
            if problems:
                for p in problems:
                    log("netfuzz: FAILED: " + p)
                return 1
        refused = gw.refusals()
        top = ", ".join(f"{k} {int(v)}" for k, v in sorted(refused.items(), key=lambda kv: -kv[1])[:12])
        log(f"netfuzz: refusals counted by the gateway: {top}")
        log(f"netfuzz: OK: {stats['mqtt'] + stats['coap']} malformed packets ({stats['mqtt']} MQTT, {stats['coap']} CoAP) "
            f"in {time.time() - started:.0f} s, seed {a.seed}; the gateway stayed up and served the checking device")
        return 0
    finally:
        gw.stop()


if __name__ == "__main__":
    sys.exit(main())
