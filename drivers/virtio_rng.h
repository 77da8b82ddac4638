/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A virtio-entropy device model (drivers/virtio_rng.c) behind a virtio-mmio
 * transport, filled by the host's entropy source (include/svpn/blkdev.h,
 * struct rng_dev).
 *
 * Integration, lock rules and lifetime as in virtio_blk.h:
 *   virtio_rng_init(r, rng_dev_get(), &ram, &host, ctx);
 *   bus device { base, VDEV_VIRTIO_MMIO_SIZE, &virtio_mmio_vdev_ops, .priv = &r->vm }
 * Without a host entropy source there is no device: virtio_rng_init()
 * refuses, and the slot is better left an empty transport
 * (virtio_mmio_init() with no device, DeviceID 0, as QEMU's unused ones)
 * than a device that never answers, which Linux's hwrng would wait on.
 */
#ifndef _DRIVERS_VIRTIO_RNG_H
#define _DRIVERS_VIRTIO_RNG_H

#include <stdbool.h>
#include <stdint.h>
#include <svpn/blkdev.h>
#include "virtio_mmio.h"

#define VIRTIO_RNG_QUEUE_SIZE  64
#define VIRTIO_RNG_SLOTS       4    /* requests in flight at once, per device */
#define VIRTIO_RNG_REQUEST_MAX 4096 /* bytes filled per buffer, at most */
#define VIRTIO_RNG_CHAIN_BUFS  4

struct virtio_rng {
	struct virtio_mmio vm; /* the MMIO face: the bus device's priv */
	struct rng_dev *backend;
	struct virtio_req reqs[VIRTIO_RNG_SLOTS];
	struct rng_request backend_reqs[VIRTIO_RNG_SLOTS];
	struct virtq_buf bufs[VIRTIO_RNG_CHAIN_BUFS];
};

/* Returns 0, or -1 without a backend. */
int virtio_rng_init(struct virtio_rng *r, struct rng_dev *backend, const struct gpa_map *ram,
		    const struct virtio_host_ops *host, void *ctx);

#endif /* _DRIVERS_VIRTIO_RNG_H */
