# SPDX-License-Identifier: GPL-2.0
"""A guest's serial console as a test types at it: QEMU (or scripts/run-svpn.sh)
as a child process on pipes, its output read as it comes and echoed to our
stdout. Used by tests/linux/prompt.py and tests/distro/boot-debian.py."""
import codecs
import os
import select
import signal
import subprocess
import sys
import time


def end_run(proc, msg):
    """End the test with @msg as the log's last line (the console may have stopped mid-line).

    A QEMU still running (at a prompt, say) is ended first: run-svpn.sh runs
    it as its child, so the whole process group goes.
    """
    if proc is not None and proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
    sys.stdout.write("\n")
    sys.stdout.flush()
    sys.exit(msg)


class Console:
    """The console of @proc until @deadline (time.monotonic()); @die(msg) never returns."""

    def __init__(self, proc, deadline, die):
        self.proc = proc
        self.deadline = deadline
        self.die = die
        self.buf = ""
        # A UTF-8 character can straddle two reads.
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def read_more(self, waiting_for):
        left = self.deadline - time.monotonic()
        if left <= 0:
            self.die("timeout waiting for %s" % waiting_for)
        ready, _, _ = select.select([self.proc.stdout], [], [], left)
        if ready:
            data = os.read(self.proc.stdout.fileno(), 4096)
            if not data:
                self.die("QEMU ended (status %s) while waiting for %s"
                         % (self.proc.wait(), waiting_for))
            chunk = self.decoder.decode(data)
            sys.stdout.write(chunk)
            sys.stdout.flush()
            self.buf += chunk

    def expect(self, texts, start):
        """Wait until one of @texts appears at or after @start.

        Return (index of the text, offset just past it); the earliest wins.
        """
        while True:
            hits = [(at, i) for i, at in enumerate(self.buf.find(t, start) for t in texts)
                    if at >= 0]
            if hits:
                at, i = min(hits)
                return i, at + len(texts[i])
            self.read_more(" or ".join(repr(t) for t in texts))

    def type(self, line):
        self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()

    def power_off(self):
        """Type poweroff; QEMU must end with status 0 before the deadline."""
        self.type("poweroff")
        try:
            rc = self.proc.wait(timeout=max(1, self.deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            self.die("poweroff did not end QEMU")
        sys.stdout.write(self.proc.stdout.read().decode(errors="replace"))
        if rc != 0:
            self.die("QEMU exited with %d after poweroff" % rc)
