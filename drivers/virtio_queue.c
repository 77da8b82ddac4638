// SPDX-License-Identifier: GPL-2.0
/*
 * The device side of split virtqueues in guest RAM (see virtio_queue.h for
 * the rules a hostile driver meets).
 *
 * Guest memory is read and written through volatile accesses only, each
 * value once: a descriptor is copied into SVPN memory, then decoded and
 * checked there. An aligned descriptor (every one in a descriptor table)
 * is read as two doublewords, so that its address is one single-copy
 * atomic load: a field another vCPU rewrites meanwhile is seen old or
 * new, never torn into an address of the guest's RAM that it never
 * wrote. An indirect table need not be aligned, and SVPN must not take a
 * misaligned access trap: an unaligned one is copied byte by byte.
 */
#include <svpn/compiler.h>
#include "virtio_queue.h"

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "virtio 1.x rings are little-endian and read natively here");

static void copy_from_guest(void *dst, const volatile uint8_t *src, uint32_t len)
{
	uint8_t *d = dst;

	while (len--)
		*d++ = *src++;
}

static void copy_to_guest(volatile uint8_t *dst, const void *src, uint32_t len)
{
	const uint8_t *s = src;

	while (len--)
		*dst++ = *s++;
}

static void read_desc(const uint8_t *table, uint32_t i, struct virtq_desc *d)
{
	const uint8_t *src = table + (uint64_t)i * sizeof(*d);
	uint64_t raw[sizeof(*d) / sizeof(uint64_t)];

	_Static_assert(sizeof(*d) == sizeof(raw), "a descriptor is two doublewords");
	if (IS_ALIGNED((unsigned long)src, sizeof(uint64_t))) {
		raw[0] = ((const volatile uint64_t *)src)[0]; /* addr */
		raw[1] = ((const volatile uint64_t *)src)[1]; /* len, flags, next */
	} else {
		copy_from_guest(raw, src, sizeof(raw));
	}
	__builtin_memcpy(d, raw, sizeof(*d));
}

bool virtq_enable(struct virtq *q, const struct gpa_map *ram, unsigned int max)
{
	uint32_t n = q->num;
	void *desc, *avail, *used;

	if (!n || n > max || (n & (n - 1)))
		return false;
	if (!IS_ALIGNED(q->desc_gpa, VIRTQ_DESC_ALIGN) ||
	    !IS_ALIGNED(q->avail_gpa, VIRTQ_AVAIL_ALIGN) ||
	    !IS_ALIGNED(q->used_gpa, VIRTQ_USED_ALIGN))
		return false;
	desc = gpa_ram_ptr(ram, q->desc_gpa, VIRTQ_DESC_BYTES(n));
	avail = gpa_ram_ptr(ram, q->avail_gpa, VIRTQ_AVAIL_BYTES(n));
	used = gpa_ram_ptr(ram, q->used_gpa, VIRTQ_USED_BYTES(n));
	if (!desc || !avail || !used)
		return false;
	q->size = n;
	q->desc = desc;
	q->avail = avail;
	q->used = used;
	q->last_avail = 0;
	q->used_idx = 0;
	q->gen++;
	q->ready = true;
	return true;
}

void virtq_reset(struct virtq *q)
{
	*q = (struct virtq){ .gen = q->gen + 1 };
}

/* Add buffer @d (not indirect) to @c. */
static bool chain_add(struct virtq_chain *c, const struct gpa_map *ram, const struct virtq_desc *d)
{
	bool in = d->flags & VIRTQ_DESC_F_WRITE;
	struct virtq_buf b = { d->addr, d->len };

	if (!b.len || !gpa_is_ram(ram, b.gpa, b.len))
		return false;
	if (!in && c->in_len)
		return false; /* readable after writable */
	if (b.len > UINT32_MAX - c->out_len - c->in_len)
		return false; /* more than 4 GiB - 1 in all: used.len could not say it */
	if (in) {
		c->in_len += b.len;
		c->last_in = b;
	} else {
		c->out_len += b.len;
	}
	if (c->nr_out + c->nr_in == c->max) {
		c->truncated = true;
		return true;
	}
	c->bufs[c->nr_out + c->nr_in] = b;
	if (in)
		c->nr_in++;
	else
		c->nr_out++;
	return true;
}

/*
 * Walk the chain at @head: zero or more descriptors of the queue's table,
 * possibly ending in one indirect descriptor whose table holds the rest
 * (2.7.5.3.2). Every descriptor walked but that one indirect descriptor is
 * a buffer, so bounding the buffers by the queue size (the spec's bound on
 * a chain) also ends any loop.
 */
