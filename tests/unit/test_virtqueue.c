// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for drivers/host/virtqueue.c, the driver side of a split
 * virtqueue, against a simulated device written here from the virtio 1.2
 * specification: it takes chains from the available ring (following NEXT
 * and INDIRECT), writes into device-writable buffers and returns chains in
 * any order through the used ring. Device addresses are the test's own
 * pointers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../drivers/host/virtqueue.h"

#define MAX_CHAIN 64

struct sim_chain {
	uint16_t head;
	unsigned int n;
	struct vq_buf bufs[MAX_CHAIN];
};

/* The device: what it has taken from the available ring, and its used index. */
struct sim {
	struct virtqueue *vq;
	uint16_t last_avail;
	uint16_t used_idx;
};

static uint64_t addr_of(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/* One descriptor table walk: NEXT links inside @table of @size entries. */
static void sim_walk(struct vring_desc *table, unsigned int size, uint16_t i, struct sim_chain *c)
{
	for (;;) {
		struct vring_desc *d;

		assert_true(i < size);
		assert_true(c->n < MAX_CHAIN);
		d = &table[i];
		assert_false(d->flags & VIRTQ_DESC_F_INDIRECT);
		c->bufs[c->n++] = (struct vq_buf){ d->addr, d->len, d->flags & VIRTQ_DESC_F_WRITE };
		if (!(d->flags & VIRTQ_DESC_F_NEXT))
			return;
		i = d->next;
	}
}

/* Take the next available chain, or return false. */
static bool sim_pop(struct sim *s, struct sim_chain *c)
{
	struct virtqueue *vq = s->vq;
	struct vring_desc *d;

	if (s->last_avail == vq->avail->idx)
		return false;
	c->head = vq->avail->ring[s->last_avail++ & (vq->num - 1)];
	c->n = 0;
	assert_true(c->head < vq->num);
	d = &vq->desc[c->head];
	if (d->flags & VIRTQ_DESC_F_INDIRECT) {
		/* 2.7.5.3.1: INDIRECT alone, a whole number of descriptors. */
		assert_int_equal(d->flags, VIRTQ_DESC_F_INDIRECT);
		assert_int_equal(d->len % sizeof(struct vring_desc), 0);
		sim_walk((struct vring_desc *)(uintptr_t)d->addr,
			 d->len / sizeof(struct vring_desc), 0, c);
	} else {
		sim_walk(vq->desc, vq->num, c->head, c);
	}
	return true;
}

/* Write @pattern into the chain's device-writable buffers and return it as used. */
static void sim_push(struct sim *s, const struct sim_chain *c, uint8_t pattern)
{
	struct virtqueue *vq = s->vq;
	uint32_t written = 0;
	unsigned int i;

	for (i = 0; i < c->n; i++) {
		if (!c->bufs[i].device_writes)
			continue;
		memset((void *)(uintptr_t)c->bufs[i].addr, pattern, c->bufs[i].len);
		written += c->bufs[i].len;
	}
	vq->used->ring[s->used_idx & (vq->num - 1)] = (struct vring_used_elem){ c->head, written };
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	vq->used->idx = ++s->used_idx;
}

struct fixture {
	struct virtqueue vq;
	void *ring;
	struct sim sim;
};

static struct fixture *setup_vq(unsigned int num)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	assert_int_equal(posix_memalign(&f->ring, 4096, vq_ring_size(num)), 0);
	memset(f->ring, 0, vq_ring_size(num));
	vq_init(&f->vq, num, f->ring);
	f->sim.vq = &f->vq;
	return f;
}

static void teardown_vq(struct fixture *f)
{
	free(f->ring);
	free(f);
}

/* The split ring's layout (2.7): 16-byte descriptors, avail after them, used 4-aligned. */
static void test_layout(void **state)
{
	struct fixture *f = setup_vq(256);

	assert_ptr_equal(f->vq.desc, f->ring);
	assert_int_equal((char *)f->vq.avail - (char *)f->ring, 16 * 256);
	assert_int_equal((char *)f->vq.used - (char *)f->ring,
			 4616); /* 4096 + 4 + 512 + 2, aligned */
	assert_int_equal(vq_ring_size(256), 4616 + 4 + 8 * 256 + 2);
	assert_int_equal(vq_ring_size(8), 128 + 24 + 4 + 64 + 2);
	assert_int_equal(f->vq.nr_free, 256);
	teardown_vq(f);
}

