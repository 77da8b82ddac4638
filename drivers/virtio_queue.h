/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The device side of a split virtqueue (virtio 1.2, 2.7) in guest RAM
 * (drivers/virtio_queue.c), for the virtio device models.
 *
 * Every guest structure is hostile and may change under us (another vCPU
 * writes it while we read): each descriptor, indirect table entry and ring
 * index is copied into SVPN memory once, then only the copy is checked and
 * used. Every (address, length) is checked against the guest's RAM with
 * gpa_is_ram(), which no sum can wrap. Nothing here takes a lock: callers
 * hold the device's lock (virtio_mmio.h).
 */
#ifndef _DRIVERS_VIRTIO_QUEUE_H
#define _DRIVERS_VIRTIO_QUEUE_H

#include <stdbool.h>
#include <stdint.h>
#include <svpn/gpa_map.h>
#include <svpn/virtio.h>

/* One buffer of a chain, copied and checked: [gpa, gpa + len) is guest RAM, len > 0. */
struct virtq_buf {
	uint64_t gpa;
	uint32_t len;
};

/*
 * A descriptor chain as the device sees it: device-readable buffers first
 * (the spec's order, which virtq_get_chain() enforces), then device-writable
 * ones. Only the first @max buffers are kept in @bufs; the chain is checked
 * whole all the same, and the last writable buffer is always kept in
 * @last_in (where the status byte of a request lives).
 */
struct virtq_chain {
	uint16_t head;		  /* the id for the used ring */
	unsigned int nr_out;	  /* readable buffers kept in bufs[0..nr_out) */
	unsigned int nr_in;	  /* writable buffers kept in bufs[nr_out..nr_out + nr_in) */
	bool truncated;		  /* the chain had more than @max buffers */
	uint32_t out_len;	  /* bytes of all readable buffers */
	uint32_t in_len;	  /* bytes of all writable buffers */
	struct virtq_buf last_in; /* len 0: no writable buffer */
	unsigned int max;
	struct virtq_buf *bufs;
};

/*
 * A queue: what the driver wrote in the transport's registers, and the
 * state the device keeps once it is enabled.
 */
struct virtq {
	/* Registers (take effect when the queue is enabled) */
	uint32_t num;
	uint64_t desc_gpa, avail_gpa, used_gpa;
	bool ready;

	/* Latched and checked by virtq_enable(); SVPN pointers into guest RAM */
	uint16_t size;
	const uint8_t *desc;
	volatile struct virtq_avail *avail;
	volatile struct virtq_used *used;
	uint16_t last_avail; /* the next available entry to take */
	uint16_t used_idx;   /* ours: never read back from the guest */
	uint32_t gen;	     /* bumped at each enable and reset: completions carry it */
};

/*
 * Enable @q as the driver set it up: size a power of two in 1..@max, each
 * part aligned as the spec says and wholly in guest RAM. Returns false (and
 * leaves @q disabled) otherwise.
 */
bool virtq_enable(struct virtq *q, const struct gpa_map *ram, unsigned int max);
/* Disable @q and forget its registers (a device reset); completions in flight go stale. */
void virtq_reset(struct virtq *q);

enum virtq_pop {
	VIRTQ_EMPTY,  /* nothing available */
	VIRTQ_CHAIN,  /* @c holds the next chain; virtq_consume() takes it */
	VIRTQ_BROKEN, /* the driver broke the ring or a chain: the device needs a reset */
};

/*
 * Read the next available chain without taking it, so that a device short
 * of resources leaves it in the ring and reads it again later (copied and
 * checked again then: what the guest changed meanwhile is simply new input).
 * @indirect: VIRTIO_RING_F_INDIRECT_DESC was negotiated. The chain is broken
 * (2.7.5.3, 2.7.4.2, and where QEMU's virtio_error() calls it so) if: the
 * available index moved by more than the queue size; a head or next index is
 * out of its table; the chain, indirect entries included, is longer than the
 * queue size (this bound also stops loops); a buffer is empty or not all in
 * guest RAM; a readable buffer follows a writable one; the chain carries more
 * than 4 GiB - 1 bytes; an indirect descriptor is not negotiated, has NEXT,
 * is inside an indirect table, is empty or not a multiple of 16 bytes, or
 * its table is not in guest RAM.
 */
enum virtq_pop virtq_peek(struct virtq *q, const struct gpa_map *ram, bool indirect,
			  struct virtq_chain *c);
static inline void virtq_consume(struct virtq *q)
{
	q->last_avail++;
}

/* Return chain @head to the driver, @len bytes written. */
void virtq_push(struct virtq *q, uint16_t head, uint32_t len);
/* After pushes: whether the driver wants an interrupt (VIRTQ_AVAIL_F_NO_INTERRUPT clear). */
bool virtq_wants_interrupt(const struct virtq *q);

/*
 * Bytes [@off, @off + @len) of the chain's readable (@in false) or writable
 * (@in true) buffers, among those kept in @c:
 *  - virtq_chain_slice() cuts them into at most @max pieces of guest RAM in
 *    @out and returns their number, or -1 if it takes more pieces;
 *  - virtq_chain_read() copies readable bytes into SVPN memory,
 *    virtq_chain_write() copies SVPN memory into writable bytes.
 * Each fails (-1, false) if the buffers hold fewer than @off + @len bytes.
 */
int virtq_chain_slice(const struct virtq_chain *c, bool in, uint32_t off, uint32_t len,
		      struct virtq_buf *out, unsigned int max);
bool virtq_chain_read(const struct virtq_chain *c, const struct gpa_map *ram, uint32_t off,
		      void *dst, uint32_t len);
bool virtq_chain_write(const struct virtq_chain *c, const struct gpa_map *ram, uint32_t off,
		       const void *src, uint32_t len);

#endif /* _DRIVERS_VIRTIO_QUEUE_H */
