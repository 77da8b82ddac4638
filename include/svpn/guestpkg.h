/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest package: how guest images reach SVPN. scripts/mkguestpkg.py
 * writes it; QEMU loads it as the machine's initrd (-initrd), which puts its
 * address in the host DTB's /chosen; vmm/guest.c reads it. All fields
 * little-endian; offsets from the start of the package.
 */
#ifndef _SVPN_GUESTPKG_H
#define _SVPN_GUESTPKG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GUESTPKG_MAGIC	      "SVPNGPK1"
#define GUESTPKG_VERSION      2
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
	uint32_t flags; /* GUESTPKG_F_* */
	char name[GUESTPKG_NAME_LEN];
	char bootargs[GUESTPKG_BOOTARGS_LEN]; /* NUL-terminated */
	/* GUESTPKG_F_DISK: the guest's disk, a window of a host disk (QEMU -drive order). */
	uint32_t disk_host;
	uint32_t reserved;
	uint64_t disk_start;   /* first host sector */
	uint64_t disk_sectors; /* 0: up to the host disk's end */
};

#define GUESTPKG_F_DISK	   (1U << 0) /* the guest has a disk (virtio-blk) */
#define GUESTPKG_F_DISK_RO (1U << 1) /* ...which it may only read */
#define GUESTPKG_F_NO_RNG  (1U << 2) /* no virtio-rng for this guest */
#define GUESTPKG_F_ALL	   (GUESTPKG_F_DISK | GUESTPKG_F_DISK_RO | GUESTPKG_F_NO_RNG)

_Static_assert(sizeof(struct guestpkg_guest) == 600, "scripts/mkguestpkg.py GUEST_FMT");

struct guestpkg_header {
	char magic[8];
	uint32_t version;
	uint32_t nr_guests;
	struct guestpkg_guest guests[GUESTPKG_MAX_GUESTS];
};

/*
 * Checking a package before use (lib/guestpkg.c): pure functions of the
 * bytes SVPN was handed, so that host tests and fuzzers run them too. Each
 * returns NULL if the package passes, else @err holding a one-line reason.
 */
#define GUESTPKG_ERR_LEN 160

/* Is [@off, @off + @size) inside a package of @pkg_size bytes (no overflow)? */
bool guestpkg_range_ok(uint64_t pkg_size, uint64_t off, uint64_t size);
/* The header of the @size-byte package at @pkg: magic, version, guest count. */
const char *guestpkg_check_header(const void *pkg, uint64_t size, char *err, size_t len);
/* One guest description: its images inside the package, strings terminated, 1..@max_harts. */
const char *guestpkg_check_guest(const struct guestpkg_guest *d, uint64_t pkg_size,
				 unsigned int max_harts, char *err, size_t len);

#endif /* _SVPN_GUESTPKG_H */