/* A header, two data buffers and a status byte: as virtio-blk sends a read. */
static void test_chain_roundtrip(void **state)
{
	struct fixture *f = setup_vq(16);
	uint8_t hdr[16] = { 1 }, data0[512], data1[1024], status = 0xff;
	struct vq_buf bufs[] = {
		{ addr_of(hdr), sizeof(hdr), false },
		{ addr_of(data0), sizeof(data0), true },
		{ addr_of(data1), sizeof(data1), true },
		{ addr_of(&status), 1, true },
	};
	struct sim_chain c;
	uint32_t len = 0;
	int head;
	unsigned int i;

	assert_int_equal(vq_next_head(&f->vq, 17), -1);
	assert_int_equal(vq_next_head(&f->vq, 0), -1);
	head = vq_next_head(&f->vq, 4);
	assert_int_equal(vq_add_chain(&f->vq, bufs, 4), head);
	assert_in_range(head, 0, 15);
	assert_int_equal(f->vq.nr_free, 12);
	assert_int_equal(f->vq.avail->idx, 1);
	assert_int_equal(vq_get_used(&f->vq, &len), VQ_EMPTY);
	assert_true(sim_pop(&f->sim, &c));
	assert_int_equal(c.head, head);
	assert_int_equal(c.n, 4);
	for (i = 0; i < 4; i++) {
		assert_int_equal(c.bufs[i].addr, bufs[i].addr);
		assert_int_equal(c.bufs[i].len, bufs[i].len);
		assert_int_equal(c.bufs[i].device_writes, bufs[i].device_writes);
	}
	assert_false(sim_pop(&f->sim, &(struct sim_chain){ 0 }));
	sim_push(&f->sim, &c, 0);
	assert_int_equal(vq_get_used(&f->vq, &len), head);
	assert_int_equal(len, 512 + 1024 + 1);
	assert_int_equal(status, 0);
	/* Used, but the driver's until it frees it. */
	assert_int_equal(f->vq.nr_free, 12);
	vq_free(&f->vq, head);
	assert_int_equal(f->vq.nr_free, 16);
	assert_int_equal(vq_get_used(&f->vq, &len), VQ_EMPTY);
	teardown_vq(f);
}

/* A full ring refuses (-1) without publishing anything; one completion makes room. */
static void test_ring_full(void **state)
{
	struct fixture *f = setup_vq(8);
	uint8_t buf[8];
	struct vq_buf one = { addr_of(buf), 8, true };
	struct vq_buf three[3] = { one, one, one };
	struct sim_chain c;
	uint32_t len;
	unsigned int i;

	for (i = 0; i < 8; i++)
		assert_true(vq_add_chain(&f->vq, &one, 1) >= 0);
	assert_int_equal(f->vq.nr_free, 0);
	assert_int_equal(vq_add_chain(&f->vq, &one, 1), -1);
	assert_int_equal(vq_add_indirect(&f->vq, (struct vring_desc[1]){}, 0, &one, 1), -1);
	assert_int_equal(f->vq.avail->idx, 8);
	assert_true(sim_pop(&f->sim, &c));
	sim_push(&f->sim, &c, 7);
	assert_int_equal(vq_get_used(&f->vq, &len), c.head);
	vq_free(&f->vq, c.head);
	/* One free descriptor: a chain of three still does not fit. */
	assert_int_equal(vq_add_chain(&f->vq, three, 3), -1);
	assert_int_equal(f->vq.avail->idx, 8);
	assert_true(vq_add_chain(&f->vq, &one, 1) >= 0);
	assert_int_equal(vq_add_chain(&f->vq, NULL, 0), -1);
	teardown_vq(f);
}

