#!/usr/bin/env python3
"""Where a gateway's CPU goes, from async-profiler's collapsed stacks with thread names
(`event=cpu,threads,collapsed`, see bench/scripts/async-profiler.sh).

    bench/scripts/ap-stages.py FILE...          # one or more files (e.g. the warm ones of a loop=5s run)
    bench/scripts/ap-stages.py -v FILE...       # and the top leaf frames of each stage

Prints each file's samples by thread group (to pick the warm ones), then for all the files
together: samples by thread group and by stage of the ingest path. A stack goes to the first stage
in STAGES one of whose markers it holds, so the order below is from the most specific to the most
general. With interval=1ms, a sample is a millisecond of CPU.
"""
import collections
import re
import sys

# (stage, markers): a stack belongs to the first stage with a marker in it
STAGES = [
    ("JIT compiler threads", ["[C2 CompilerThre", "[C1 CompilerThre"]),
    ("GC", ["[GC Thread", "[G1 ", "[VM Thread"]),
    ("PUBACK write", ["MqttConnection.acknowledge"]),
    ("JSON decode", ["MessageCodec.decode", "StreamingDecoder."]),
    ("telemetry recorder (after commit)", ["TelemetryRecorder."]),
    ("store: insert of the message", ["MessageStore.insert"]),
    ("store: alarm rules and sensor states", ["AlarmEngine.", "AlarmService.onReadings", "AlarmService.onEvent"]),
    ("store: results handed back to the event loops (their wake-ups)", ["Database.deliverAll"]),
    ("store: BEGIN, savepoints, COMMIT and its fsync", ["Database.execute"]),
    ("store: taking work from the lanes (waits, wake-ups)", ["Database.takeBatch"]),
    ("store: other work on the writer", ["Database.runBatch", "Database.loop"]),
    ("history store (embedded telemetry)", ["HistoryStore."]),
    ("completions after commit (registry seen, listeners, alarms published)", ["Database.deliverAll", "Database.lambda$deliverAll"]),
    ("ingest before the store (checks, clocks, sensors, queueing)", ["IngestService.accept"]),
    ("MQTT adapter (admission, window, topic)", ["MqttAdapter."]),
    ("MQTT decode (vertx-mqtt, Netty)", ["MqttDecoder", "MqttServerConnection", "MqttEndpointImpl"]),
    ("socket I/O, event loop (epoll, reads, writes, tasks)", ["EpollEventLoop", "NioEventLoop", "SingleThreadEventExecutor"]),
]


def thread_group(stack):
    name = stack.split(";", 1)[0]
    return re.sub(r"\d+", "N", re.sub(r" tid=\d+\]", "]", name))


def stage(stack):
    for name, markers in STAGES:
        for m in markers:
            if m in stack:
                return name
    return "other"


def read(path):
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            stack, count = line.rsplit(" ", 1)
            yield stack, int(count)


def main(args):
    verbose = args and args[0] == "-v"
    files = args[1:] if verbose else args
    if not files:
        print(__doc__)
        return 2
    total = 0
    threads = collections.Counter()
    stages = collections.Counter()
    leaves = collections.defaultdict(collections.Counter)
    for path in files:
        per_file = collections.Counter()
        for stack, count in read(path):
            group = thread_group(stack)
            per_file[group] += count
            threads[group] += count
            s = stage(stack)
            stages[s] += count
            leaves[s][stack.rsplit(";", 1)[-1]] += count
            total += count
        print("%s: %d samples; %s" % (path, sum(per_file.values()),
                                      ", ".join("%s %d" % (t, c) for t, c in per_file.most_common(4))))
    print()
    print("all files: %d samples" % total)
    print("by thread:")
    for t, c in threads.most_common(12):
        print("  %6d %5.1f %%  %s" % (c, 100.0 * c / total, t))
    print("by stage:")
    for s, c in stages.most_common():
        print("  %6d %5.1f %%  %s" % (c, 100.0 * c / total, s))
        if verbose:
            for leaf, n in leaves[s].most_common(5):
                print("           %6d  %s" % (n, leaf))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
