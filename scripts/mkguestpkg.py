#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Pack guest images into an SVPN guest package (include/svpn/guestpkg.h).

usage: mkguestpkg.py -o PKG --kernel IMAGE [--initrd CPIO] [--bootargs ARGS]
                     [--mem MIB] [--harts N] [--name NAME]
                     [--disk-host N [--disk-start S] [--disk-sectors C] [--disk-ro]]
                     [--no-rng] [--guest ...]

Each --guest starts a new guest description; options after it apply to it.
--disk-host N gives the guest a disk: sectors S.. (C of them, 0 = to the end)
of the host's Nth virtio-blk drive (QEMU -drive order, from 0).
"""
import argparse
import os
import struct
import sys

MAGIC = b"SVPNGPK1"
VERSION = 2
MAX_GUESTS = 4
BOOTARGS_LEN = 512
NAME_LEN = 16
GUEST_FMT = "<QQQQQII%ds%dsIIQQ" % (NAME_LEN, BOOTARGS_LEN)
F_DISK, F_DISK_RO, F_NO_RNG = 1 << 0, 1 << 1, 1 << 2
HEADER_FMT = "<8sII"
ALIGN = 4096


def split_guests(argv):
    groups, cur = [], []
    for a in argv:
        if a == "--guest":
            if cur:
                groups.append(cur)
            cur = []
        else:
            cur.append(a)
    if cur:
        groups.append(cur)
    return groups


def parse_guest(args, index):
    p = argparse.ArgumentParser(prog="mkguestpkg.py (guest %d)" % index)
    p.add_argument("--kernel", required=True)
    p.add_argument("--initrd", default="")
    p.add_argument("--bootargs", default="")
    p.add_argument("--mem", type=int, default=128, help="guest RAM in MiB")
    p.add_argument("--harts", type=int, default=1)
    p.add_argument("--name", default="guest%d" % index)
    p.add_argument("--disk-host", type=int, default=-1)
    p.add_argument("--disk-start", type=int, default=0)
    p.add_argument("--disk-sectors", type=int, default=0)
    p.add_argument("--disk-ro", action="store_true")
    p.add_argument("--no-rng", action="store_true")
    g = p.parse_args(args)
    for path in [g.kernel] + ([g.initrd] if g.initrd else []):
        if not os.path.isfile(path):
            sys.exit("mkguestpkg: error: %s: no such file" % path)
    if len(g.bootargs.encode()) >= BOOTARGS_LEN:
        sys.exit("mkguestpkg: error: bootargs longer than %d bytes" % (BOOTARGS_LEN - 1))
    if not 4 <= g.mem <= 4096:
        sys.exit("mkguestpkg: error: guest RAM must be 4..4096 MiB (got %d)" % g.mem)
    if not 1 <= g.harts <= 32:
        sys.exit("mkguestpkg: error: guest harts must be 1..32 (got %d)" % g.harts)
    if g.disk_host < 0 and (g.disk_start or g.disk_sectors or g.disk_ro):
        sys.exit("mkguestpkg: error: --disk-start/--disk-sectors/--disk-ro need --disk-host")
    if g.disk_start < 0 or g.disk_sectors < 0 or g.disk_start + g.disk_sectors >= 1 << 64:
        sys.exit("mkguestpkg: error: bad disk window %d+%d" % (g.disk_start, g.disk_sectors))
    return g


def guest_flags(g):
    flags = F_NO_RNG if g.no_rng else 0
    if g.disk_host >= 0:
        flags |= F_DISK | (F_DISK_RO if g.disk_ro else 0)
    return flags


def main():
    argv = sys.argv[1:]
    if "-o" not in argv or argv.index("-o") + 1 >= len(argv):
        sys.exit(__doc__)
    i = argv.index("-o")
    out = argv[i + 1]
    del argv[i:i + 2]
    guests = [parse_guest(g, n) for n, g in enumerate(split_guests(argv))]
    if not 1 <= len(guests) <= MAX_GUESTS:
        sys.exit("mkguestpkg: error: 1..%d guests, got %d" % (MAX_GUESTS, len(guests)))

    header_size = struct.calcsize(HEADER_FMT) + MAX_GUESTS * struct.calcsize(GUEST_FMT)
    offset = (header_size + ALIGN - 1) // ALIGN * ALIGN
    blobs, descs = [], []
    for g in guests:
        kernel = open(g.kernel, "rb").read()
        initrd = open(g.initrd, "rb").read() if g.initrd else b""
        koff = offset
        offset += (len(kernel) + ALIGN - 1) // ALIGN * ALIGN
        ioff = offset if initrd else 0
        offset += (len(initrd) + ALIGN - 1) // ALIGN * ALIGN
        blobs += [(koff, kernel), (ioff, initrd)]
        descs.append(struct.pack(GUEST_FMT, koff, len(kernel), ioff, len(initrd),
                                 g.mem << 20, g.harts, guest_flags(g),
                                 g.name.encode()[:NAME_LEN - 1], g.bootargs.encode(),
                                 max(g.disk_host, 0), 0, g.disk_start, g.disk_sectors))
    descs += [b"\0" * struct.calcsize(GUEST_FMT)] * (MAX_GUESTS - len(descs))
    pkg = bytearray(offset)
    head = struct.pack(HEADER_FMT, MAGIC, VERSION, len(guests)) + b"".join(descs)
    pkg[:len(head)] = head
    for off, data in blobs:
        pkg[off:off + len(data)] = data
    with open(out, "wb") as f:
        f.write(pkg)


if __name__ == "__main__":
    main()
