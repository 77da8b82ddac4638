#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Type at the Linux guest's prompt through SVPN's virtual UART.

usage: prompt.py RUN_SVPN SVPN_ELF IMAGE INITRD
Waits for 'svpn# ', runs 'uname' and 'echo', then 'poweroff'; QEMU must exit 0.

The terminal echoes every typed line back, so a check that looks for the
typed text anywhere would pass without the command ever running. Each
command's answer is therefore a whole line that its typed text cannot be:
'uname' must print a line "Linux <node> 6.1.<...> ... riscv64", and
'echo' with runs of blanks between its words must print the words joined
by single blanks, alone on a line (the init's shell splits on blanks, the
terminal echoes the blanks as typed).
"""
import os
import re
import select
import signal
import subprocess
import sys
import time

TIMEOUT = float(os.environ.get("LINUX_TIMEOUT", "240"))
PROMPT = "svpn# "

# (typed line, what a line of the answer must match in full, what it means)
COMMANDS = (
    ("uname", re.compile(r"Linux \S+ 6\.1\.\S* .* riscv64"), "uname's identity line"),
    ("echo   typed    at  the   prompt", re.compile(re.escape("typed at the prompt")),
     "echo's words joined by single blanks"),
)


QEMU_PROC = None


def die(msg):
    """End with @msg as the log's last line (the console may have stopped mid-line).

    A QEMU still running (at a prompt, say) is ended first: run-svpn.sh runs
    it as its child, so the whole process group goes.
    """
    if QEMU_PROC is not None and QEMU_PROC.poll() is None:
        try:
            os.killpg(QEMU_PROC.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        QEMU_PROC.wait()
    sys.stdout.write("\n")
    sys.stdout.flush()
    sys.exit(msg)


class Console:
    """The guest's console output, read as it comes."""

    def __init__(self, proc, deadline):
        self.proc = proc
        self.deadline = deadline
        self.buf = ""

    def read_more(self, waiting_for):
        left = self.deadline - time.monotonic()
        if left <= 0:
            die("timeout waiting for %s" % waiting_for)
        ready, _, _ = select.select([self.proc.stdout], [], [], left)
        if ready:
            chunk = os.read(self.proc.stdout.fileno(), 4096).decode(errors="replace")
            if not chunk:
                die("QEMU ended while waiting for %s" % waiting_for)
            sys.stdout.write(chunk)
            sys.stdout.flush()
            self.buf += chunk

    def expect(self, text, start):
        """Wait until @text appears at or after @start; return the offset just past it."""
        while True:
            at = self.buf.find(text, start)
            if at >= 0:
                return at + len(text)
            self.read_more(repr(text))

    def type(self, line):
        self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()


def run_command(con, start, cmd, want, what):
    """Type @cmd at the prompt that ends at @start; check its answer; return the next prompt's end."""
    con.type(cmd)
    # The answer lies between the terminal's echo of the typed line and the next prompt.
    echoed = con.expect(cmd, start)
    end = con.expect(PROMPT, echoed)
    answer = con.buf[echoed:end - len(PROMPT)]
    lines = [l.strip("\r") for l in answer.split("\n")]
    if not any(want.fullmatch(l) for l in lines):
        die("'%s': no line that is %s (/%s/) in its answer %r"
                 % (cmd, what, want.pattern, answer))
    return end


def main():
    run_svpn, svpn, image, initrd = sys.argv[1:5]
    proc = subprocess.Popen([run_svpn, svpn, "--kernel", image, "--initrd", initrd,
                             "--bootargs", "console=ttyS0 earlycon panic=-1"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    global QEMU_PROC
    QEMU_PROC = proc
    con = Console(proc, time.monotonic() + TIMEOUT)
    pos = con.expect(PROMPT, 0)
    for cmd, want, what in COMMANDS:
        pos = run_command(con, pos, cmd, want, what)
    con.type("poweroff")
    try:
        rc = proc.wait(timeout=max(1, con.deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        die("poweroff did not end QEMU")
    sys.stdout.write(proc.stdout.read().decode(errors="replace"))
    if rc != 0:
        die("QEMU exited with %d after poweroff" % rc)
    print("prompt: ok")


if __name__ == "__main__":
    main()
