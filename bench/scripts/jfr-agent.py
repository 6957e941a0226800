#!/usr/bin/env python3
"""Where an edge agent's replay time goes, by stage, from a JFR recording of the replay JVM.

    java -XX:StartFlightRecording=filename=/tmp/agent.jfr,settings=profile ... OutboxProcess replay ...
    bench/scripts/jfr-agent.py /tmp/agent.jfr

The harness's replay JVM (bench/src/main/java/io/firegrid/bench/agent/OutboxProcess) is what to
record; bench/README.md, section `agent`, shows the whole command. Every execution sample
(jdk.ExecutionSample: a thread running Java code) goes to the first stage whose rule matches a frame
of its stack; every native sample (jdk.NativeMethodSample: a thread inside a native call) is
reported by the call it waits in, so the outbox's fsyncs (FileDispatcherImpl.force0) and its reads
show up, which execution samples do not see. Samples of threads parked in a socket poll are idle
waiting, not work, and are left out of the native table's share.

Needs only the JDK's `jfr` tool and Python 3.
"""
import collections
import json
import subprocess
import sys

# (stage, frame substrings: the sample belongs to the stage if any frame contains one), first match wins
STAGES = [
    ("start-up: class loading, JIT, TLS/crypto set-up", ["ClassLoader", "URLClassPath", "ZipFile", "JarFile",
                                                         "MethodHandle", "sun/security/", "java/lang/invoke/"]),
    ("outbox open: reading the log", ["OutboxLog.open", "Outbox.open"]),
    ("outbox removal: records encoded, written, forced", ["OutboxLog.write", "Outbox.acked", "Outbox.remove"]),
    ("outbox read: peek (copying the next messages)", ["Outbox.peek"]),
    ("logging (slf4j)", ["org/slf4j/", "SimpleLogger"]),
    ("JSON (Jackson, MessageCodec)", ["com/fasterxml/jackson", "MessageCodec"]),
    ("Paho publish on the uplink thread (token, persistence, queue)", ["MqttAsyncClient.publish", "ClientState.send"]),
    ("OutboxSender bookkeeping", ["OutboxSender."]),
    ("Paho sender thread (PUBLISH encoded and written)", ["CommsSender"]),
    ("Paho receiver thread (PUBACK read, token completed)", ["CommsReceiver"]),
    ("Paho callback thread (listener, hand-off to the uplink)", ["CommsCallback"]),
    ("uplink thread: executor hand-offs", ["Connector", "ThreadPoolExecutor", "ScheduledThreadPoolExecutor"]),
    ("the harness's main loop (polls the outbox's size)", ["OutboxProcess.main"]),
]


def frames(event):
    trace = event["values"].get("stackTrace")
    if not trace:
        return []
    return [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in trace["frames"]]


def thread(event):
    t = event["values"].get("sampledThread") or {}
    return t.get("javaName") or t.get("osName") or "?"


def main(path):
    out = subprocess.run(["jfr", "print", "--json", "--events", "jdk.ExecutionSample,jdk.NativeMethodSample", path],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    java = [e for e in events if e["type"] == "jdk.ExecutionSample"]
    native = [e for e in events if e["type"] == "jdk.NativeMethodSample"]

    stages = collections.Counter()
    top = collections.Counter()
    for e in java:
        fs = frames(e)
        for name, rules in STAGES:
            if any(r in f for f in fs for r in rules):
                stages[name] += 1
                break
        else:
            stages["other"] += 1
            top[fs[0] if fs else "?"] += 1
    print(f"execution samples (Java code running): {len(java)}")
    for name, n in stages.most_common():
        print(f"  {100.0 * n / max(1, len(java)):5.1f}%  {n:6d}  {name}")
    if top:
        print("  'other', by top frame:")
        for f, n in top.most_common(8):
            print(f"         {n:6d}  {f}")
    print("\nexecution samples by thread:")
    for t, n in collections.Counter(thread(e) for e in java).most_common(8):
        print(f"  {n:6d}  {t}")

    calls = collections.Counter()
    idle = 0
    for e in native:
        fs = frames(e)
        if fs and ("Net.poll" in fs[0] or "epollWait" in fs[0] or "accept" in fs[0]):
            idle += 1
            continue
        caller = next((f for f in fs[1:] if f.startswith("io/firegrid/")), "")
        calls[(fs[0] if fs else "?") + (" < " + caller if caller else "")] += 1
    busy = sum(calls.values())
    print(f"\nnative samples (inside a native call), {busy} not idle ({idle} waiting in a socket poll left out):")
    for c, n in calls.most_common(10):
        print(f"  {100.0 * n / max(1, busy):5.1f}%  {n:6d}  {c}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: jfr-agent.py RECORDING.jfr")
    main(sys.argv[1])
