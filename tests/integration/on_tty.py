#!/usr/bin/python3
"""on_tty.py CMD...: runs CMD with its stderr on a pseudo-terminal (stdout a pipe),
and prints what it wrote to stderr, byte for byte, on stdout; exits with CMD's
status. Colour and other terminal-only behaviour can be checked this way."""
import os
import pty
import subprocess
import sys

master, slave = pty.openpty()
proc = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                        stderr=slave)
os.close(slave)
out = b""
while True:
    try:
        chunk = os.read(master, 65536)
    except OSError:  # EIO: the other side is closed
        break
    if not chunk:
        break
    out += chunk
os.close(master)
# The terminal turns "\n" into "\r\n"; give back what the program wrote.
sys.stdout.buffer.write(out.replace(b"\r\n", b"\n"))
sys.exit(proc.wait())
