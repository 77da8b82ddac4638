// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for drivers/virtio_mmio.c, the virtio-mmio transport,
 * register by register, in front of a small dummy device (two queues, eight
 * bytes of writable config) and without any device. The expected behaviour
 * is QEMU 7.2's hw/virtio/virtio-mmio.c (non-legacy) and, where QEMU is
 * laxer, the virtio 1.2 spec (see the file's header).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "virtio_guest.h"

#define DUMMY_ID       0x2a
#define DUMMY_FEATURES (VIRTIO_BIT(3) | VIRTIO_BIT(40))
#define DUMMY_QMAX     64

struct fixture {
	struct fake_guest g;
	struct virtio_mmio vm;
	uint8_t config[8];
	unsigned int notified[2], resets;
};

static uint32_t dummy_config_read(struct virtio_mmio *vm, uint32_t off, unsigned int width)
{
	struct fixture *f = vm->dev_priv;
	uint32_t v = 0;

	assert_true(f->g.locked);
	memcpy(&v, f->config + off, width);
	return v;
}

static void dummy_config_write(struct virtio_mmio *vm, uint32_t off, unsigned int width,
			       uint32_t val)
{
	struct fixture *f = vm->dev_priv;

	memcpy(f->config + off, &val, width);
}

static void dummy_notify(struct virtio_mmio *vm, unsigned int q)
{
	struct fixture *f = vm->dev_priv;

	assert_true(f->g.locked);
	assert_true(virtio_mmio_running(vm));
	f->notified[q]++;
}

static void dummy_reset(struct virtio_mmio *vm)
{
	struct fixture *f = vm->dev_priv;

	f->resets++;
}

static const struct virtio_device_ops dummy_ops = {
	.notify = dummy_notify,
	.reset = dummy_reset,
	.config_read = dummy_config_read,
	.config_write = dummy_config_write,
	.config_len = 8,
	.device_id = DUMMY_ID,
	.nr_queues = 2,
	.queue_max = DUMMY_QMAX,
};

static int setup_dev(void **state, const struct virtio_device_ops *ops)
{
	struct fixture *f = calloc(1, sizeof(*f));

	fg_init(&f->g);
	virtio_mmio_init(&f->vm, ops, f, DUMMY_FEATURES, &f->g.map, &fake_host_ops, &f->g);
	f->g.dev.priv = &f->vm;
	memcpy(f->config, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	*state = f;
	return 0;
}

static int setup(void **state)
{
	return setup_dev(state, &dummy_ops);
}

static int setup_empty(void **state)
{
	return setup_dev(state, NULL);
}

static uint32_t status(struct fixture *f)
{
	return fg_r32(&f->g, VIRTIO_MMIO_STATUS);
}

static void test_access_widths(void **state)
{
	struct fixture *f = *state;
	static const unsigned int widths[] = { 1, 2, 4, 8 };
	uint64_t off;
	unsigned int i;

	/* QEMU: any aligned width within the 0x200-byte region; nothing past it */
	for (off = 0; off < VDEV_VIRTIO_MMIO_SIZE; off++) {
		for (i = 0; i < 4; i++) {
			unsigned int w = widths[i];
			bool want = off + w <= VIRTIO_MMIO_REGION_SIZE && off % w == 0;

			assert_int_equal(fg_access_ok(&f->g, off, w), want);
		}
	}
}

static void test_identity(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_MAGIC_VALUE), 0x74726976);
	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_VERSION), 2);
	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_DEVICE_ID), DUMMY_ID);
	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_VENDOR_ID), 0x554d4551);
	/* Registers answer 32-bit accesses only: other widths read 0 (QEMU) */
	assert_int_equal(fg_read(&f->g, VIRTIO_MMIO_MAGIC_VALUE, 1), 0);
	assert_int_equal(fg_read(&f->g, VIRTIO_MMIO_MAGIC_VALUE, 2), 0);
	/* A 64-bit access is two 32-bit ones, low word first */
	assert_int_equal(fg_read(&f->g, VIRTIO_MMIO_MAGIC_VALUE, 8),
			 0x74726976 | (uint64_t)2 << 32);
	/* No shared memory regions; write-only registers read 0 */
	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_SHM_LEN_LOW), UINT32_MAX);
	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_SHM_LEN_HIGH), UINT32_MAX);
	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_QUEUE_NOTIFY), 0);
	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_INTERRUPT_ACK), 0);
	assert_int_equal(fg_r32(&f->g, 0x0f8), 0); /* nothing there */
	/* Read-only registers ignore writes */
	fg_w32(&f->g, VIRTIO_MMIO_DEVICE_ID, 7);
	fg_w32(&f->g, VIRTIO_MMIO_MAGIC_VALUE, 7);
	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_DEVICE_ID), DUMMY_ID);
	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_MAGIC_VALUE), 0x74726976);
}

