/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtio-mmio transport for SVPN's own drivers of the host's virtio
 * devices (virtio 1.2, 4.2.2: the modern interface, register layout
 * version 2), and what a device driver plugs into it. Every device gets one
 * split virtqueue (queue 0) and one lock; its requests complete by
 * interrupt only.
 *
 * A driver keeps its per-request state in slots indexed by the head
 * descriptor a request takes: a head is unique while its request is in
 * flight, so the slot is the request's until the used ring returns it.
 */
#ifndef _DRIVERS_HOST_VIRTIO_MMIO_H
#define _DRIVERS_HOST_VIRTIO_MMIO_H

#include <asm/spinlock.h>
#include <hw/virtio.h>
#include <stdbool.h>
#include <stdint.h>
#include "virtqueue.h"

struct virtio_mmio_dev;

/* A finished request, copied out of its slot under the lock and delivered after it. */
struct virtio_done {
	void *req;
	uint32_t val;
};

struct virtio_driver {
	const char *name;
	uint32_t device_id;
	uint64_t features;	  /* device-specific features it uses where offered */
	unsigned int config_size; /* bytes of device configuration it reads */
	unsigned int max_desc;	  /* the most buffers one request has */
	/* After FEATURES_OK, with the queue set up: 0, or -1 having said why. */
	int (*probe)(struct virtio_mmio_dev *vd);
	/*
	 * Under vd->lock: the next finished request, or false. It takes used
	 * chains with virtio_get_used(); once vd->broken is set it hands
	 * back every request still in flight, failed.
	 */
	bool (*next_done)(struct virtio_mmio_dev *vd, struct virtio_done *done);
	/* With no lock held: the request's done(). */
	void (*complete)(const struct virtio_done *done);
};

struct virtio_mmio_dev {
	unsigned long base; /* the registers, in the linear map */
	uint64_t pa, size;
	unsigned int irq;
	uint64_t features; /* negotiated */
	const struct virtio_driver *drv;
	void *priv;	 /* the driver's */
	spinlock_t lock; /* the virtqueue, the indirect tables, the driver's slots */
	struct virtqueue vq;
	struct vring_desc *tables; /* with INDIRECT_DESC: max_desc entries per head */
	bool live;		   /* DRIVER_OK: its interrupts are its driver's */
	bool broken;		   /* the device failed: no new requests, in-flight ones failed */
};

bool virtio_has_feature(const struct virtio_mmio_dev *vd, unsigned int bit);
/* Device configuration, 32-bit accesses; a 64-bit field consistent under ConfigGeneration. */
uint32_t virtio_cread32(const struct virtio_mmio_dev *vd, unsigned int off);
uint64_t virtio_cread64(const struct virtio_mmio_dev *vd, unsigned int off);

/*
 * Queue one request of @n buffers (at most max_desc; device-readable ones
 * first). Under the lock, @bind(@vd, head, @bufs, @arg) first records the
 * request in the slot of the head it takes and may point buffers there;
 * then the buffers go to the device (indirect when negotiated and @n > 1)
 * and, after the lock, the device is notified. 0, or -1 without calling
 * @bind when the ring has no room or the device is broken.
 */
int virtio_submit(struct virtio_mmio_dev *vd, struct vq_buf *bufs, unsigned int n,
		  void (*bind)(struct virtio_mmio_dev *vd, unsigned int head, struct vq_buf *bufs,
			       void *arg),
		  void *arg);
/* Under the lock, for next_done(): the next used chain's head (and length), or -1. */
int virtio_get_used(struct virtio_mmio_dev *vd, uint32_t *len);
/* Host-physical address of SVPN memory (slots the device reads or writes). */
uint64_t virtio_dma_addr(const void *p);

extern const struct virtio_driver virtio_blk_driver;
extern const struct virtio_driver virtio_rng_driver;

#endif /* _DRIVERS_HOST_VIRTIO_MMIO_H */
