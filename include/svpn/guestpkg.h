/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest package: how guest images reach SVPN. scripts/mkguestpkg.py
 * writes it; QEMU loads it as the machine's initrd (-initrd), which puts its
 * address in the host DTB's /chosen; vmm/guest.c reads it. All fields
 * little-endian; offsets from the start of the package.
 */
#ifndef _SVPN_GUESTPKG_H
#define _SVPN_GUESTPKG_H

#include <stdint.h>

#define GUESTPKG_MAGIC	      "SVPNGPK1"
#define GUESTPKG_VERSION      1
#define GUESTPKG_MAX_GUESTS   4
#define GUESTPKG_BOOTARGS_LEN 512
#define GUESTPKG_NAME_LEN     16

struct guestpkg_guest {
	uint64_t kernel_off;
	uint64_t kernel_size;
	uint64_t initrd_off; /* initrd_size == 0: no initrd */
	uint64_t initrd_size;
	uint64_t mem_size; /* guest RAM in bytes */
	uint32_t nr_harts;
	uint32_t flags;
	char name[GUESTPKG_NAME_LEN];
	char bootargs[GUESTPKG_BOOTARGS_LEN]; /* NUL-terminated */
};

struct guestpkg_header {
	char magic[8];
	uint32_t version;
	uint32_t nr_guests;
	struct guestpkg_guest guests[GUESTPKG_MAX_GUESTS];
};

#endif /* _SVPN_GUESTPKG_H */