/* One ring descriptor however long the request; the device reads the table. */
static void test_indirect(void **state)
{
	struct fixture *f = setup_vq(4);
	struct vring_desc table[MAX_CHAIN];
	uint8_t data[MAX_CHAIN][16];
	struct vq_buf bufs[MAX_CHAIN];
	struct sim_chain c;
	uint32_t len;
	unsigned int i;
	int head;

	for (i = 0; i < MAX_CHAIN; i++)
		bufs[i] = (struct vq_buf){ addr_of(data[i]), 16, i > 0 };
	head = vq_add_indirect(&f->vq, table, addr_of(table), bufs, MAX_CHAIN);
	assert_true(head >= 0);
	assert_int_equal(f->vq.nr_free, 3);
	assert_true(sim_pop(&f->sim, &c));
	assert_int_equal(c.n, MAX_CHAIN);
	for (i = 0; i < MAX_CHAIN; i++)
		assert_int_equal(c.bufs[i].addr, bufs[i].addr);
	sim_push(&f->sim, &c, 0x5a);
	assert_int_equal(vq_get_used(&f->vq, &len), head);
	assert_int_equal(len, 16 * (MAX_CHAIN - 1));
	assert_int_equal(data[1][0], 0x5a);
	vq_free(&f->vq, head);
	assert_int_equal(f->vq.nr_free, 4);
	teardown_vq(f);
}

static void test_kick_needed(void **state)
{
	struct fixture *f = setup_vq(4);

	assert_true(vq_kick_needed(&f->vq));
	f->vq.used->flags = VIRTQ_USED_F_NO_NOTIFY;
	assert_false(vq_kick_needed(&f->vq));
	teardown_vq(f);
}

/*
 * A device that hands back a head out of range, one not in flight, or an
 * index more than a ring ahead: VQ_BROKEN, and no descriptor is freed twice.
 */
static void test_broken_device(void **state)
{
	struct fixture *f = setup_vq(8);
	uint8_t buf[4];
	struct vq_buf one = { addr_of(buf), 4, true };
	uint32_t len;
	int head;

	head = vq_add_chain(&f->vq, &one, 1);
	f->vq.used->ring[0] = (struct vring_used_elem){ 8, 4 };
	f->vq.used->idx = 1;
	assert_int_equal(vq_get_used(&f->vq, &len), VQ_BROKEN);
	f->vq.used->ring[1] = (struct vring_used_elem){ (uint32_t)head + 1, 4 };
	f->vq.used->idx = 2;
	assert_int_equal(vq_get_used(&f->vq, &len), VQ_BROKEN);
	assert_int_equal(f->vq.nr_free, 7);
	f->vq.used->ring[2] = (struct vring_used_elem){ (uint32_t)head, 4 };
	f->vq.used->idx = 3;
	assert_int_equal(vq_get_used(&f->vq, &len), head);
	/* The same head again, before and after the driver freed it. */
	f->vq.used->ring[3] = (struct vring_used_elem){ (uint32_t)head, 4 };
	f->vq.used->idx = 4;
	assert_int_equal(vq_get_used(&f->vq, &len), VQ_BROKEN);
	vq_free(&f->vq, head);
	assert_int_equal(f->vq.nr_free, 8);
	f->vq.used->ring[4] = (struct vring_used_elem){ (uint32_t)head, 4 };
	f->vq.used->idx = 5;
	assert_int_equal(vq_get_used(&f->vq, &len), VQ_BROKEN);
	assert_int_equal(f->vq.nr_free, 8);
	f->vq.used->idx = 5 + 9;
	assert_int_equal(vq_get_used(&f->vq, &len), VQ_BROKEN);
	assert_int_equal(f->vq.nr_free, 8);
	teardown_vq(f);
}

static uint32_t lcg(uint32_t *s)
{
	*s = *s * 1103515245 + 12345;
	return *s >> 8;
}

/*
 * Many requests of random lengths, direct and indirect, completed in random
 * order, past the 16-bit wrap of both indices: every chain the device sees
 * is exactly what was added, every completion names a chain in flight, and
 * no descriptor is lost or handed out twice.
 */