static void test_empty_transport(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_MAGIC_VALUE), 0x74726976);
	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_VERSION), 2);
	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_VENDOR_ID), 0x554d4551);
	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_DEVICE_ID), 0); /* no driver claims it */
	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_CONFIG), 0);
	fg_w32(&f->g, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	assert_int_equal(status(f), 0);
}

static void test_config(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(fg_read(&f->g, VIRTIO_MMIO_CONFIG + 1, 1), 2);
	assert_int_equal(fg_read(&f->g, VIRTIO_MMIO_CONFIG + 2, 2), 0x0403);
	assert_int_equal(fg_read(&f->g, VIRTIO_MMIO_CONFIG + 4, 4), 0x08070605);
	assert_int_equal(fg_read(&f->g, VIRTIO_MMIO_CONFIG, 8), 0x0807060504030201ULL);
	/* Past the device's config: all ones, whatever the width */
	assert_int_equal(fg_read(&f->g, VIRTIO_MMIO_CONFIG + 8, 1), 0xff);
	assert_int_equal(fg_read(&f->g, VIRTIO_MMIO_CONFIG + 8, 2), 0xffff);
	assert_int_equal(fg_read(&f->g, VIRTIO_MMIO_CONFIG + 0xfc, 4), UINT32_MAX);
	fg_write(&f->g, VIRTIO_MMIO_CONFIG + 3, 1, 0xaa);
	fg_write(&f->g, VIRTIO_MMIO_CONFIG + 4, 2, 0xbbcc);
	fg_write(&f->g, VIRTIO_MMIO_CONFIG + 8, 4, 0x12345678); /* ignored */
	assert_memory_equal(f->config, "\x01\x02\x03\xaa\xcc\xbb\x07\x08", 8);
}

static void test_features(void **state)
{
	struct fixture *f = *state;
	uint64_t want = DUMMY_FEATURES | VIRTIO_BIT(VIRTIO_F_VERSION_1);

	fg_w32(&f->g, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_DEVICE_FEATURES), (uint32_t)want);
	fg_w32(&f->g, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_DEVICE_FEATURES), want >> 32);
	fg_w32(&f->g, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 2);
	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_DEVICE_FEATURES), 0);

	/* A subset with VERSION_1: accepted, then fixed */
	assert_true(fg_negotiate(&f->g, VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(3)) &
		    VIRTIO_STATUS_FEATURES_OK);
	assert_true(virtio_mmio_has_feature(&f->vm, 3));
	assert_false(virtio_mmio_has_feature(&f->vm, 40));
	fg_w32(&f->g, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	fg_w32(&f->g, VIRTIO_MMIO_DRIVER_FEATURES, 1 << (40 - 32));
	assert_false(virtio_mmio_has_feature(&f->vm, 40));
	/* The driver cannot take FEATURES_OK back, nor set NEEDS_RESET */
	fg_w32(&f->g, VIRTIO_MMIO_STATUS,
	       VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_NEEDS_RESET);
	assert_int_equal(status(f), VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
					    VIRTIO_STATUS_FEATURES_OK);
}

