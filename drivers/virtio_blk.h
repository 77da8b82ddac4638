/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A virtio-blk device model (drivers/virtio_blk.c) behind a virtio-mmio
 * transport: a window of sectors [start, start + count) of a host block
 * device (include/svpn/blkdev.h), shown to the guest as a disk of count
 * sectors, optionally read-only.
 *
 * Integration:
 *   virtio_blk_init(b, blk_dev_get(i), start, count, ro, "name", &ram, &host, ctx);
 *   bus device { base, VDEV_VIRTIO_MMIO_SIZE, &virtio_mmio_vdev_ops, .priv = &b->vm }
 *   interrupt: host->set_irq(ctx, level) drives PLIC line VDEV_VIRTIO_MMIO_IRQ(slot).
 * Lock rules (see virtio_mmio.h): vdev ops run under the guest's device
 * lock; backend completions take it through host->lock() themselves, and
 * the backend's submit() is called with it held (so the lock order is the
 * device lock, then the host driver's). The struct and guest RAM must
 * outlive every request: until virtio_mmio_in_flight(&b->vm) is 0, the
 * backend may still write into guest RAM and call back.
 *
 * At most VIRTIO_BLK_SLOTS requests are with the backend at once; what a
 * guest queues beyond that, or while the backend has no room, stays in its
 * available ring until a completion (or virtio_mmio_kick(&b->vm, 0)) resumes.
 */
#ifndef _DRIVERS_VIRTIO_BLK_H
#define _DRIVERS_VIRTIO_BLK_H

#include <stdbool.h>
#include <stdint.h>
#include <svpn/blkdev.h>
#include <svpn/virtio.h>
#include "virtio_mmio.h"

#define VIRTIO_BLK_QUEUE_SIZE 256 /* QueueNumMax, as QEMU's virtio-blk queue-size default */
#define VIRTIO_BLK_SLOTS      32  /* requests in flight at once, per device */
#define VIRTIO_BLK_SEG_MAX    BLK_MAX_SEGS /* header and status never reach the backend */
#define VIRTIO_BLK_SIZE_MAX   0x10000	   /* bytes per segment: a request is <= 4 MiB */
#define VIRTIO_BLK_CHAIN_BUFS (VIRTIO_BLK_SEG_MAX + 2)

struct virtio_blk {
	struct virtio_mmio vm; /* the MMIO face: the bus device's priv */
	struct blk_dev *backend;
	uint64_t start, count;
	bool read_only;
	char id[VIRTIO_BLK_ID_BYTES]; /* GET_ID's answer, NUL-padded */
	uint8_t config[VIRTIO_BLK_CFG_BASE_SIZE];
	/* Slot i: what the guest asked, and what the backend holds while it is busy */
	struct virtio_req reqs[VIRTIO_BLK_SLOTS];
	struct blk_request backend_reqs[VIRTIO_BLK_SLOTS];
	struct virtq_buf bufs[VIRTIO_BLK_CHAIN_BUFS]; /* the chain being read (lock held) */
};

/*
 * @backend must hold the window: @start + @count <= its capacity. The disk
 * is read-only if @read_only or the backend is. @id: up to 20 characters
 * (GET_ID), may be NULL. Returns 0, or -1 (nothing set up) for a bad window.
 */
int virtio_blk_init(struct virtio_blk *b, struct blk_dev *backend, uint64_t start, uint64_t count,
		    bool read_only, const char *id, const struct gpa_map *ram,
		    const struct virtio_host_ops *host, void *ctx);

#endif /* _DRIVERS_VIRTIO_BLK_H */