static bool get_chain(const struct virtq *q, const struct gpa_map *ram, bool indirect,
		      uint16_t head, struct virtq_chain *c)
{
	const uint8_t *table = q->desc;
	uint32_t table_len = q->size, total = 0, i = head;
	bool in_indirect = false;
	struct virtq_desc d;

	*c = (struct virtq_chain){ .head = head, .max = c->max, .bufs = c->bufs };
	if (i >= table_len)
		return false;
	for (;;) {
		read_desc(table, i, &d);
		if (d.flags & VIRTQ_DESC_F_INDIRECT) {
			if (!indirect || in_indirect || (d.flags & VIRTQ_DESC_F_NEXT))
				return false;
			if (!d.len || d.len % sizeof(struct virtq_desc))
				return false;
			table = gpa_ram_ptr(ram, d.addr, d.len);
			if (!table)
				return false;
			table_len = d.len / sizeof(struct virtq_desc);
			in_indirect = true;
			i = 0;
			continue;
		}
		if (++total > q->size || !chain_add(c, ram, &d))
			return false;
		if (!(d.flags & VIRTQ_DESC_F_NEXT))
			return true;
		i = d.next;
		if (i >= table_len)
			return false;
	}
}

enum virtq_pop virtq_peek(struct virtq *q, const struct gpa_map *ram, bool indirect,
			  struct virtq_chain *c)
{
	uint16_t avail_idx, head;

	if (!q->ready)
		return VIRTQ_EMPTY;
	avail_idx = q->avail->idx;
	if (avail_idx == q->last_avail)
		return VIRTQ_EMPTY;
	if ((uint16_t)(avail_idx - q->last_avail) > q->size)
		return VIRTQ_BROKEN;
	/* The ring entry and descriptors were written before the index (2.7.13). */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	head = q->avail->ring[q->last_avail & (q->size - 1)];
	return get_chain(q, ram, indirect, head, c) ? VIRTQ_CHAIN : VIRTQ_BROKEN;
}

void virtq_push(struct virtq *q, uint16_t head, uint32_t len)
{
	volatile struct virtq_used_elem *e = &q->used->ring[q->used_idx & (q->size - 1)];

	e->id = head;
	e->len = len;
	/* The entry, and what the request wrote into guest RAM, before the index (2.7.8). */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	q->used->idx = ++q->used_idx;
}

bool virtq_wants_interrupt(const struct virtq *q)
{
	/* Our used index store before the driver's flags load (2.7.10). */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return !(q->avail->flags & VIRTQ_AVAIL_F_NO_INTERRUPT);
}

/* Walks bytes [off, off + len) of a chain's readable or writable buffers, piece by piece. */
struct chain_cursor {
	const struct virtq_buf *buf;
	unsigned int nr;
	uint32_t off, len;
};

static struct chain_cursor chain_cursor(const struct virtq_chain *c, bool in, uint32_t off,
					uint32_t len)
{
	if (in)
		return (struct chain_cursor){ c->bufs + c->nr_out, c->nr_in, off, len };
	return (struct chain_cursor){ c->bufs, c->nr_out, off, len };
}

/* The next piece; false at the end (all of it if cur->len is 0, else the buffers ran out). */
static bool cursor_next(struct chain_cursor *cur, struct virtq_buf *piece)
{
	for (; cur->nr && cur->len; cur->buf++, cur->nr--) {
		if (cur->off >= cur->buf->len) {
			cur->off -= cur->buf->len;
			continue;
		}
		piece->gpa = cur->buf->gpa + cur->off;
		piece->len = cur->buf->len - cur->off;
		if (piece->len > cur->len)
			piece->len = cur->len;
		cur->len -= piece->len;
		cur->off = 0;
		cur->buf++;
		cur->nr--;
		return true;
	}
	return false;
}

int virtq_chain_slice(const struct virtq_chain *c, bool in, uint32_t off, uint32_t len,
		      struct virtq_buf *out, unsigned int max)
{
	struct chain_cursor cur = chain_cursor(c, in, off, len);
	struct virtq_buf piece;
	unsigned int n = 0;

	while (cursor_next(&cur, &piece)) {
		if (n == max)
			return -1;
		out[n++] = piece;
	}
	return cur.len ? -1 : (int)n;
}

bool virtq_chain_read(const struct virtq_chain *c, const struct gpa_map *ram, uint32_t off,
		      void *dst, uint32_t len)
{
	struct chain_cursor cur = chain_cursor(c, false, off, len);
	struct virtq_buf piece;
	uint8_t *d = dst;

	while (cursor_next(&cur, &piece)) {
		const volatile uint8_t *p = gpa_ram_ptr(ram, piece.gpa, piece.len);

		if (!p)
			return false;
		copy_from_guest(d, p, piece.len);
		d += piece.len;
	}
	return !cur.len;
}

bool virtq_chain_write(const struct virtq_chain *c, const struct gpa_map *ram, uint32_t off,
		       const void *src, uint32_t len)
{
	struct chain_cursor cur = chain_cursor(c, true, off, len);
	struct virtq_buf piece;
	const uint8_t *s = src;

	while (cursor_next(&cur, &piece)) {
		volatile uint8_t *p = gpa_ram_ptr(ram, piece.gpa, piece.len);

		if (!p)
			return false;
		copy_to_guest(p, s, piece.len);
		s += piece.len;
	}
	return !cur.len;
}
