/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A virtio-mmio transport (virtio 1.2, 4.2; modern layout, Version 2) in
 * front of one virtio device model (drivers/virtio_mmio.c). It answers the
 * guest's register accesses as QEMU's hw/virtio/virtio-mmio.c does, owns the
 * device status, feature negotiation, the queues (drivers/virtio_queue.h) and
 * the interrupt line, and hands the device model its configuration space,
 * queue notifications and resets.
 *
 * What the integrator provides (struct virtio_host_ops, @ctx passed back):
 *  - lock()/unlock(): the guest's device lock. Every vdev op arrives with it
 *    held (vmm/mmio.c takes it); the two entries that arrive without it
 *    take it themselves: virtio_mmio_req_done() (a backend's completion, on
 *    any hart) and virtio_mmio_kick(). Everything else here runs under it.
 *  - set_irq(ctx, level): the interrupt output, called with the lock held
 *    each time QEMU updates it (InterruptStatus != 0), changed or not.
 * The guest's RAM (@ram) and the model must outlive the requests its
 * backend holds: virtio_mmio_in_flight() 0.
 *
 * Bus glue: virtio_mmio_vdev_ops, priv the struct virtio_mmio (a model's
 * ->vm). A window of VDEV_VIRTIO_MMIO_SIZE; QEMU backs its first 0x200 bytes.
 */
#ifndef _DRIVERS_VIRTIO_MMIO_H
#define _DRIVERS_VIRTIO_MMIO_H

#include <hw/virtio_mmio.h>
#include <stdbool.h>
#include <stdint.h>
#include <svpn/gpa_map.h>
#include <svpn/vdev.h>
#include "virtio_queue.h"

#define VIRTIO_MMIO_VENDOR_QEMU 0x554d4551 /* "QEMU", so guests see QEMU's transport */
#define VIRTIO_MMIO_REGION_SIZE 0x200	   /* registers and config; QEMU's region size */
#define VIRTIO_MMIO_CONFIG_SIZE (VIRTIO_MMIO_REGION_SIZE - VIRTIO_MMIO_CONFIG)
#define VIRTIO_MMIO_MAX_QUEUES	2

struct virtio_mmio;

struct virtio_host_ops {
	void (*lock)(void *ctx);
	void (*unlock)(void *ctx);
	void (*set_irq)(void *ctx, bool level);
};

/* What a device model tells the transport; every callback runs with the lock held. */
struct virtio_device_ops {
	uint32_t device_id;
	unsigned int nr_queues; /* 1..VIRTIO_MMIO_MAX_QUEUES */
	unsigned int queue_max; /* QueueNumMax: a power of two up to 32768 */
	uint32_t config_len;	/* bytes of device configuration (<= VIRTIO_MMIO_CONFIG_SIZE) */
	/* @width 1, 2 or 4 bytes at @off, @off + @width <= config_len; little-endian. */
	uint32_t (*config_read)(struct virtio_mmio *vm, uint32_t off, unsigned int width);
	/* NULL: the configuration is read-only (writes are ignored). */
	void (*config_write)(struct virtio_mmio *vm, uint32_t off, unsigned int width,
			     uint32_t val);
	/*
	 * Take what queue @q holds: the driver notified it or set DRIVER_OK,
	 * or a completion freed a slot. Only while the queues run. Required.
	 */
	void (*notify)(struct virtio_mmio *vm, unsigned int q);
	/* The driver wrote 0 to Status; the transport has reset itself and the queues. */
	void (*reset)(struct virtio_mmio *vm);
};

struct virtio_mmio {
	const struct virtio_device_ops *dev; /* NULL: an empty slot (DeviceID 0), as QEMU's */
	void *dev_priv;
	uint64_t device_features; /* offered, VIRTIO_F_VERSION_1 included */
	const struct gpa_map *ram;

	uint8_t status;
	uint32_t isr; /* InterruptStatus */
	uint32_t config_generation;
	uint32_t device_features_sel, driver_features_sel;
	uint64_t driver_features; /* DriverFeatures words 0 and 1, as written */
	bool driver_features_bad; /* a bit was set in a word past 1 */
	uint64_t features;	  /* negotiated: driver_features when FEATURES_OK was accepted */
	uint32_t queue_sel;
	struct virtq queues[VIRTIO_MMIO_MAX_QUEUES];
	unsigned int in_flight; /* requests a backend holds */

