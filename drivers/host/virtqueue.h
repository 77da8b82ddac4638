/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A split virtqueue (virtio 1.2, section 2.7) from the driver's side: the
 * descriptor table, the available and used rings, and the driver's own
 * record of free descriptors and of the chains in flight. No device
 * registers and no lock here: the transport (virtio_mmio.c) holds its lock
 * around every call, and the host unit tests run the same code against a
 * simulated device.
 *
 * Ring fields are little-endian; SVPN and the unit tests run on
 * little-endian harts, so they are used as they are.
 */
#ifndef _DRIVERS_HOST_VIRTQUEUE_H
#define _DRIVERS_HOST_VIRTQUEUE_H

#include <hw/virtio.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VQ_MAX_SIZE 256

struct vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct vring_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];
};

struct vring_used_elem {
	uint32_t id;
	uint32_t len;
};

struct vring_used {
	uint16_t flags;
	uint16_t idx;
	struct vring_used_elem ring[];
};

/* One buffer of a request, at a device (host-physical) address. */
struct vq_buf {
	uint64_t addr;
	uint32_t len;
	bool device_writes;
};

struct virtqueue {
	unsigned int num; /* a power of two, at most VQ_MAX_SIZE */
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	unsigned int nr_free;
	uint16_t free_head;
	uint16_t avail_idx; /* the next value of avail->idx */
	uint16_t last_used; /* the next used->ring entry to take */
	/*
	 * The driver's own copy of the descriptor links and, per head in
	 * flight, how many descriptors its chain holds (0: not in flight;
	 * VQ_RETURNED added once the device has used it): what the device
	 * writes never decides what is freed.
	 */
	uint16_t next[VQ_MAX_SIZE];
	uint16_t chain_len[VQ_MAX_SIZE];
};

#define VQ_RETURNED 0x8000

#define VQ_EMPTY  (-1) /* vq_get_used(): nothing new */
#define VQ_BROKEN (-2) /* vq_get_used(): the device returned what is not in flight */

/* Bytes of ring memory for @num entries (descriptors, then avail, then used). */
size_t vq_ring_size(unsigned int num);
/* @ring: vq_ring_size(@num) zeroed bytes, 16-byte aligned; @num a power of two. */
void vq_init(struct virtqueue *vq, unsigned int num, void *ring);
/*
 * The head the next chain of @n descriptors will take, or -1 when fewer
 * are free: a driver points the chain's buffers at that head's slot first.
 */
int vq_next_head(const struct virtqueue *vq, unsigned int n);
/*
 * Make @bufs (device-readable ones first) one chain and offer it to the
 * device: its head, or -1 when fewer than @n descriptors are free.
 */
int vq_add_chain(struct virtqueue *vq, const struct vq_buf *bufs, unsigned int n);
/*
 * The same as one indirect descriptor: @bufs go into @table (@n entries,
 * at device address @table_addr), which takes one ring descriptor.
 */
int vq_add_indirect(struct virtqueue *vq, struct vring_desc *table, uint64_t table_addr,
		    const struct vq_buf *bufs, unsigned int n);
/* After adding: whether the device asks to be notified (a full barrier first). */
bool vq_kick_needed(const struct virtqueue *vq);
/*
 * Take the next chain the device has used: its head, with the bytes the
 * device wrote in *@len; VQ_EMPTY or VQ_BROKEN. The chain's descriptors
 * (and so the head's slot) stay the driver's until vq_free().
 */
int vq_get_used(struct virtqueue *vq, uint32_t *len);
/* Give back the descriptors of a chain that vq_get_used() returned. */
void vq_free(struct virtqueue *vq, unsigned int head);

#endif /* _DRIVERS_HOST_VIRTQUEUE_H */