static void test_random_traffic(void **state)
{
	enum {
		NUM = 32,
		ROUNDS = 100000
	};
	struct fixture *f = setup_vq(NUM);
	static uint8_t data[NUM][8];
	static struct sim_chain pending[NUM];
	struct vring_desc *table_of_head[NUM] = { 0 };
	unsigned int npending = 0, inflight = 0, submitted = 0, held = 0, r, i;
	unsigned int held_by_head[NUM] = { 0 };
	uint32_t seed = 1, len;
	int tag_of_head[NUM];
	struct vq_buf bufs[MAX_CHAIN];

	for (i = 0; i < NUM; i++)
		tag_of_head[i] = -1;
	for (r = 0; r < ROUNDS; r++) {
		unsigned int n = 1 + lcg(&seed) % 6, tag = lcg(&seed) % NUM;
		struct vring_desc *table = NULL;
		int head, expect;

		/* Submit: buffer addresses encode the tag, so the device's view can be checked. */
		for (i = 0; i < n; i++)
			bufs[i] = (struct vq_buf){ addr_of(data[tag]) + i, 1, i == n - 1 };
		if (lcg(&seed) & 1) {
			table = malloc(n * sizeof(*table));
			expect = vq_next_head(&f->vq, 1);
			head = vq_add_indirect(&f->vq, table, addr_of(table), bufs, n);
		} else {
			expect = vq_next_head(&f->vq, n);
			head = vq_add_chain(&f->vq, bufs, n);
		}
		/* The head announced beforehand is the one taken. */
		assert_int_equal(head, expect);
		if (head >= 0) {
			assert_int_equal(tag_of_head[head], -1);
			tag_of_head[head] = tag;
			table_of_head[head] = table;
			held_by_head[head] = table ? 1 : n;
			held += held_by_head[head];
			inflight++;
			submitted++;
		} else {
			free(table);
		}
		/* The device takes what is available. */
		while (npending < NUM && sim_pop(&f->sim, &pending[npending])) {
			struct sim_chain *c = &pending[npending++];

			assert_true(tag_of_head[c->head] >= 0);
			assert_int_equal(c->bufs[0].addr, addr_of(data[tag_of_head[c->head]]));
			for (i = 1; i < c->n; i++)
				assert_int_equal(c->bufs[i].addr, c->bufs[0].addr + i);
			assert_true(c->bufs[c->n - 1].device_writes);
		}
		/* It completes a random one of those it holds, sometimes none. */
		if (npending && lcg(&seed) % 3) {
			unsigned int k = lcg(&seed) % npending;
			struct sim_chain c = pending[k];

			pending[k] = pending[--npending];
			sim_push(&f->sim, &c, (uint8_t)r);
			head = vq_get_used(&f->vq, &len);
			assert_int_equal(head, c.head);
			assert_int_equal(len, 1);
			vq_free(&f->vq, head);
			tag_of_head[head] = -1;
			free(table_of_head[head]);
			table_of_head[head] = NULL;
			held -= held_by_head[head];
			inflight--;
		}
		assert_int_equal(vq_get_used(&f->vq, &len), VQ_EMPTY);
		/* Free descriptors and those the chains in flight hold add up to the ring. */
		assert_int_equal(f->vq.nr_free + held, NUM);
	}
	assert_true(submitted > 65536); /* both 16-bit indices wrapped */
	/* Drain: every descriptor comes home. */
	while (npending) {
		sim_push(&f->sim, &pending[--npending], 0);
		r = vq_get_used(&f->vq, &len);
		assert_true((int)r >= 0);
		vq_free(&f->vq, r);
		free(table_of_head[r]);
		inflight--;
	}
	assert_int_equal(inflight, 0);
	assert_int_equal(f->vq.nr_free, NUM);
	teardown_vq(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),	       cmocka_unit_test(test_chain_roundtrip),
		cmocka_unit_test(test_ring_full),      cmocka_unit_test(test_indirect),
		cmocka_unit_test(test_kick_needed),    cmocka_unit_test(test_broken_device),
		cmocka_unit_test(test_random_traffic),
	};

	setvbuf(stdout, NULL, _IONBF, 0);
	return cmocka_run_group_tests_name("virtqueue", tests, NULL, NULL);
}
