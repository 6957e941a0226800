#!/usr/bin/env python3
"""Where a Hono drain's CPU and allocation go, from a recording of `./firegrid bench hono --jfr DIR`.

    bench/scripts/jfr-hono.py DIR/drain-2.jfr

Prints the execution samples by thread, the top frames, the samples holding each step of the
send path (inclusive), and the allocation samples (bytes, by thread and by class with the first
frame of our own code). Needs only the JDK's `jfr` tool and Python 3.
"""
import json, subprocess, sys, collections
f = sys.argv[1]
def events(kind):
    out = subprocess.run(["jfr", "print", "--stack-depth", "40", "--json", "--events", kind, f], capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]
def frames(e):
    st = e["values"].get("stackTrace") or {}
    return [fr["method"]["type"]["name"] + "." + fr["method"]["name"] for fr in st.get("frames", [])]
def thread(e, key):
    t = e["values"].get(key) or {}
    return (t.get("javaName") or t.get("osName") or "?")
ex = events("jdk.ExecutionSample")
print("execution samples", len(ex))
byt = collections.Counter(thread(e, "sampledThread") for e in ex)
print("by thread", byt.most_common(8))
top = collections.Counter()
incl = collections.Counter()
for e in ex:
    fr = frames(e)
    if fr: top[fr[0]] += 1
    seen = set()
    for x in fr:
        for key in ["HonoSender.message", "HonoSender.transfer", "HonoSender.settled", "HonoConnector.pump", "HonoConnector.settled",
                    "HonoConnector.flushRemovals", "HonoOutbox.remove", "HonoOutbox.select", "HonoOutbox.next", "MessageImpl.encode",
                    "ProtonSenderImpl.send", "ProtonTransport.handleSocketBuffer", "ProtonConnectionImpl.flush", "Database.loop", "NioEventLoop.processSelectedKeys",
                    "NativeDB", "executeUpdate", "commit", "ProtonDeliveryImpl", "executeOnContext", "Counter"]:
            if key in x and key not in seen:
                seen.add(key); incl[key] += 1
print("top frames"); [print("  %4d %s" % (n, k)) for k, n in top.most_common(25)]
print("inclusive"); [print("  %4d %s" % (n, k)) for k, n in incl.most_common()]
al = events("jdk.ObjectAllocationSample")
w = collections.Counter(); wt = collections.Counter()
for e in al:
    v = e["values"]; cls = v["objectClass"]["name"]; wt[thread(e, "eventThread")] += v["weight"]
    fr = frames(e)
    ours = next((x for x in fr if "firegrid" in x), fr[0] if fr else "?")
    w[cls + " @ " + ours] += v["weight"]
print("alloc bytes total", sum(wt.values()), "by thread", wt.most_common(6))
[print("  %10d %s" % (n, k)) for k, n in w.most_common(25)]
