// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for drivers/virtio_rng.c: the fake guest of
 * virtio_guest.c queues one device-writable buffer at a time as Linux's
 * virtio-rng does, a fake entropy source records and fills requests when
 * the test says.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "../../drivers/virtio_rng.h"
#include "virtio_guest.h"

#define FEATURES VIRTIO_BIT(VIRTIO_F_VERSION_1)
#define BUF(n)	 (GUEST_BUF + 0x2000ULL * (n))

struct fixture {
	struct fake_guest g;
	struct rng_dev be;
	struct rng_request *pending[16];
	unsigned int nr_pending, submits;
	bool full;
	struct virtio_rng rng;
};

static int fake_submit(struct rng_dev *dev, struct rng_request *req)
{
	struct fixture *f = dev->priv;
	const struct gpa_map *m = &f->g.map;

	assert_true(f->g.locked);
	if (f->full)
		return -1;
	assert_true(req->len > 0 && req->len <= VIRTIO_RNG_REQUEST_MAX);
	assert_true(req->hpa >= m->ram_hpa && req->hpa - m->ram_hpa <= m->ram_size - req->len);
	f->pending[f->nr_pending++] = req;
	f->submits++;
	return 0;
}

/* Fill pending request @i with @filled bytes of 0x42 (the backend's word, as given). */
static void fill(struct fixture *f, unsigned int i, uint32_t filled)
{
	struct rng_request *req = f->pending[i];

	memmove(&f->pending[i], &f->pending[i + 1], (f->nr_pending - i - 1) * sizeof(req));
	f->nr_pending--;
	memset(__va(req->hpa), 0x42, filled < req->len ? filled : req->len);
	req->done(req, filled);
	assert_false(f->g.locked);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	fg_init(&f->g);
	f->be = (struct rng_dev){ fake_submit, f };
	assert_int_equal(virtio_rng_init(&f->rng, &f->be, &f->g.map, &fake_host_ops, &f->g), 0);
	f->g.dev.priv = &f->rng.vm;
	*state = f;
	return 0;
}

/* One writable buffer of @len bytes at BUF(@d), as request_entropy() queues it. */
static void post_buf(struct fixture *f, uint16_t d, uint32_t len)
{
	fg_desc(&f->g, GUEST_DESC, d, BUF(d), len, VIRTQ_DESC_F_WRITE, 0);
	fg_post(&f->g, d);
}

static void test_probe(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_ENTROPY);
	fg_w32(&f->g, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_DEVICE_FEATURES), 0);
	fg_w32(&f->g, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_DEVICE_FEATURES), 1); /* VERSION_1 */
	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_CONFIG), UINT32_MAX); /* no config */
	assert_true(fg_probe(&f->g, FEATURES, VIRTIO_RNG_QUEUE_SIZE) & VIRTIO_STATUS_DRIVER_OK);
}

static void test_entropy(void **state)
{
	struct fixture *f = *state;
	uint32_t id, len;

	fg_probe(&f->g, FEATURES, VIRTIO_RNG_QUEUE_SIZE);
	post_buf(f, 3, 64);
	assert_int_equal(f->nr_pending, 1);
	assert_int_equal(f->pending[0]->hpa, f->g.map.ram_hpa + (BUF(3) - GUEST_RAM_GPA));
	assert_int_equal(f->pending[0]->len, 64);
	assert_false(fg_used(&f->g, &id, &len));
	fill(f, 0, 40); /* less than the whole buffer is fine (5.4.6.2) */
	assert_true(fg_used(&f->g, &id, &len));
	assert_int_equal(id, 3);
	assert_int_equal(len, 40);
	assert_int_equal(*(uint8_t *)fg_ptr(&f->g, BUF(3) + 39), 0x42);
	assert_int_equal(*(uint8_t *)fg_ptr(&f->g, BUF(3) + 40), 0);
	assert_true(f->g.irq);
	assert_int_equal(fg_interrupt(&f->g), VIRTIO_MMIO_INT_VRING);

	/* A large buffer is filled up to the request limit; a backend saying more is cut */
	post_buf(f, 4, 3 * VIRTIO_RNG_REQUEST_MAX);
	assert_int_equal(f->pending[0]->len, VIRTIO_RNG_REQUEST_MAX);
	fill(f, 0, UINT32_MAX);
	assert_true(fg_used(&f->g, &id, &len));
	assert_int_equal(len, VIRTIO_RNG_REQUEST_MAX);
}

