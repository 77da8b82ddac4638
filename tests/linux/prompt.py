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
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from guest_console import Console, end_run  # noqa: E402

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
    end_run(QEMU_PROC, msg)


def run_command(con, start, cmd, want, what):
    """Type @cmd at the prompt that ends at @start; check its answer; return the next prompt's end."""
    con.type(cmd)
    # The answer lies between the terminal's echo of the typed line and the next prompt.
    _, echoed = con.expect([cmd], start)
    _, end = con.expect([PROMPT], echoed)
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
    con = Console(proc, time.monotonic() + TIMEOUT, die)
    _, pos = con.expect([PROMPT], 0)
    for cmd, want, what in COMMANDS:
        pos = run_command(con, pos, cmd, want, what)
    con.power_off()
    print("prompt: ok")


if __name__ == "__main__":
    main()
