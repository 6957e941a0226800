#!/usr/bin/python3
"""Wrong-password MQTT 5 CONNECTs from THREADS threads until STOP_FILE exists: each thread opens a
socket, sends a CONNECT, waits for the CONNACK (however late), closes, and starts again. Half the
CONNECTs name one device (VICTIM), half made-up names. Prints the CONNACK codes it got.

usage: connect-storm.py PORT THREADS STOP_FILE [VICTIM]
"""
import collections
import os
import socket
import sys
import threading


def utf8(s):
    b = s.encode()
    return len(b).to_bytes(2, "big") + b


def remaining_length(n):
    out = bytearray()
    while True:
        byte, n = n % 128, n // 128
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def connect_packet(client_id, user, password):
    variable = utf8("MQTT") + bytes([5, 0xC2]) + (60).to_bytes(2, "big") + b"\x00"
    payload = utf8(client_id) + utf8(user) + utf8(password)
    body = variable + payload
    return b"\x10" + remaining_length(len(body)) + body


def read_exact(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def attacker(port, index, stop_file, victim, codes, lock):
    n = 0
    while not os.path.exists(stop_file):
        n += 1
        user = victim if n % 2 == 0 else "guess-%d-%d@t1" % (index, n)
        code = "closed"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
                s.sendall(connect_packet("storm-%d-%d" % (index, n), user, "guess-%d-%d" % (index, n)))
                head = read_exact(s, 1)
                length, shift, byte = 0, 0, 0x80
                while head and byte & 0x80:
                    b = read_exact(s, 1)
                    if not b:
                        break
                    byte = b[0]
                    length |= (byte & 0x7F) << shift
                    shift += 7
                if head and head[0] == 0x20:
                    rest = read_exact(s, length)
                    code = "0x%02X" % rest[1] if rest else "closed"
        except OSError:
            code = "error"
        with lock:
            codes[code] += 1


def main():
    port, threads, stop_file = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    victim = sys.argv[4] if len(sys.argv) > 4 else "victim@t1"
    codes, lock = collections.Counter(), threading.Lock()
    workers = [threading.Thread(target=attacker, args=(port, i, stop_file, victim, codes, lock), daemon=True)
               for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    print(" ".join("%s:%d" % kv for kv in sorted(codes.items())))


if __name__ == "__main__":
    main()