static void test_readable_only(void **state)
{
	struct fixture *f = *state;
	uint32_t id, len;

	fg_probe(&f->g, FEATURES, VIRTIO_RNG_QUEUE_SIZE);
	fg_desc(&f->g, GUEST_DESC, 0, BUF(0), 64, 0, 0);
	fg_post(&f->g, 0);
	assert_int_equal(f->submits, 0);
	assert_true(fg_used(&f->g, &id, &len));
	assert_int_equal(len, 0);
	assert_int_equal(*(uint8_t *)fg_ptr(&f->g, BUF(0)), 0);
}

static void test_broken_chain(void **state)
{
	struct fixture *f = *state;

	fg_probe(&f->g, FEATURES, VIRTIO_RNG_QUEUE_SIZE);
	fg_desc(&f->g, GUEST_DESC, 0, GUEST_RAM_GPA + GUEST_RAM_SIZE - 8, 64, VIRTQ_DESC_F_WRITE,
		0);
	fg_post(&f->g, 0);
	assert_int_equal(f->submits, 0);
	assert_true(fg_r32(&f->g, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
	/* Indirect descriptors are not offered here */
	fg_w32(&f->g, VIRTIO_MMIO_STATUS, 0);
	fg_probe(&f->g, FEATURES, VIRTIO_RNG_QUEUE_SIZE);
	fg_desc(&f->g, GUEST_TABLE, 0, BUF(0), 64, VIRTQ_DESC_F_WRITE, 0);
	fg_desc(&f->g, GUEST_DESC, 0, GUEST_TABLE, 16, VIRTQ_DESC_F_INDIRECT, 0);
	fg_post(&f->g, 0);
	assert_int_equal(f->submits, 0);
	assert_true(fg_r32(&f->g, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
}

static void test_slots_and_full(void **state)
{
	struct fixture *f = *state;
	unsigned int i;
	uint32_t id, len;

	fg_probe(&f->g, FEATURES, VIRTIO_RNG_QUEUE_SIZE);
	for (i = 0; i < VIRTIO_RNG_SLOTS + 2; i++)
		post_buf(f, i, 32);
	assert_int_equal(f->submits, VIRTIO_RNG_SLOTS);
	f->full = true;
	fill(f, 0, 32); /* the freed slot finds no room at the backend */
	assert_int_equal(f->submits, VIRTIO_RNG_SLOTS);
	f->full = false;
	fill(f, 0, 32);
	assert_int_equal(f->submits, VIRTIO_RNG_SLOTS + 2);
	while (f->nr_pending)
		fill(f, 0, 32);
	for (i = 0; i < VIRTIO_RNG_SLOTS + 2; i++)
		assert_true(fg_used(&f->g, &id, &len));
	assert_int_equal(virtio_mmio_in_flight(&f->rng.vm), 0);
}

static void test_reset_in_flight(void **state)
{
	struct fixture *f = *state;
	uint8_t *snapshot = malloc(GUEST_RAM_SIZE);

	fg_probe(&f->g, FEATURES, VIRTIO_RNG_QUEUE_SIZE);
	post_buf(f, 0, 64);
	post_buf(f, 1, 64);
	fg_w32(&f->g, VIRTIO_MMIO_STATUS, 0);
	fg_probe(&f->g, FEATURES, VIRTIO_RNG_QUEUE_SIZE);
	memcpy(snapshot, f->g.ram, GUEST_RAM_SIZE);
	f->pending[0]->done(f->pending[0], 0); /* late, and no DMA: nothing changes */
	f->pending[1]->done(f->pending[1], 0);
	f->nr_pending = 0;
	assert_memory_equal(snapshot, f->g.ram, GUEST_RAM_SIZE);
	assert_int_equal(virtio_mmio_in_flight(&f->rng.vm), 0);
	post_buf(f, 0, 64);
	assert_int_equal(f->nr_pending, 1);
	fill(f, 0, 64);
	free(snapshot);
}

static void test_no_backend(void **state)
{
	struct fixture *f = *state;
	struct virtio_rng r;

	assert_int_equal(virtio_rng_init(&r, NULL, &f->g.map, &fake_host_ops, &f->g), -1);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fg_teardown)
	const struct CMUnitTest tests[] = {
		T(test_probe),	      T(test_entropy),	      T(test_readable_only),
		T(test_broken_chain), T(test_slots_and_full), T(test_reset_in_flight),
		T(test_no_backend),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
