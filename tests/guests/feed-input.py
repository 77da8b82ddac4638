#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Run a command and type a file into its stdin once it prints a ready line.

usage: feed-input.py INPUT READY -- COMMAND...
Copies the command's output to stdout; its exit status is the command's.
Typing only after READY keeps boot-time FIFO resets from eating the input.
"""
import os
import subprocess
import sys


def main():
    if len(sys.argv) < 5 or sys.argv[3] != "--":
        sys.exit(__doc__.strip())
    data = open(sys.argv[1], "rb").read()
    ready = sys.argv[2].encode()
    proc = subprocess.Popen(sys.argv[4:], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    seen = b""
    typed = False
    while True:
        chunk = os.read(proc.stdout.fileno(), 4096)
        if not chunk:
            break
        sys.stdout.buffer.write(chunk)
        sys.stdout.flush()
        if not typed:
            seen = (seen + chunk)[-4096:]
            if ready in seen:
                proc.stdin.write(data)
                proc.stdin.flush()
                typed = True
    return proc.wait()


if __name__ == "__main__":
    sys.exit(main())