static void test_features_refused(void **state)
{
	struct fixture *f = *state;

	/* No VERSION_1 (6.1: the device may refuse, and a Version 2 device does) */
	assert_false(fg_negotiate(&f->g, VIRTIO_BIT(3)) & VIRTIO_STATUS_FEATURES_OK);
	/* A bit that was not offered */
	assert_false(fg_negotiate(&f->g, VIRTIO_BIT(VIRTIO_F_VERSION_1) |
						 VIRTIO_BIT(VIRTIO_RING_F_EVENT_IDX)) &
		     VIRTIO_STATUS_FEATURES_OK);
	/* A bit in a word past 1 */
	fg_w32(&f->g, VIRTIO_MMIO_STATUS, 0);
	fg_w32(&f->g, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 2);
	fg_w32(&f->g, VIRTIO_MMIO_DRIVER_FEATURES, 1);
	fg_w32(&f->g, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	fg_w32(&f->g, VIRTIO_MMIO_DRIVER_FEATURES, 1);
	fg_w32(&f->g, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_FEATURES_OK);
	assert_int_equal(status(f), 0);
	/* The driver gives up (FAILED) and resets; then it can succeed */
	fg_w32(&f->g, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_FAILED);
	assert_int_equal(status(f), VIRTIO_STATUS_FAILED);
	assert_true(fg_negotiate(&f->g, VIRTIO_BIT(VIRTIO_F_VERSION_1)) &
		    VIRTIO_STATUS_FEATURES_OK);
}

static void test_queues(void **state)
{
	struct fixture *f = *state;

	fg_negotiate(&f->g, VIRTIO_BIT(VIRTIO_F_VERSION_1));
	fg_w32(&f->g, VIRTIO_MMIO_QUEUE_SEL, 2);
	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_QUEUE_NUM_MAX), 0); /* no such queue */
	fg_w32(&f->g, VIRTIO_MMIO_QUEUE_READY, 1);
	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_QUEUE_READY), 0);
	assert_int_equal(fg_setup_queue(&f->g, 1, 32, GUEST_RAM_GPA + 0x20000,
					GUEST_RAM_GPA + 0x21000, GUEST_RAM_GPA + 0x22000),
			 1);
	assert_int_equal(fg_setup_queue(&f->g, 0, DUMMY_QMAX, GUEST_DESC, GUEST_AVAIL, GUEST_USED),
			 1);
	/* 64-bit writes set both halves of an address */
	fg_w32(&f->g, VIRTIO_MMIO_QUEUE_SEL, 1);
	fg_write(&f->g, VIRTIO_MMIO_QUEUE_DESC_LOW, 8, 0x1122334455667788ULL);
	assert_int_equal(f->vm.queues[1].desc_gpa, 0x1122334455667788ULL);
	/* ... which takes effect at the next enable only */
	assert_int_equal(f->vm.queues[1].size, 32);
	/* Notifications reach the device only once DRIVER_OK is set */
	fg_w32(&f->g, VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	assert_int_equal(f->notified[1], 0);
	fg_w32(&f->g, VIRTIO_MMIO_STATUS, status(f) | VIRTIO_STATUS_DRIVER_OK);
	assert_int_equal(f->notified[0], 1); /* what was queued before DRIVER_OK */
	assert_int_equal(f->notified[1], 1);
	fg_w32(&f->g, VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	fg_w32(&f->g, VIRTIO_MMIO_QUEUE_NOTIFY, 2); /* no such queue */
	fg_w32(&f->g, VIRTIO_MMIO_QUEUE_NOTIFY, 0xffffffff);
	assert_int_equal(f->notified[1], 2);
	/* QueueReady 0 stops a queue */
	fg_w32(&f->g, VIRTIO_MMIO_QUEUE_READY, 0);
	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_QUEUE_READY), 0);
	fg_w32(&f->g, VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	assert_int_equal(f->notified[1], 2);
}

/* As a device model does it, under the lock: take chain @head of queue 0 into @r. */
static void take(struct fixture *f, struct virtio_req *r, uint16_t head)
{
	struct virtq_chain c = { .head = head };

	f->g.locked = true;
	virtio_mmio_req_start(&f->vm, 0, &c, r);
	r->used_len = 7;
	r->status_gpa = GUEST_BUF;
	f->g.locked = false;
}

static bool answer(struct fixture *f, struct virtio_req *r, int status)
{
	bool pushed;

	f->g.locked = true;
	pushed = virtio_mmio_req_answer(&f->vm, r, status);
	if (pushed)
		virtio_mmio_notify_used(&f->vm, 0);
	f->g.locked = false;
	return pushed;
}

