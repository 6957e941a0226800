#!/usr/bin/env python3
"""Slow-header attack on a gateway on this machine, bounded in count and time.

Opens N connections to the gateway's HTTP port on loopback, sends part of a request's headers on
each and nothing more, then reports how many the gateway closed and when, and how long a normal
GET /health took while they were open. Stops by itself after --seconds.

    python3 bench/scripts/slow_headers.py --port 8080 --count 3000 --seconds 30
"""
import argparse
import selectors
import socket
import time


def health(port):
    start = time.monotonic()
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(b"GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
    first = s.recv(64)
    s.close()
    return first.split(b"\r\n")[0].decode(), (time.monotonic() - start) * 1000


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--count", type=int, default=3000)
    p.add_argument("--seconds", type=float, default=30)
    a = p.parse_args()

    sel = selectors.DefaultSelector()
    opened = time.monotonic()
    refused = 0
    for _ in range(a.count):
        try:
            s = socket.create_connection(("127.0.0.1", a.port), timeout=5)
            s.sendall(b"GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
            s.setblocking(False)
            sel.register(s, selectors.EVENT_READ)
        except OSError:
            refused += 1
    print(f"opened {a.count - refused} sockets with partial headers in {time.monotonic() - opened:.1f} s "
          f"({refused} refused at connect)")
    status, ms = health(a.port)
    print(f"GET /health while they are open: {status} in {ms:.0f} ms")

    closed = {}
    deadline = opened + a.seconds
    while sel.get_map() and time.monotonic() < deadline:
        for key, _ in sel.select(timeout=0.5):
            try:
                data = key.fileobj.recv(4096)
            except OSError:
                data = b""
            if not data:
                second = int(time.monotonic() - opened)
                closed[second] = closed.get(second, 0) + 1
                sel.unregister(key.fileobj)
                key.fileobj.close()
    still = len(sel.get_map())
    for s in list(sel.get_map().values()):
        s.fileobj.close()
    print("closed by the gateway, by second after opening: "
          + ", ".join(f"{k} s: {v}" for k, v in sorted(closed.items())))
    print(f"still open after {a.seconds:.0f} s: {still}")


if __name__ == "__main__":
    main()
