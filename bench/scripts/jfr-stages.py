#!/usr/bin/env python3
"""Where the gateway's CPU goes during an `ingest` burst, by stage, from a JFR recording.

    ./firegrid bench ingest --devices 1000 --readings 100 --jfr /tmp/gateway.jfr
    bench/scripts/jfr-stages.py /tmp/gateway.jfr

Takes the execution samples (jdk.ExecutionSample) taken after the last sample of a password
thread, which ends the connect phase, so only the burst of readings is counted. Each sample goes
to the first stage whose rule matches a frame of its stack (rules below, in order). Also prints
the samples per thread and, for the store's writer thread, the native SQLite samples
(jdk.NativeMethodSample) by the JDBC call they are in: those are time inside SQLite (CPU and the
commit's fsync alike), which execution samples do not see.

Needs only the JDK's `jfr` tool and Python 3.
"""
import collections
import json
import subprocess
import sys

# (stage, frame substrings: the sample belongs to the stage if any frame contains one), first match wins
STAGES = [
    ("auth (PBKDF2)", ["PBKDF2", "KeyDerivationPool", "PasswordHasher"]),
    ("telemetry history thread", ["HistoryStore."]),
    ("codec: JSON decode", ["MessageCodec.decode", "UtcTimestamps.", "ReadingsDecoder", "EventDecoder"]),
    ("store: alarm engine on readings (in the transaction)", ["AlarmService.onReadings", "AlarmEngine.onReadings",
                                                              "PressureWatch.", "AlarmRules."]),
    ("store: alarm engine on events, ticks", ["AlarmService.onEvent", "AlarmEngine.", "AlarmService.lambda$tick"]),
    ("store: INSERT of the message", ["MessageStore.insert", "MessageStore.insertAll"]),
    ("after commit: DeviceRegistry.seen", ["DeviceRegistry.seen"]),
    ("after commit: telemetry recorder", ["TelemetryRecorder."]),
    ("after commit: alarms published, listeners", ["AlarmService.published", "IngestService.lambda$accept$1",
                                                   "IngestService.afterCommit", "HonoConnector", "HonoJournal"]),
    ("store: the writer's own work (begin, savepoints, commit, delivery)", ["Database.runBatch", "Database.loop",
                                                                           "Database.deliverAll"]),
    ("PUBACK write", ["publishAcknowledge", "publishReceived", "MqttConnection.acknowledge"]),
    ("admission, window, topic (MqttAdapter before the store)", ["MqttAdapter.", "PublishWindow.", "IngestService.accept"]),
    ("MQTT decode (Netty MqttDecoder)", ["MqttDecoder."]),
    ("Netty socket I/O, Vert.x plumbing", ["io/netty/", "io/vertx/", "NioEventLoop", "MqttServerConnection",
                                           "MqttListener", "ConnectionBase", "SocketChannelImpl"]),
]


def frames(event):
    out = []
    for f in (event["values"]["stackTrace"] or {"frames": []})["frames"]:
        t = f["method"]["type"]["name"]
        out.append(t + "." + f["method"]["name"])
        # short names too, so that rules can say "MessageCodec.decode"
        out.append(t.split("/")[-1] + "." + f["method"]["name"])
    return out


def stage_of(fs, rules=None):
    for name, needles in rules or STAGES:
        for f in fs:
            for n in needles:
                if n in f:
                    return name
    return "other"


def load(path, event_type, depth=96):
    text = subprocess.run(["jfr", "print", "--json", "--stack-depth", str(depth), "--events", event_type, path],
                          check=True, capture_output=True, text=True).stdout
    return json.loads(text)["recording"]["events"]


def main(path):
    samples = load(path, "jdk.ExecutionSample")
    thread = lambda e: e["values"]["sampledThread"]["javaName"] or "?"
    pw = [e["values"]["startTime"] for e in samples if "password" in thread(e)]
    start = max(pw) if pw else ""
    burst = [e for e in samples if e["values"]["startTime"] > start and "password" not in thread(e)]
    if not burst:
        sys.exit("no execution samples after the connect phase in " + path)
    print(f"{len(burst)} execution samples from {burst[0]['values']['startTime']} to {burst[-1]['values']['startTime']}")
    stages = collections.Counter(stage_of(frames(e)) for e in burst)
    print("\n| stage | samples | share |\n|---|---|---|")
    for name, _ in STAGES + [("other", [])]:
        if stages[name]:
            print(f"| {name} | {stages[name]} | {100 * stages[name] / len(burst):.0f} % |")
    threads = collections.Counter(
        "vert.x event loops" if "eventloop" in thread(e) else thread(e) for e in burst)
    print("\nby thread: " + ", ".join(f"{t} {n} ({100 * n / len(burst):.0f} %)" for t, n in threads.most_common()))
    if "-v" in sys.argv:
        others = collections.Counter(" < ".join(f.split("/")[-1] for f in frames(e)[1:12:2])
                                     for e in burst if stage_of(frames(e)) == "other")
        for s, n in others.most_common(15):
            print(f"  other {n}: {s}")
    natives = [e for e in load(path, "jdk.NativeMethodSample")
               if thread(e) == "firegrid-db" and e["values"]["startTime"] > start]
    if natives:
        calls = collections.Counter()
        for e in natives:
            fs = [f for f in frames(e) if "/" not in f]
            call = next((f for f in fs if f.startswith("NativeDB.")), fs[0] if fs else "?")
            ours = [f for f in fs if f.startswith(("Database.", "MessageStore.", "AlarmStore.", "HonoJournal.",
                                                   "StatementCache.")) and not f.startswith("Database.lambda")]
            # Database.execute called from Database.execute is a savepoint; from runBatch, BEGIN or COMMIT
            calls[call + " in " + " < ".join(ours[:2])] += 1
        print(f"\nstore writer in native SQLite: {len(natives)} samples")
        for c, n in calls.most_common(12):
            print(f"  {n:5d} {100 * n / len(natives):3.0f} %  {c}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: jfr-stages.py RECORDING.jfr [-v]")
    main(sys.argv[1])
