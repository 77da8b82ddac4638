/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host block and entropy devices, as the guest device models use them.
 *
 * SVPN drives the host's own devices (drivers/host/: virtio-blk and
 * virtio-rng on QEMU virt) and hands out requests whose buffers are
 * host-physical ranges of guest RAM that the caller has already checked: the
 * host device DMAs there directly (guest RAM is contiguous, so no copy).
 *
 * Requests are asynchronous. submit() queues a request or refuses it; it
 * never calls done() itself. done() is called exactly once per accepted
 * request, on whichever hart takes the host device's interrupt, with no
 * host-driver lock held, so it may take the caller's own locks and submit
 * again.
 */
#ifndef _SVPN_BLKDEV_H
#define _SVPN_BLKDEV_H

#include <stdbool.h>
#include <stdint.h>

#define BLK_SECTOR_SHIFT 9
#define BLK_SECTOR_SIZE	 (1UL << BLK_SECTOR_SHIFT)
#define BLK_ID_BYTES	 20 /* VIRTIO_BLK_ID_BYTES */
/* The most data buffers of one request (the guest device advertises this as seg_max). */
#define BLK_MAX_SEGS	 64

enum blk_op {
	BLK_OP_READ,
	BLK_OP_WRITE,
	BLK_OP_FLUSH,  /* completes once the writes completed before it are on stable storage */
	BLK_OP_GET_ID, /* BLK_ID_BYTES of device id into segs[0] */
};

enum blk_status {
	BLK_STATUS_OK,
	BLK_STATUS_IOERR,
	BLK_STATUS_UNSUPP,
};

struct blk_seg {
	uint64_t hpa; /* host-physical, checked by the caller */
	uint32_t len;
};

struct blk_request {
	enum blk_op op;
	uint64_t sector; /* on the host device (the caller applies its window) */
	unsigned int nr_segs;
	struct blk_seg segs[BLK_MAX_SEGS];
	void (*done)(struct blk_request *req, enum blk_status status);
	void *ctx; /* the caller's */
};

struct blk_dev {
	const char *name;
	uint64_t capacity; /* sectors */
	bool read_only;	   /* the host device refuses writes */
	/* Queue a request; 0, or -1 if the device has no room (retry after a done()). */
	int (*submit)(struct blk_dev *dev, struct blk_request *req);
	void *priv;
};

/* The host's block devices in device-tree order (0 is the first -drive); NULL past the last. */
struct blk_dev *blk_dev_get(unsigned int index);

/* Host entropy, asynchronously, into host-physical buffers: same rules as blk_dev. */
struct rng_request {
	uint64_t hpa;
	uint32_t len;
	void (*done)(struct rng_request *req, uint32_t filled);
	void *ctx;
};

struct rng_dev {
	int (*submit)(struct rng_dev *dev, struct rng_request *req);
	void *priv;
};

/* The host's entropy source, or NULL when it has none. */
struct rng_dev *rng_dev_get(void);

#endif /* _SVPN_BLKDEV_H */
