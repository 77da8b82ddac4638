#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Build the shipped multi-hart and multi-guest board configurations and
boot what 'make run' boots with them.

usage: shipped-configs.py GUEST_DIR WORK_DIR [LIBFDT_TARBALL]

GUEST_DIR holds the default Linux guest (Image, initramfs.cpio) that 'make
guest' built; it is used as it is (make's -o: never rebuilt). For each
configuration, in WORK_DIR/<board>:

  make O=... <board>_defconfig && make O=... all     -> PASS/FAIL build/<board>
  make O=... run GUEST_OUT=GUEST_DIR, typed at        -> PASS/FAIL run/<board>

qemu-virt-smp_defconfig (CONFIG_GUEST_HARTS=4): one Linux guest on four
harts; its checks pass and see 4 harts, the prompt answers, 'poweroff'
ends QEMU with status 0.

qemu-virt-2guests_defconfig (CONFIG_GUEST_LIST=configs/guests/two-linux.guests,
run-svpn.sh --guest-list): alpha and beta both pass their checks, beta
(svpn.autotest) powers off by itself with status 0, console input reaches
alpha, whose 'poweroff' ends QEMU with status 0.

One PASS/FAIL line per test, then "N passed, M failed"; exit status 0 only
if all passed. Logs: WORK_DIR/<board>/build.log, run.log.
"""
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRCTREE = os.path.dirname(os.path.dirname(HERE))
TIMEOUT = float(os.environ.get("LINUX_TIMEOUT", "240"))
JOBS = os.environ.get("SVPN_JOBS", "2")
COMPLAINTS = re.compile(r"Oops|BUG:|Kernel panic|WARNING:|failed to come online|svpn: PANIC")

results = {"passed": 0, "failed": 0}


class Failed(Exception):
    pass


def report(name, reason=None, log=None):
    if reason is None:
        print("PASS %s" % name)
        results["passed"] += 1
        return
    print("FAIL %s: %s" % (name, reason))
    results["failed"] += 1
    if log and os.path.exists(log):
        with open(log, errors="replace") as f:
            tail = f.read().replace("\r", "").splitlines()[-12:]
        for line in tail:
            print("    " + line)
        print("    (log: %s)" % log)
    sys.stdout.flush()


def svpn_version():
    with open(os.path.join(SRCTREE, "Makefile")) as f:
        for line in f:
            m = re.match(r"SVPN_VERSION\s*:?=\s*(\S+)", line)
            if m:
                return m.group(1)
    return "?"


class Console:
    """A 'make run' whose console is read as it comes and typed at."""

    def __init__(self, argv, log, deadline):
        self.log = open(log, "w")
        # A session of its own: make runs run-svpn.sh, which runs QEMU as its
        # child; ending the group ends QEMU too.
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.deadline = deadline
        self.buf = ""

    def read_more(self, waiting_for):
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise Failed("timeout waiting for %s" % waiting_for)
        ready, _, _ = select.select([self.proc.stdout], [], [], left)
        if ready:
            chunk = os.read(self.proc.stdout.fileno(), 4096).decode(errors="replace")
            if not chunk:
                raise Failed("QEMU ended while waiting for %s" % waiting_for)
            chunk = chunk.replace("\r", "")
            self.log.write(chunk)
            self.log.flush()
            self.buf += chunk

    def expect_line(self, pattern, start=0, what=None):
        """Wait for a whole line matching @pattern at or after @start; return its end."""
        rx = re.compile(r"^(?:%s)$" % pattern, re.M)
        while True:
            m = rx.search(self.buf, start)
            if m:
                return m.end()
            self.read_more(what or "a line /%s/" % pattern)

    def expect_re(self, pattern, start=0, what=None):
        """Wait for @pattern (a regex, anywhere) at or after @start; return the match."""
        rx = re.compile(pattern, re.M)
        while True:
            m = rx.search(self.buf, start)
            if m:
                return m
            self.read_more(what or "/%s/" % pattern)

    def require_line(self, pattern, start=0, like=None):
        """A whole line matching @pattern must already be there (no waiting)."""
        if re.search(r"^(?:%s)$" % pattern, self.buf[start:], re.M):
            return
        seen = re.search(r"^.*%s.*$" % like, self.buf[start:], re.M) if like else None
        raise Failed("no line /%s/%s" % (pattern, ", but: " + seen.group(0) if seen else ""))

    def expect_text(self, text, start=0):
        while True:
            at = self.buf.find(text, start)
            if at >= 0:
                return at + len(text)
            self.read_more(repr(text))

    def type(self, line):
        self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()

    def wait_exit(self):
        try:
            rc = self.proc.wait(timeout=max(1, self.deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            self.kill()
            raise Failed("QEMU still running after poweroff")
        rest = self.proc.stdout.read().decode(errors="replace").replace("\r", "")
        self.log.write(rest)
        self.buf += rest
        return rc

    def kill(self):
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()

    def close(self):
        # Even when make has ended, QEMU may not have (a failure at a prompt).
        self.kill()
        self.log.close()


def make(*args, log):
    with open(log, "a") as f:
        return subprocess.call(["make", "-C", SRCTREE] + list(args), stdin=subprocess.DEVNULL,
                               stdout=f, stderr=subprocess.STDOUT)


def build(board, out, tarball):
    log = os.path.join(out, "build.log")
    # From scratch every time: stale objects must not hide a broken build.
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    open(log, "w").close()
    extra = ["LINUX_SOURCE_TARBALL=" + tarball] if tarball else []
    if make("O=" + out, board + "_defconfig", log=log) != 0:
        return "%s_defconfig failed" % board, log
    if make("O=" + out, "-j" + JOBS, *extra, "all", log=log) != 0:
        return "the build failed", log
    if not os.path.isfile(os.path.join(out, "svpn.elf")):
        return "no svpn.elf", log
    return None, log


def check_clean(con):
    m = COMPLAINTS.search(con.buf)
    if m:
        line = con.buf[con.buf.rfind("\n", 0, m.start()) + 1:].split("\n", 1)[0]
        raise Failed("complaint on the console: %s" % line)


def echo_reaches(con, start, prefix, words):
    """Type 'echo' with runs of blanks; its answer (single blanks) must come from @prefix."""
    con.type("echo   " + "    ".join(words))
    return con.expect_line(re.escape(prefix + " ".join(words)), start,
                           "echo's answer '%s'" % (prefix + " ".join(words)))


def checks_done(con, start, prefix=""):
    """Wait for a guest's 'checks done' line; all its checks must have passed."""
    m = con.expect_re(r"^%sSVPN-INIT: checks done, [0-9]+ passed, ([0-9]+) failed$"
                      % re.escape(prefix), start, "%s's checks" % (prefix or "the guest"))
    if m.group(1) != "0":
        raise Failed(m.group(0))
    return m.end()


