#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Write the seed corpora under tests/fuzz/corpus/<harness>/.

usage: tests/fuzz/gen-corpus.py

The seeds are committed; this only says where they came from. Inputs that
once crashed or hung a harness are committed beside them by hand (e.g.
corpus/fuzz_platform_fdt/hang-prop-len-wraps.dtb). Each seed is
a small valid (or nearly valid) input, so that fuzzing starts from the
interesting paths instead of rediscovering the input formats. Device-tree
seeds are compiled from tests/unit/fixtures/*.dts with dtc, the guest
package seeds written by scripts/mkguestpkg.py.
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SRCTREE = os.path.abspath(os.path.join(HERE, "..", ".."))
CORPUS = os.path.join(HERE, "corpus")


def write(harness, name, data):
    d = os.path.join(CORPUS, harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# --- fuzz_mmio_decode: instruction words -------------------------------------
def i_load(f3, rd, rs1, imm):
    return (imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | 0x03


def s_store(f3, rs2, rs1, imm):
    imm &= 0xfff
    return (imm >> 5) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (imm & 0x1f) << 7 | 0x23


def mmio_decode():
    words = [i_load(f3, 10, 11, -8) for f3 in range(8)]
    words += [s_store(f3, 12, 13, 2047) for f3 in range(5)]
    write("fuzz_mmio_decode", "loads-stores", struct.pack("<%dI" % len(words), *words))
    # c.lw a0,4(a1); c.ld; c.sw; c.sd; c.lwsp; c.ldsp; c.swsp; c.sdsp; c.nop
    rvc = [0x41c8, 0x6588, 0xc1c8, 0xe588, 0x4512, 0x6522, 0xc02a, 0xe42a, 0x0001]
    write("fuzz_mmio_decode", "compressed", struct.pack("<%dI" % len(rvc), *rvc))
    write("fuzz_mmio_decode", "amo-fp", struct.pack("<3I", 0x00b5252f, 0x0005b507, 0x10500073))


# --- fuzz_sv39: flags, root page, va, guest RAM --------------------------------
V, R, W, X, U, A, D = 1, 2, 4, 8, 0x10, 0x40, 0x80


def sv39_seed(flags, root, va, ptes):
    return struct.pack("<BBQ", flags, root, va) + struct.pack("<%dQ" % len(ptes), *ptes)


def ptr(ppn):
    return ppn << 10 | V


def sv39():
    leaf = R | W | X | U | A | D | V
    # RAM at 0; every table is page 0; va's VPNs 0, 1, 2 pick entries 0, 1, 2.
    va = (0 << 30) | (1 << 21) | (2 << 12) | 0x123
    write("fuzz_sv39", "4k-user", sv39_seed(0x1 | 0x2, 0, va, [ptr(0), ptr(0), 5 << 10 | leaf]))
    write("fuzz_sv39", "2m-super", sv39_seed(0x1, 0, 1 << 21, [ptr(0), 0x200 << 10 | R | X | V]))
    write("fuzz_sv39", "1g-write", sv39_seed(0x1 | 0x10, 0, 0x3456, [0x40000 << 10 | R | W | V]))
    write("fuzz_sv39", "misaligned-2m", sv39_seed(0x1, 0, 1 << 21, [ptr(0), 0x201 << 10 | R | V]))
    write("fuzz_sv39", "w-only", sv39_seed(0x1, 0, 0, [W | V]))
    write("fuzz_sv39", "ptr-with-a", sv39_seed(0x1, 0, 0, [ptr(0) | A]))
    write("fuzz_sv39", "reserved", sv39_seed(0x1, 0, 0, [1 << 63 | R | V]))
    write("fuzz_sv39", "root-outside", sv39_seed(0x1, 9, 0, [ptr(0)]))
    write("fuzz_sv39", "noncanonical", sv39_seed(0x1, 0, 1 << 38, [ptr(0)]))
    # RAM at 0x80000000 (pfn 0x80000), as on QEMU virt; kernel-half va.
    va = 0xffffffc000000000 | (1 << 21) | (2 << 12)
    vpn2 = (va >> 30) & 0x1ff
    ram = [0] * 512
    ram[vpn2] = ptr(0x80000)
    ram[1] = ptr(0x80000)
    ram[2] = 0x80123 << 10 | R | X | A | V
    write("fuzz_sv39", "virt-kernel", sv39_seed(0x8 | 0x20, 0, va, ram[:vpn2 + 1]))


# --- fuzz_shadow_policy: flags, gpte, ram gpa/size/hpa, gpa --------------------
def shadow_policy():
    def seed(flags, gpte, gpa, size, hpa, at):
        return struct.pack("<BQQQQQ", flags, gpte, gpa, size, hpa, at)

    G = 1 << 30
    write("fuzz_shadow_policy", "user-rwx-1g",
          seed(0x1 | 0x10, R | W | X | U | A | D | V, 0x80000000, 4 * G, 0x100000000, 0x80001000))
    write("fuzz_shadow_policy", "sum-2m",
          seed(0x2 | 0x08, R | W | U | A | V, 0x80000000, 512 << 20, 0x80200000, 0x80400000))
    write("fuzz_shadow_policy", "mxr-x", seed(0x4, X | A | V, 0, 1 << 21, 1 << 21, 0x1000))
    write("fuzz_shadow_policy", "ram-at-top",
          seed(0x10, R | A | V, 0xffffffffc0000000, G, 0, 0xffffffffc0000000))


# --- fuzz_uart16550: (op, offset, value) steps ---------------------------------
RD, WR, RX, RXFIT = 0, 1, 2, 3


def uart():
    def steps(*s):
        return bytes(b for t in s for b in t)

    linux = steps((WR, 3, 0x80), (WR, 0, 0x01), (WR, 1, 0x00), (WR, 3, 0x03), (WR, 2, 0xc7),
                  (WR, 4, 0x0b), (WR, 1, 0x0f), (RD, 2, 0), (RD, 5, 0), (WR, 0, 0x41),
                  (RD, 2, 0), (RD, 6, 0))
    write("fuzz_uart16550", "linux-setup", linux)
    rx = steps((WR, 2, 0xc1), (WR, 1, 0x05)) + steps(*[(RX, 0, c) for c in b"hello, world!!xyz"])
    rx += steps((RD, 5, 0), (RD, 2, 0)) + steps(*[(RD, 0, 0)] * 17)
    write("fuzz_uart16550", "fifo-rx-overrun", rx)
    write("fuzz_uart16550", "no-fifo-rx", steps((WR, 1, 0x01), (RX, 0, 0x31), (RX, 0, 0x32),
                                                (RD, 5, 0), (RD, 0, 0), (RD, 0, 0)))
    write("fuzz_uart16550", "loopback", steps((WR, 4, 0x1f), (WR, 0, 0x55), (RD, 6, 0),
                                              (RD, 0, 0), (WR, 2, 0x01), (WR, 0, 0x66),
                                              (RD, 0, 0)))
    write("fuzz_uart16550", "wide-access", steps((0x4 | WR, 0, 0x7a), (0x8 | RD, 4, 0),
                                                 (0xc | RD, 0xf8, 0), (RD, 0x80, 0)))


# --- fuzz_plic: harts, then (op, index, value32) steps --------------------------
def plic():
    def st(op, idx, val=0):
        return struct.pack("<BBI", op, idx, val)

    P_RD, P_WR, LINE = 0, 1, 2
    PRIO, PEND, ENABLE, CTX = 0 << 2, 1 << 2, 2 << 2, 3 << 2
    s = bytes([1])  # two harts
    s += st(P_WR | PRIO, 10, 3) + st(P_WR | PRIO, 1, 5)
    s += st(P_WR | ENABLE, 1 << 3 | 0, 0x402)  # context 1 (hart 0 S), word 0: sources 1, 10
    s += st(P_WR | CTX, 1 << 1 | 0, 1)  # context 1 threshold 1
    s += st(LINE | 4, 10) + st(LINE | 4, 1) + st(P_RD | PEND, 0)
    s += st(P_RD | CTX, 1 << 1 | 1) + st(P_RD | CTX, 1 << 1 | 1)  # claim 1, then 10
    s += st(P_WR | CTX, 1 << 1 | 1, 1) + st(P_WR | CTX, 1 << 1 | 1, 10)  # complete
    s += st(P_RD | CTX, 1 << 1 | 1)
    write("fuzz_plic", "claim-complete", s)
    s = bytes([7]) + st(P_WR | PRIO, 96, 7) + st(P_RD | PRIO, 96) + st(P_WR | ENABLE, 15 << 3 | 2,
                                                                     0xffffffff)
    s += st(P_WR | PRIO, 95, 7) + st(LINE | 4, 95) + st(P_RD | CTX, 15 << 1 | 1)
    s += st(0x80 | P_RD | CTX, 1) + st(5 << 2 | P_WR, 0xff, 0xffffffff)
    write("fuzz_plic", "eight-harts-edges", s)


# --- fuzz_vdev_bus: (op, offset32, value64, pages) steps -----------------------
def vdev_bus():
    def st(op, off, val=0, pages=0):
        return struct.pack("<BIQB", op, off, val, pages)

    UART, PLIC, CLINT, TEST = 0, 1, 2, 3
    W4, W8, W2 = 2 << 3, 3 << 3, 1 << 3
    s = st(CLINT | W8, 0xbff8) + st(CLINT | W4, 0xbffc) + st(CLINT | W4, 0xbff8)
    s += st(CLINT | 4 | W8, 0x4000, 123) + st(UART | 4, 0, 0x41) + st(UART, 5)
    s += st(PLIC | W4, 0x200004) + st(UART, 0xff) + st(UART | W8, 0xfc)
    write("fuzz_vdev_bus", "reads", s)
    write("fuzz_vdev_bus", "pass", st(TEST | 4 | W4, 0, 0x5555))
    write("fuzz_vdev_bus", "fail", st(TEST | 4 | W2, 0, 0x3333) + st(TEST | 4 | W4, 0, 7 << 16 | 0x3333))
    write("fuzz_vdev_bus", "reset", st(TEST | 4 | W4, 0, 0x7777))
    write("fuzz_vdev_bus", "add", st(0x20, 0x10001, 0, 1) + st(0x20, 0x10000, 0, 1) +
          st(0x20, 0xfffff, 0xfff << 52, 255))


# --- fuzz_platform_fdt: DTBs ---------------------------------------------------
def platform_fdt():
    fixtures = os.path.join(SRCTREE, "tests", "unit", "fixtures")
    for name in sorted(os.listdir(fixtures)):
        if name.endswith(".dts"):
            out = subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-i", fixtures,
                                  os.path.join(fixtures, name)], check=True,
                                 stdout=subprocess.PIPE).stdout
            write("fuzz_platform_fdt", name[:-4] + ".dtb", out)
    qemu = shutil.which("qemu-system-riscv64")
    if qemu:
        with tempfile.TemporaryDirectory() as tmp:
            for smp in (1, 4):
                dtb = os.path.join(tmp, "virt.dtb")
                subprocess.run([qemu, "-M", "virt,dumpdtb=" + dtb, "-smp", str(smp),
                                "-nographic"], check=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
                # QEMU pads its blob to 1 MiB: dtc writes it back at its real size.
                out = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dtb", dtb], check=True,
                                     stdout=subprocess.PIPE).stdout
                write("fuzz_platform_fdt", "qemu-virt-smp%d.dtb" % smp, out)


# --- fuzz_guestpkg: packages ---------------------------------------------------
def guestpkg():
    mk = os.path.join(SRCTREE, "scripts", "mkguestpkg.py")
    with tempfile.TemporaryDirectory() as tmp:
        kernel, initrd, pkg = (os.path.join(tmp, n) for n in ("Image", "initrd", "pkg"))
        with open(kernel, "wb") as f:
            f.write(b"\x6f\x00\x00\x00")  # j .
        with open(initrd, "wb") as f:
            f.write(b"070701")
        for name, args in (("one", ["--kernel", kernel]),
                           ("initrd-smp", ["--kernel", kernel, "--initrd", initrd, "--harts",
                                           "4", "--bootargs", "console=ttyS0"]),
                           ("two", ["--kernel", kernel, "--name", "a", "--guest", "--kernel",
                                    kernel, "--initrd", initrd, "--name", "b"])):
            subprocess.run([sys.executable, mk, "-o", pkg] + args, check=True)
            with open(pkg, "rb") as f:
                data = f.read()
            write("fuzz_guestpkg", name, data)
        # Broken on purpose: a kernel reaching past the end, a fifth guest.
        write("fuzz_guestpkg", "kernel-past-end", data[:-4096])
        write("fuzz_guestpkg", "five-guests", data[:12] + struct.pack("<I", 5) + data[16:4096])


# --- fuzz_virtio_blk: a Linux probe, then requests ------------------------------
def virtio_blk():
    features = 1 << 28 | 1 << 1 | 1 << 2 | 1 << 6 | 1 << 9  # INDIRECT, SIZE/SEG_MAX, BLK_SIZE, FLUSH
    probe = struct.pack("<BIBHHH", 5, features, 4, 0x1000 // 16, 0x2000 // 16, 0x3000 // 16)
    NEXT, WRITE, INDIRECT = 1, 2, 4

    def ram(off, data):
        return struct.pack("<BHB", 2, off, len(data)) + data

    def area(k):  # address kind 32 + k: the buffer area at RAM_SIZE / 2 + 0x200 * k
        return 32 + k

    def chain(descs, head=0):
        out = struct.pack("<BB", 6, len(descs) - 1)
        for slot, kind, length, flags, nxt in descs:
            out += struct.pack("<BBIBB", slot, kind, length, flags, nxt)
        return out + struct.pack("<B", head)

    def hdr(t, sector):
        return struct.pack("<IIQ", t, 0, sector)

    complete = struct.pack("<BBB", 3, 0, 0)
    rw = chain([(0, area(0), 16, NEXT, 1), (1, area(1), 512, NEXT | WRITE, 2),
                (2, area(2), 1, WRITE, 0)])
    write("fuzz_virtio_blk", "read", b"\0" + probe + ram(0x8000, hdr(0, 1)) + rw + complete)
    write("fuzz_virtio_blk", "write-ro", b"\1" + probe + ram(0x8000, hdr(1, 2)) +
          chain([(0, area(0), 16, NEXT, 1), (1, area(1), 1024, NEXT, 2), (2, area(2), 1, WRITE, 0)]) +
          complete)
    write("fuzz_virtio_blk", "flush-getid", b"\0" + probe + ram(0x8000, hdr(4, 0)) +
          chain([(0, area(0), 16, NEXT, 1), (1, area(2), 1, WRITE, 0)]) + complete +
          ram(0x8000, hdr(8, 0)) + rw)
    # An indirect table at 0x8600 (area 3) holding the same request
    table = b"".join(struct.pack("<QIHH", 0x80000000 + 0x8000 + 0x200 * k, n, f, k + 1)
                     for k, n, f in ((0, 16, NEXT), (1, 512, NEXT | WRITE), (2, 1, WRITE)))
    write("fuzz_virtio_blk", "indirect", b"\0" + probe + ram(0x8000, hdr(0, 3)) +
          ram(0x8600, table) + chain([(5, area(3), 48, INDIRECT, 0)], head=5) + complete)
    # Requests in flight, a reset (Status 0), late completions, a new probe
    write("fuzz_virtio_blk", "reset-in-flight", b"\0" + probe + ram(0x8000, hdr(0, 1)) + rw + rw +
          struct.pack("<BHQ", 0x80 | 2 << 3, 0x70, 0) + complete + complete + probe + rw + complete)


# --- fuzz_virtqueue: queue size (log2), then op bytes (and their operands) -----
def virtqueue():
    ADD, ADD_INDIRECT, USED, IDX, GET, FREE = range(6)

    def used(at, head, length):
        return bytes([USED, at]) + struct.pack("<II", head, length)

    # Queue of 16: a chain of three (head 0) and an indirect table of eight (head 3),
    # used in reverse order, taken and freed; then a device that returns head 0 twice.
    s = bytes([4, ADD | 2 << 3, ADD_INDIRECT | 7 << 3]) + used(0, 3, 4096) + used(1, 0, 1)
    s += bytes([IDX, IDX, GET, GET, GET, FREE, FREE, ADD])
    write("fuzz_virtqueue", "two-requests", s)
    s = bytes([3, ADD, ADD]) + used(0, 0, 1) + used(1, 0, 1) + bytes([IDX, IDX, GET, GET, FREE])
    s += bytes([IDX | 0x80, 0x00, 0x01, GET])
    write("fuzz_virtqueue", "hostile-device", s)


def main():
    # Files this does not write (inputs fuzzing found, kept as regression
    # seeds) stay where they are.
    for gen in (mmio_decode, sv39, shadow_policy, uart, plic, vdev_bus, platform_fdt, guestpkg,
                virtio_blk, virtqueue):
        gen()


if __name__ == "__main__":
    main()
