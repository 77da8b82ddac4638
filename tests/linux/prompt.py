#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Type at the Linux guest's prompt through SVPN's virtual UART.

usage: prompt.py RUN_SVPN SVPN_ELF IMAGE INITRD
Waits for 'svpn# ', runs 'uname' and 'echo', then 'poweroff'; QEMU must exit 0.
"""
import os
import select
import subprocess
import sys
import time

TIMEOUT = float(os.environ.get("LINUX_TIMEOUT", "240"))


def expect(proc, buf, text, deadline):
    """Read until @text appears in the output; return the output so far."""
    while text not in buf:
        left = deadline - time.monotonic()
        if left <= 0:
            sys.exit("timeout waiting for %r" % text)
        ready, _, _ = select.select([proc.stdout], [], [], left)
        if ready:
            chunk = os.read(proc.stdout.fileno(), 4096).decode(errors="replace")
            if not chunk:
                sys.exit("QEMU ended while waiting for %r" % text)
            sys.stdout.write(chunk)
            buf += chunk
    return buf


def main():
    run_svpn, svpn, image, initrd = sys.argv[1:5]
    proc = subprocess.Popen([run_svpn, svpn, "--kernel", image, "--initrd", initrd,
                             "--bootargs", "console=ttyS0 earlycon panic=-1"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    deadline = time.monotonic() + TIMEOUT
    out = expect(proc, "", "svpn# ", deadline)
    for cmd, want in (("uname", "Linux"), ("echo typed-at-the-prompt", "typed-at-the-prompt")):
        mark = len(out)
        proc.stdin.write((cmd + "\n").encode())
        proc.stdin.flush()
        out = out[:mark] + expect(proc, out[mark:], want, deadline)
        out = expect(proc, out, "svpn# ", deadline)
    proc.stdin.write(b"poweroff\n")
    proc.stdin.flush()
    try:
        rc = proc.wait(timeout=max(1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        proc.kill()
        sys.exit("poweroff did not end QEMU")
    sys.stdout.write(proc.stdout.read().decode(errors="replace"))
    if rc != 0:
        sys.exit("QEMU exited with %d after poweroff" % rc)
    print("prompt: ok")


if __name__ == "__main__":
    main()
