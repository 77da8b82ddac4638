#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Boot the Debian system of 'make rootfs', log in on its serial console and power it off.

usage: boot-debian.py [--timeout S] [--check 'COMMAND=>REGEX']... -- QEMU_COMMAND...

QEMU_COMMAND boots a guest kernel ('make guest-debian') with the rootfs image
as /dev/vda and the console on stdio: QEMU + OpenSBI natively (README.md,
"A Debian guest"), or SVPN's runner. The dialogue is fixed: wait for
'svpn-debian login: ', log in as root (no password), then

  systemctl is-system-running --wait   must answer 'running'; on 'degraded'
                                       the failed units are listed and the
                                       run fails
  findmnt -n -o SOURCE,FSTYPE,OPTIONS /  the root is /dev/vda, ext4, read-write
  nproc                                as many CPUs as the guest's harts
                                       (run-svpn.sh --harts, else QEMU's -smp;
                                       default 1)
  each --check COMMAND                 a whole line of its answer matches REGEX
  poweroff                             QEMU must exit with status 0

and print the wall times. The answers are read as in tests/linux/prompt.py:
each must be a whole line between the terminal's echo of the typed command
and the next shell prompt, one that the typed text itself cannot be.
DISTRO_TIMEOUT (default 900 s) bounds the whole run.
"""
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from guest_console import Console, end_run  # noqa: E402

HOST = "svpn-debian"
LOGIN = HOST + " login: "
PROMPT = "root@" + HOST + ":~# "
# Escape sequences that bash, agetty and systemd write to a terminal
# (bracketed paste, colours, hyperlinks): not part of any answer.
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[=>]")

# A line of 'systemctl --failed --plain --no-legend': unit, load, active, sub, description.
FAILED_UNIT = re.compile(r"(\S+\.[a-z]+)\s+\S+\s+failed\b")

QEMU_PROC = None
T0 = time.monotonic()


def elapsed():
    return time.monotonic() - T0


def die(msg):
    end_run(QEMU_PROC, "boot-debian: FAIL after %.1f s: %s" % (elapsed(), msg))


def answer_lines(con, start, cmd):
    """Type @cmd at the prompt that ends at @start; return its answer's lines and the next prompt's end."""
    con.type(cmd)
    _, echoed = con.expect([cmd], start)
    _, end = con.expect([PROMPT], echoed)
    answer = ESCAPES.sub("", con.buf[echoed:end - len(PROMPT)])
    return [l.strip("\r").strip() for l in answer.split("\n")], end


def check(con, start, cmd, want, what):
    """Type @cmd; one line of its answer must match @want in full. Return the next prompt's end."""
    lines, end = answer_lines(con, start, cmd)
    if not any(want.fullmatch(l) for l in lines):
        die("'%s': no line that is %s (/%s/) in its answer %r" % (cmd, what, want.pattern, lines))
    return end


def qemu_harts(cmd):
    """The guest's harts: scripts/run-svpn.sh's --harts N, else QEMU's -smp option
    (-smp 2, -smp cpus=2,...), 1 without either."""
    for opt, val in zip(cmd, cmd[1:]):
        if opt == "--harts" and val.isdigit():
            return int(val)
    for opt, val in zip(cmd, cmd[1:]):
        if opt in ("-smp", "--smp"):
            for part in val.split(","):
                if part.isdigit():
                    return int(part)
                if part.startswith("cpus="):
                    return int(part[5:])
    return 1


def main():
    args = sys.argv[1:]
    timeout = float(os.environ.get("DISTRO_TIMEOUT", "900"))
    if args[:1] == ["--timeout"] and len(args) > 1:
        timeout = float(args[1])
        args = args[2:]
    checks = []
    while args[:1] == ["--check"] and len(args) > 1 and "=>" in args[1]:
        command, regex = args[1].split("=>", 1)
        checks.append((command, re.compile(regex)))
        args = args[2:]
    if args[:1] != ["--"] or len(args) < 2:
        sys.exit(__doc__.split("\n\n")[1])
    cmd = args[1:]
    harts = qemu_harts(cmd)

    global QEMU_PROC
    try:
        QEMU_PROC = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, start_new_session=True)
    except OSError as e:
        sys.exit("boot-debian: cannot run %s: %s" % (cmd[0], e))
    con = Console(QEMU_PROC, T0 + timeout, die)

    _, pos = con.expect([LOGIN], 0)
    t_login = elapsed()
    con.type("root")
    i, pos = con.expect([PROMPT, "Password:", "Login incorrect"], pos)
    if i != 0:
        die("root did not log in without a password (the console asked %r)"
            % ["", "Password:", "Login incorrect"][i])
    t_shell = elapsed()

    cmd_state = "systemctl is-system-running --wait"
    lines, pos = answer_lines(con, pos, cmd_state)
    states = [l for l in lines if re.fullmatch(r"[a-z-]+", l)]
    state = states[-1] if states else "?"
    t_state = elapsed()
    if state != "running":
        failed = "?"
        if state == "degraded":
            lines, pos = answer_lines(con, pos, "systemctl --failed --plain --no-legend")
            failed = ", ".join(m.group(1) for m in map(FAILED_UNIT.match, lines) if m) or "?"
        die("systemctl is-system-running says %r (failed units: %s)" % (state, failed))

    pos = check(con, pos, "findmnt -n -o SOURCE,FSTYPE,OPTIONS /",
                re.compile(r"/dev/vda\s+ext4\s+rw[, ].*"), "the root file system on /dev/vda")
    pos = check(con, pos, "nproc", re.compile(str(harts)), "the -smp hart count")
    for command, regex in checks:
        pos = check(con, pos, command, regex, "what --check asks for")

    con.power_off()
    print("\nboot-debian: ok: %d hart(s): login prompt %.1f s, shell %.1f s, "
          "'%s' %.1f s, QEMU exit 0 at %.1f s"
          % (harts, t_login, t_shell, state, t_state, elapsed()))


if __name__ == "__main__":
    main()
