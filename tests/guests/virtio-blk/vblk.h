/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal virtio-blk driver (vblk.c): one transport, one queue of
 * VBLK_QSIZE entries, one request in flight at a time. The checks build
 * their own descriptor chains in vblk.desc[] and use vblk_submit() and
 * vblk_wait(); vblk_request() is the ordinary well-formed request.
 */
#ifndef GUEST_VBLK_H
#define GUEST_VBLK_H

#include "virtio.h"

#define VBLK_QSIZE 8
#define PAGE	   4096UL

struct vblk {
	unsigned long base; /* the transport's registers */
	unsigned int irq;   /* its PLIC source */
	u64 offered, accepted;
	u64 capacity;
	u16 avail_idx; /* the next free avail ring slot */
	u16 used_idx;  /* used ring entries taken */
	volatile struct virtq_desc *desc;
	volatile struct virtq_avail *avail;
	volatile struct virtq_used *used;
};
extern struct vblk vblk;

/* How a request ended, as the driver sees it. */
enum outcome {
	OC_OK,
	OC_IOERR,
	OC_UNSUPP,
	OC_BAD_STATUS,	/* completed with another status byte */
	OC_BAD_USED,	/* completed with a used entry for another chain */
	OC_NEEDS_RESET, /* not completed, Status has DEVICE_NEEDS_RESET */
	OC_TIMEOUT,	/* neither, within VBLK_TIMEOUT_S */
};
#define VBLK_TIMEOUT_S 3
const char *outcome_name(enum outcome oc);

u32 vblk_rd(unsigned long off);
void vblk_wr(unsigned long off, u32 val);

/* Find the first transport with a virtio-blk device behind it; 0 or -1. */
int vblk_find(void);
/* Reset the device and drive it to DRIVER_OK with queue 0 set up: 0, or what failed. */
const char *vblk_init(void);
static inline int vblk_has(int bit)
{
	return !!(vblk.accepted & VIRTIO_BIT(bit));
}
static inline int vblk_offers(int bit)
{
	return !!(vblk.offered & VIRTIO_BIT(bit));
}

static inline void desc_set(volatile struct virtq_desc *d, u64 addr, u32 len, u16 flags, u16 next)
{
	d->addr = addr;
	d->len = len;
	d->flags = flags;
	d->next = next;
}

/*
 * Publish the chain at head in the avail ring and notify. irq: ask for a
 * used buffer notification (VIRTQ_AVAIL_F_NO_INTERRUPT clear).
 */
void vblk_submit(u16 head, int irq);
/*
 * Wait for the next used entry (it must name head): its status byte is
 * *status, its length goes to *len.
 */
enum outcome vblk_wait(u16 head, const volatile u8 *status, u32 *len);

/* A data buffer of a request. */
struct seg {
	void *buf;
	u32 len;
};

/*
 * Where a request's header, status byte and indirect table live (the
 * caller's, so that hostile checks can put them next to guard pages).
 */
struct vblk_req {
	struct virtio_blk_outhdr hdr;
	struct virtq_desc table[VBLK_QSIZE + 2] __attribute__((aligned(16)));
	u8 status;
};

/*
 * A well-formed request: header, the data segments (device-writable for IN
 * and GET_ID), status byte; through an indirect table if indirect. Polled
 * unless irq (then the caller waits for its interrupt and calls vblk_wait()).
 */
enum outcome vblk_request(struct vblk_req *r, u32 type, u64 sector, const struct seg *data, int nr,
			  int indirect, u32 *len);
/* The same, submitted only: returns the head to vblk_wait() for. */
u16 vblk_start(struct vblk_req *r, u32 type, u64 sector, const struct seg *data, int nr,
	       int indirect, int irq);

#endif
