#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Pack guest images into an SVPN guest package (include/svpn/guestpkg.h).

usage: mkguestpkg.py -o PKG --kernel IMAGE [--initrd CPIO] [--bootargs ARGS]
                     [--mem MIB] [--harts N] [--name NAME] [--guest ...]

Each --guest starts a new guest description; options after it apply to it.
"""
import argparse
import os
import struct
import sys

MAGIC = b"SVPNGPK1"
VERSION = 1
MAX_GUESTS = 4
BOOTARGS_LEN = 512
NAME_LEN = 16
GUEST_FMT = "<QQQQQII%ds%ds" % (NAME_LEN, BOOTARGS_LEN)
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
    return g


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
                                 g.mem << 20, g.harts, 0, g.name.encode()[:NAME_LEN - 1],
                                 g.bootargs.encode()))
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
