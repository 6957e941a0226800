#!/usr/bin/env python3
"""What the gateway allocates per reading during an `ingest` burst, from a JFR recording.

    ./firegrid bench ingest --devices 1000 --readings 100 --jfr /tmp/gateway.jfr
    bench/scripts/jfr-alloc.py /tmp/gateway.jfr [READINGS] [-v]

READINGS is how many readings the burst acknowledged (default 100000: 1,000 devices x 100).
Takes the allocation samples (jdk.ObjectAllocationSample) of the burst, as jfr-stages.py takes its
execution samples (after the last sample of a password thread). JFR weighs each sample by the
bytes its thread allocated since the one before, so the weights of a window add up to about what
was allocated in it; divided by READINGS that is the allocation per reading. Printed: the total
and per reading, by stage (the rules of jfr-stages.py), by thread, by class, and (-v) the
allocating frames of our own code with the most bytes. The young collections of the burst
(jdk.GarbageCollection) are counted as a cross-check.

Needs only the JDK's `jfr` tool and Python 3.
"""
import collections
import importlib.util
import os
import sys

_spec = importlib.util.spec_from_file_location("jfr_stages", os.path.join(os.path.dirname(__file__), "jfr-stages.py"))
stages = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(stages)

OURS = ("io/firegrid/",)


def thread_of(e):
    t = e["values"].get("eventThread") or e["values"].get("sampledThread") or {}
    name = t.get("javaName") or "?"
    return "vert.x event loops" if "eventloop" in name else name


def burst_start(path):
    samples = stages.load(path, "jdk.ExecutionSample")
    pw = [e["values"]["startTime"] for e in samples if "password" in (e["values"]["sampledThread"]["javaName"] or "")]
    return max(pw) if pw else ""


def has_stack(event):
    return bool(event["values"].get("stackTrace"))


def own_frame(event):
    """The first frame of our own code on the allocation's stack: who asked for it."""
    if not has_stack(event):
        return "(no stack)"
    for f in event["values"]["stackTrace"]["frames"]:
        t = f["method"]["type"]["name"]
        if t.startswith(OURS):
            return t.split("/")[-1] + "." + f["method"]["name"]
    return "(not ours)"


def table(title, counter, total, readings, top=None):
    print(f"\n| {title} | MB | bytes per reading | share |\n|---|---|---|---|")
    for name, b in counter.most_common(top):
        print(f"| {name} | {b / 1e6:.0f} | {b / readings:,.0f} | {100 * b / total:.0f} % |")


def main(path, readings):
    start = burst_start(path)
    allocs = [e for e in stages.load(path, "jdk.ObjectAllocationSample")
              if e["values"]["startTime"] > start and "password" not in thread_of(e)]
    if not allocs:
        sys.exit("no allocation samples after the connect phase in " + path)
    total = sum(e["values"]["weight"] for e in allocs)
    first, last = allocs[0]["values"]["startTime"], allocs[-1]["values"]["startTime"]
    print(f"{len(allocs)} allocation samples from {first} to {last}: {total / 1e6:.0f} MB, "
          f"{total / readings:,.0f} bytes per reading ({readings} readings)")
    gcs = [e for e in stages.load(path, "jdk.GarbageCollection") if first <= e["values"]["startTime"] <= last]
    young = sum(1 for e in gcs if e["values"]["name"] in ("G1New", "ParallelScavenge", "DefNew", "Z", "ZGC Minor"))
    print(f"garbage collections in that window: {len(gcs)} ({young} young)")
    by_stage, by_thread, by_class, by_frame = (collections.Counter() for _ in range(4))
    for e in allocs:
        w = e["values"]["weight"]
        by_stage[stages.stage_of(stages.frames(e)) if has_stack(e) else "(no stack)"] += w
        by_thread[thread_of(e)] += w
        by_class[e["values"]["objectClass"]["name"]] += w
        by_frame[own_frame(e)] += w
    table("stage", by_stage, total, readings)
    table("thread", by_thread, total, readings, 8)
    table("class", by_class, total, readings, 15)
    if "-v" in sys.argv:
        table("first frame of our code", by_frame, total, readings, 25)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "-v"]
    if not args:
        sys.exit("usage: jfr-alloc.py RECORDING.jfr [READINGS] [-v]")
    main(args[0], int(args[1]) if len(args) > 1 else 100_000)
