#!/usr/bin/env python3
"""A stand-in for systemd's notify socket: binds an AF_UNIX datagram socket and appends every
datagram it receives (one line per message, newlines inside shown as |) to a file."""
import os
import socket
import sys

path, out = sys.argv[1], sys.argv[2]
if os.path.exists(path):
    os.unlink(path)
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(path)
with open(out, "a", buffering=1) as f:
    while True:
        data = sock.recv(65536)
        f.write(data.decode("utf-8", "replace").replace("\n", "|") + "\n")