	const struct virtio_host_ops *host;
	void *ctx;
};

/*
 * @dev NULL makes an empty transport: MagicValue, Version and VendorID read
 * as usual, everything else 0, writes ignored (Linux probes it and leaves
 * it). @features: the device's, without VIRTIO_F_VERSION_1 (added here).
 */
void virtio_mmio_init(struct virtio_mmio *vm, const struct virtio_device_ops *dev, void *dev_priv,
		      uint64_t features, const struct gpa_map *ram,
		      const struct virtio_host_ops *host, void *ctx);

/* Requests the backends still hold (under the lock). Guest RAM must outlive them. */
static inline unsigned int virtio_mmio_in_flight(const struct virtio_mmio *vm)
{
	return vm->in_flight;
}
/*
 * Without the lock: have the model take what queue @q holds, e.g. once a
 * backend that refused a request has room again while this device had
 * nothing in flight (otherwise a completion resumes by itself).
 */
void virtio_mmio_kick(struct virtio_mmio *vm, unsigned int q);

/* For device models, lock held. */
static inline bool virtio_mmio_has_feature(const struct virtio_mmio *vm, unsigned int bit)
{
	return vm->features & VIRTIO_BIT(bit);
}
/* The driver broke the device's rules: DEVICE_NEEDS_RESET (2.1.2); queues stop. */
void virtio_mmio_needs_reset(struct virtio_mmio *vm);
/* Whether the queues run: DRIVER_OK and FEATURES_OK set, NEEDS_RESET clear. */
bool virtio_mmio_running(const struct virtio_mmio *vm);
/* The next chain of queue @q; VIRTQ_BROKEN has already set NEEDS_RESET. */
enum virtq_pop virtio_mmio_peek(struct virtio_mmio *vm, unsigned int q, struct virtq_chain *c);
static inline void virtio_mmio_consume(struct virtio_mmio *vm, unsigned int q)
{
	virtq_consume(&vm->queues[q]);
}
/*
 * A request a device model took from a queue: one per slot of the model,
 * beside the backend's request. From virtio_mmio_req_submitted() until
 * virtio_mmio_req_done() a backend holds it and the slot is busy. Its
 * answer is dropped, writing nothing into guest RAM, if the queue was reset
 * or re-enabled since it was taken (@gen), or the device needs a reset.
 */
struct virtio_req {
	bool busy;
	uint8_t queue;
	uint16_t head;	     /* the chain, for the used ring */
	uint32_t gen;	     /* the queue's, when the request was taken */
	uint32_t used_len;   /* for the used ring: set by the model before the answer */
	uint64_t status_gpa; /* the status byte, for answers that have one */
};

#define VIRTIO_REQ_NO_STATUS (-1)

/* The first slot of @reqs[0..@n) no backend holds, or -1. */
int virtio_mmio_free_req(const struct virtio_req *reqs, unsigned int n);
/* Take chain @c of queue @q into @r. */
void virtio_mmio_req_start(struct virtio_mmio *vm, unsigned int q, const struct virtq_chain *c,
			   struct virtio_req *r);
/*
 * Answer @r: @status (a byte, or VIRTIO_REQ_NO_STATUS) at its status
 * address, then its used entry. False, and nothing written, if @r is stale.
 * The caller then sends the used buffer notification.
 */
bool virtio_mmio_req_answer(struct virtio_mmio *vm, const struct virtio_req *r, int status);
/* A backend took @r. */
void virtio_mmio_req_submitted(struct virtio_mmio *vm, struct virtio_req *r);
/*
 * A backend completed @r with @status: on any hart, with no lock held. Takes
 * the lock, answers @r (unless stale) and notifies, frees the slot, and has
 * the model take more from the queue; a second completion is ignored.
 */
void virtio_mmio_req_done(struct virtio_mmio *vm, struct virtio_req *r, int status);
/* After pushes on queue @q: a used buffer notification, unless the driver suppressed it. */
void virtio_mmio_notify_used(struct virtio_mmio *vm, unsigned int q);

extern const struct vdev_ops virtio_mmio_vdev_ops;

#endif /* _DRIVERS_VIRTIO_MMIO_H */