static void test_interrupts(void **state)
{
	struct fixture *f = *state;
	struct virtio_req r;
	uint32_t id, len;

	fg_probe(&f->g, VIRTIO_BIT(VIRTIO_F_VERSION_1), DUMMY_QMAX);
	take(f, &r, 3);
	assert_true(answer(f, &r, 0x17));
	assert_true(fg_used(&f->g, &id, &len));
	assert_int_equal(id, 3);
	assert_int_equal(len, 7);
	assert_int_equal(*(uint8_t *)fg_ptr(&f->g, GUEST_BUF), 0x17);
	f->g.locked = true;
	virtio_mmio_needs_reset(&f->vm);
	f->g.locked = false;
	assert_true(f->g.irq);
	assert_int_equal(f->g.irq_raises, 2); /* each update raises again, as QEMU's */
	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_INTERRUPT_STATUS), 3);
	fg_w32(&f->g, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING);
	assert_true(f->g.irq);
	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_CONFIG);
	fg_w32(&f->g, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_CONFIG);
	assert_false(f->g.irq);
	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_CONFIG_GENERATION), 1);
	assert_true(status(f) & VIRTIO_STATUS_NEEDS_RESET);
	/* Notifications stop until the reset, and so do answers */
	fg_w32(&f->g, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_int_equal(f->notified[0], 1);
	take(f, &r, 4);
	assert_false(answer(f, &r, 0));
	assert_false(fg_used(&f->g, &id, &len));
}

static void test_reset(void **state)
{
	struct fixture *f = *state;
	struct virtio_req early, late;
	uint32_t id, len;

	fg_probe(&f->g, VIRTIO_BIT(VIRTIO_F_VERSION_1), DUMMY_QMAX);
	take(f, &early, 1);
	take(f, &late, 2);
	f->g.locked = true;
	virtio_mmio_req_submitted(&f->vm, &late);
	f->g.locked = false;
	assert_int_equal(virtio_mmio_in_flight(&f->vm), 1);
	assert_true(answer(f, &early, 0));
	fg_w32(&f->g, VIRTIO_MMIO_STATUS, 0);
	assert_int_equal(f->resets, 2); /* fg_probe's and ours */
	assert_int_equal(status(f), 0);
	assert_false(f->g.irq);
	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_QUEUE_READY), 0);
	assert_int_equal(f->vm.features, 0);
	assert_int_equal(f->vm.queues[0].num, 0);
	assert_int_equal(f->vm.queues[0].desc_gpa, 0);

	/* The driver comes back; the late completion answers nothing, even the new ring */
	fg_probe(&f->g, VIRTIO_BIT(VIRTIO_F_VERSION_1), DUMMY_QMAX);
	*(uint8_t *)fg_ptr(&f->g, GUEST_BUF) = 0;
	virtio_mmio_req_done(&f->vm, &late, 9);
	assert_false(fg_used(&f->g, &id, &len));
	assert_int_equal(*(uint8_t *)fg_ptr(&f->g, GUEST_BUF), 0);
	assert_int_equal(virtio_mmio_in_flight(&f->vm), 0);
	assert_int_equal(f->notified[0], 3);	/* the freed slot: take more (2 from DRIVER_OK) */
	virtio_mmio_req_done(&f->vm, &late, 9); /* a second completion changes nothing */
	assert_int_equal(virtio_mmio_in_flight(&f->vm), 0);
	assert_int_equal(f->notified[0], 3);
	/* A kick from the integrator, without the lock */
	virtio_mmio_kick(&f->vm, 0);
	virtio_mmio_kick(&f->vm, 5);
	assert_int_equal(f->notified[0], 4);
}

int main(void)
{
#define T(fn, setup) cmocka_unit_test_setup_teardown(fn, setup, fg_teardown)
	const struct CMUnitTest tests[] = {
		T(test_access_widths, setup),
		T(test_identity, setup),
		T(test_empty_transport, setup_empty),
		T(test_config, setup),
		T(test_features, setup),
		T(test_features_refused, setup),
		T(test_queues, setup),
		T(test_interrupts, setup),
		T(test_reset, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