def run_smp(con, version):
    pos = con.expect_line(re.escape("SVPN %s: RISC-V trap-and-emulate hypervisor "
                                    "(board qemu-virt-smp)" % version))
    checks_done(con, pos)
    pos = con.expect_text("svpn# ", pos)
    # The whole boot is in: what it must have said.
    con.require_line(r"host: 4 hart\(s\) \(4 online\).*", 0, "host: ")
    con.require_line(r"SVPN-CHECK cpuinfo: ok \(harts=4\)", 0, "cpuinfo")
    pos = echo_reaches(con, pos, "", ["four", "harts", "up"])
    pos = con.expect_text("svpn# ", pos)
    check_clean(con)
    con.type("poweroff")
    rc = con.wait_exit()
    if rc != 0:
        raise Failed("exit status %d after poweroff, expected 0" % rc)
    con.expect_line(r"svpn: guest \S+: exited with status 0", pos)
    check_clean(con)


def run_2guests(con, version):
    pos = con.expect_line(re.escape("SVPN %s: RISC-V trap-and-emulate hypervisor "
                                    "(board qemu-virt-2guests)" % version))
    for g in ("alpha", "beta"):
        checks_done(con, pos, "[%s] " % g)
    # beta (svpn.autotest) ends by itself; alpha stays at its prompt. A
    # prompt of beta's means it never will.
    m = con.expect_re(r"svpn: guest beta: exited with status [0-9]+|\[beta\] svpn# ", pos,
                      "beta to power off")
    if m.group(0) != "svpn: guest beta: exited with status 0":
        raise Failed("beta did not power off by itself with status 0: '%s'" % m.group(0))
    pos = con.expect_text("[alpha] svpn# ", pos)
    # One host hart per guest (two-linux.guests: 1 hart each).
    con.require_line(r"host: 2 hart\(s\) \(2 online\).*", 0, "host: ")
    for g in ("alpha", "beta"):
        con.require_line(r"\[%s\] SVPN-CHECK cpuinfo: ok \(harts=1\)" % g, 0,
                         r"\[%s\] SVPN-CHECK cpuinfo" % g)
    pos = echo_reaches(con, pos, "[alpha] ", ["typed", "to", "alpha"])
    pos = con.expect_text("svpn# ", pos)
    check_clean(con)
    con.type("poweroff")
    rc = con.wait_exit()
    if rc != 0:
        raise Failed("exit status %d after alpha's poweroff, expected 0" % rc)
    con.expect_line(r"svpn: guest alpha: exited with status 0", pos)
    if len(re.findall(r"^\[beta\] SVPN-INIT: start$", con.buf, re.M)) != 1:
        raise Failed("beta did not start exactly once")
    check_clean(con)


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__.split("\n\n")[1])
    gdir, work = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    tarball = sys.argv[3] if len(sys.argv) == 4 else ""
    image, initrd = os.path.join(gdir, "Image"), os.path.join(gdir, "initramfs.cpio")
    version = svpn_version()
    for f in (image, initrd):
        if not os.path.isfile(f):
            report("shipped-configs", "%s not found" % f)
            print("%d passed, %d failed" % (results["passed"], results["failed"]))
            return 1
    for board, drive in (("qemu-virt-smp", run_smp), ("qemu-virt-2guests", run_2guests)):
        out = os.path.join(work, board)
        t0 = time.monotonic()
        why, log = build(board, out, tarball)
        report("build/" + board, why, log)
        if why:
            report("run/" + board, "not run: the build failed")
            continue
        log = os.path.join(out, "run.log")
        # 'make run' as a user types it, with the guest make test built
        # (-o: taken as it is, never rebuilt here).
        con = Console(["make", "-C", SRCTREE, "O=" + out, "GUEST_OUT=" + gdir,
                       "-o", image, "-o", initrd, "run"], log, time.monotonic() + TIMEOUT)
        try:
            drive(con, version)
            report("run/" + board)
            print("INFO run/%s: built and booted in %.0f s" % (board, time.monotonic() - t0))
        except Failed as e:
            report("run/" + board, str(e), log)
        finally:
            con.close()
    print("%d passed, %d failed" % (results["passed"], results["failed"]))
    return 0 if results["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
