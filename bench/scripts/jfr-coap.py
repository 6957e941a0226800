#!/usr/bin/env python3
"""Where a CoAP request's CPU goes, by stage, from a JFR recording of `bench coap`.

    java -XX:StartFlightRecording=filename=/tmp/coap.jfr,settings=profile \
        -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp bench/target/firegrid-bench.jar \
        io.firegrid.bench.Main coap --gateway-only --rounds 1 --requests 3000
    bench/scripts/jfr-coap.py /tmp/coap.jfr [--cpu-per-request US] [-v]

Servers and clients share the bench's JVM, so each execution sample (jdk.ExecutionSample) is
first given to a side: a thread is the clients' if a `bench-dev-N` thread started it, or started
its starter, and so on (jdk.ThreadStart's parent thread: the clients' Californium and Scandium
threads are started by their endpoints, which the bench's client threads start). Everything
else is the server's: the gateway (or the bare Californium server of the baseline) and the JVM's
own Java threads. Samples taken before the first client thread started (the gateway's start,
device registration) are left out. Each server sample then goes to the first stage whose rule
matches a frame of its stack (rules below, in order).

With --cpu-per-request (the bench's CPU/req for the recorded case, clients included), each share
is also printed as microseconds of CPU per request. Needs only the JDK's `jfr` tool and Python 3.
"""
import collections
import importlib.util
import os
import sys

# the JFR reading and frame matching of jfr-stages.py, with this script's own stages
_spec = importlib.util.spec_from_file_location("jfr_stages", os.path.join(os.path.dirname(__file__), "jfr-stages.py"))
stages = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(stages)

# (stage, frame substrings: the sample belongs to the stage if any frame contains one), first match wins
STAGES = [
    ("adapter: JSON decode (MessageCodec)", ["MessageCodec.decode", "UtcTimestamps.", "ReadingsDecoder", "EventDecoder"]),
    ("store thread: transaction, commit", ["Database.runBatch", "Database.loop", "MessageStore.", "AlarmService.onReadings",
                                           "AlarmEngine."]),
    ("after commit: telemetry recorder", ["TelemetryRecorder."]),
    ("after commit: registry seen, listeners, alarms published", ["DeviceRegistry.seen", "IngestService.lambda$accept",
                                                                  "AlarmService.published"]),
    ("ingest before the store: IngestService.accept, Database.write", ["IngestService.accept", "Database.write"]),
    ("store completions delivered (Database.deliverAll, promise)", ["Database.deliver", "Database.lambda$deliver"]),
    ("adapter: checks, path, authentication, answer (CoapAdapter)", ["CoapAdapter.", "Topic.", "DevicePskStore.",
                                                                    "SleepyCommands.", "DeviceResource."]),
    ("Californium: deduplication", ["/deduplication/"]),
    ("Californium: exchange store, matcher", ["InMemoryMessageExchangeStore", "Matcher.", "KeyMID", "KeyToken"]),
    ("Californium: parse, serialize", ["serialization/", "DatagramReader", "DatagramWriter", "OptionSet", "Option."]),
    ("Californium: stack, layers, delivery", ["org/eclipse/californium/core/"]),
    ("Scandium: DTLS records, crypto", ["org/eclipse/californium/scandium/", "com/sun/crypto/", "javax/crypto/"]),
    ("UDP connector threads: socket I/O", ["org/eclipse/californium/elements/", "DatagramSocket", "DatagramChannel"]),
    ("Vert.x, Netty: event loop, timers, futures", ["io/vertx/", "io/netty/"]),
]


def frames(event):
    return stages.frames(event)


def stage_of(fs):
    return stages.stage_of(fs, STAGES)


def load(path, event_type, depth=96):
    return stages.load(path, event_type, depth)


def tid(t):
    return t["javaThreadId"] if t else None


def main(path, cpu_per_request, verbose):
    starts = load(path, "jdk.ThreadStart", 1)
    parent, names = {}, {}
    for e in starts:
        v = e["values"]
        if v["thread"]:
            parent[tid(v["thread"])] = tid(v["parentThread"])
            names[tid(v["thread"])] = v["thread"]["javaName"] or "?"
    first_client = min((e["values"]["startTime"] for e in starts
                        if e["values"]["thread"] and (e["values"]["thread"]["javaName"] or "").startswith("bench-dev-")),
                       default=None)
    if first_client is None:
        sys.exit("no bench-dev-N thread started in " + path + ": was it recorded from the start of `bench coap`?")

    def client(t, seen=0):
        while t is not None and seen < 64:
            if names.get(t, "").startswith("bench-dev-"):
                return True
            t, seen = parent.get(t), seen + 1
        return False

    samples = [e for e in load(path, "jdk.ExecutionSample") if e["values"]["startTime"] >= first_client]
    sides = collections.Counter()
    server = []
    for e in samples:
        t = e["values"]["sampledThread"]
        if client(tid(t)):
            sides["clients"] += 1
        else:
            sides["server"] += 1
            server.append(e)
    total = len(samples)
    print(f"{total} execution samples from {samples[0]['values']['startTime']} to {samples[-1]['values']['startTime']}: "
          f"server {sides['server']} ({100 * sides['server'] / total:.0f} %), clients {sides['clients']} "
          f"({100 * sides['clients'] / total:.0f} %)")
    stages = collections.Counter(stage_of(frames(e)) for e in server)
    us = f" | us/request (of {cpu_per_request:.0f})" if cpu_per_request else ""
    print(f"\n| server stage | samples | share of all samples{us} |\n|---|---:|---:|" + ("---:|" if us else ""))
    for name, _ in STAGES + [("other", []), ("clients", [])]:
        n = sides["clients"] if name == "clients" else stages[name]
        if n:
            extra = f" | {cpu_per_request * n / total:.0f}" if cpu_per_request else ""
            print(f"| {name} | {n} | {100 * n / total:.1f} %{extra} |")
    threads = collections.Counter(
        "vert.x event loops" if "eventloop" in (e["values"]["sampledThread"]["javaName"] or "")
        else (e["values"]["sampledThread"]["javaName"] or "?").split("#")[0].split("/")[0] for e in server)
    print("\nserver by thread: " + ", ".join(f"{t} {n} ({100 * n / total:.0f} %)" for t, n in threads.most_common(12)))
    if verbose:
        others = collections.Counter(" < ".join(f.split("/")[-1] for f in frames(e)[1:14:2])
                                     for e in server if stage_of(frames(e)) == "other")
        for s, n in others.most_common(15):
            print(f"  other {n}: {s}")
        tops = collections.Counter(frames(e)[1] if frames(e) else "?" for e in server)
        print("\nserver top frames:")
        for s, n in tops.most_common(25):
            print(f"  {n:5d} {s}")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "-v"]
    if not args:
        sys.exit("usage: jfr-coap.py RECORDING.jfr [--cpu-per-request US] [-v]")
    cpu = float(args[args.index("--cpu-per-request") + 1]) if "--cpu-per-request" in args else None
    main(args[0], cpu, "-v" in sys.argv)
