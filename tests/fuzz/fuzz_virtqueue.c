// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzing drivers/host/virtqueue.c against a hostile device: the input
 * picks the queue size and interleaves the driver's requests (chains and
 * indirect tables of 1..8 buffers) with whatever the device writes into
 * the used ring (any head, any length, its index moved by any amount) and
 * the driver taking and freeing used chains. What the device writes never
 * makes the driver hand out a descriptor twice, free one that is not in
 * flight, or lose one: free descriptors and those held by chains in flight
 * always add up to the queue size.
 */
#include <stdlib.h>
#include "../../drivers/host/virtqueue.h"
#include "fuzz.h"

#define MAX_BUFS 8

enum {
	OP_ADD,
	OP_ADD_INDIRECT,
	OP_DEVICE_USED,
	OP_DEVICE_IDX,
	OP_GET_USED,
	OP_FREE,
	OP_NR
};

struct state {
	struct virtqueue vq;
	unsigned int held[VQ_MAX_SIZE]; /* descriptors a head in flight holds; 0: free */
	bool returned[VQ_MAX_SIZE];	/* vq_get_used() gave it back, not yet freed */
	struct vring_desc tables[VQ_MAX_SIZE][MAX_BUFS];
	unsigned int nr_held;
};

static void add(struct state *s, unsigned int n, bool indirect)
{
	struct vq_buf bufs[MAX_BUFS];
	int expect = vq_next_head(&s->vq, indirect ? 1 : n), head;
	unsigned int i;

	for (i = 0; i < n; i++)
		bufs[i] = (struct vq_buf){ 0x1000 * i, 512, i == n - 1 };
	if (indirect)
		head = expect < 0 ? vq_add_indirect(&s->vq, s->tables[0], 0, bufs, n) :
				    vq_add_indirect(&s->vq, s->tables[expect], 0, bufs, n);
	else
		head = vq_add_chain(&s->vq, bufs, n);
	FUZZ_CHECK(head == expect);
	if (head < 0)
		return;
	FUZZ_CHECK(head < (int)s->vq.num && !s->held[head]);
	s->held[head] = indirect ? 1 : n;
	s->nr_held += s->held[head];
	/* The avail ring names it, in the slot its index says. */
	FUZZ_CHECK(s->vq.avail->ring[(uint16_t)(s->vq.avail->idx - 1) & (s->vq.num - 1)] == head);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	struct state *s = calloc(1, sizeof(*s));
	unsigned int num = 1U << (fuzz_u8(&in) % 9), steps = 0, i;
	void *ring;
	uint32_t len;

	ring = aligned_alloc(4096, (vq_ring_size(num) + 4095) & ~4095UL);
	memset(ring, 0, vq_ring_size(num));
	vq_init(&s->vq, num, ring);
	while (!fuzz_empty(&in) && steps++ < 4096) {
		uint8_t op = fuzz_u8(&in);
		int head;

		switch (op % OP_NR) {
		case OP_ADD:
		case OP_ADD_INDIRECT:
			add(s, 1 + (op >> 3) % MAX_BUFS, op % OP_NR == OP_ADD_INDIRECT);
			break;
		case OP_DEVICE_USED: {
			uint16_t at = fuzz_u8(&in);

			s->vq.used->ring[at & (num - 1)] =
				(struct vring_used_elem){ fuzz_u32(&in), fuzz_u32(&in) };
			break;
		}
		case OP_DEVICE_IDX:
			s->vq.used->idx += (op & 0x80) ? fuzz_u8(&in) << 8 | fuzz_u8(&in) : 1;
			break;
		case OP_GET_USED:
			head = vq_get_used(&s->vq, &len);
			FUZZ_CHECK(head == VQ_EMPTY || head == VQ_BROKEN ||
				   (head >= 0 && head < (int)num));
			if (head >= 0) {
				FUZZ_CHECK(s->held[head] && !s->returned[head]);
				s->returned[head] = true;
			}
			break;
		case OP_FREE:
			/* The driver frees what came back, oldest head number first. */
			for (i = 0; i < num; i++) {
				if (s->returned[i]) {
					vq_free(&s->vq, i);
					s->nr_held -= s->held[i];
					s->held[i] = 0;
					s->returned[i] = false;
					break;
				}
			}
			break;
		}
		FUZZ_CHECK(s->vq.nr_free + s->nr_held == num);
	}
	free(ring);
	free(s);
	return 0;
}
