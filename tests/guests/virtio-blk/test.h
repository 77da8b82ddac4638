/* SPDX-License-Identifier: GPL-2.0 */
/* What the checks of virtio-blk.c and hostile.c share. */
#ifndef GUEST_VBLK_TEST_H
#define GUEST_VBLK_TEST_H

#include "vblk.h"

/*
 * Every buffer the device is given (data, header, status, indirect tables)
 * lies between two guard pages that it must never write.
 */
struct arena {
	u8 guard_lo[PAGE];
	u8 rbuf[PAGE]; /* device-writable data: 8 sectors */
	u8 wbuf[PAGE]; /* device-readable data: 8 sectors */
	union {
		struct vblk_req req;
		u8 page[PAGE];
	} r;
	u8 guard_hi[PAGE];
} __attribute__((aligned(PAGE)));
extern struct arena arena;

#define SECTOR VIRTIO_BLK_SECTOR

/* The bytes a pattern puts at sector s: every sector and seed differ. */
void fill_pattern(void *buf, u64 sector, unsigned long bytes, unsigned long seed);
/* Whether buf holds what fill_pattern(.., sector, bytes, seed) wrote. */
int has_pattern(const void *buf, u64 sector, unsigned long bytes, unsigned long seed);
int same_bytes(const void *a, const void *b, unsigned long n);

/* Read 8 sectors at sector into arena.rbuf (one descriptor, polled). */
enum outcome read8(u64 sector, u32 *len);

/* The checks of hostile.c, run when the boot arguments hold svpn.hostile. */
void hostile_checks(unsigned long hartid);

#endif
