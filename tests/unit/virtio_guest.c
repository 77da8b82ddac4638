// SPDX-License-Identifier: GPL-2.0
/* The fake guest of the virtio model tests (see virtio_guest.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "virtio_guest.h"

static void fake_lock(void *ctx)
{
	struct fake_guest *g = ctx;

	assert_false(g->locked); /* not recursive, like the guest's device lock */
	g->locked = true;
	g->lock_calls++;
}

static void fake_unlock(void *ctx)
{
	struct fake_guest *g = ctx;

	assert_true(g->locked);
	g->locked = false;
}

static void fake_set_irq(void *ctx, bool level)
{
	struct fake_guest *g = ctx;

	assert_true(g->locked); /* the PLIC is under the same lock */
	g->irq = level;
	g->irq_raises += level;
}

const struct virtio_host_ops fake_host_ops = {
	.lock = fake_lock,
	.unlock = fake_unlock,
	.set_irq = fake_set_irq,
};

void fg_init(struct fake_guest *g)
{
	memset(g, 0, sizeof(*g));
	g->alloc = malloc(GUEST_RAM_SIZE + 2 * GUARD_SIZE);
	assert_non_null(g->alloc);
	memset(g->alloc, GUARD_BYTE, GUEST_RAM_SIZE + 2 * GUARD_SIZE);
	g->ram = g->alloc + GUARD_SIZE;
	memset(g->ram, 0, GUEST_RAM_SIZE);
	g->map = (struct gpa_map){ GUEST_RAM_GPA, GUEST_RAM_SIZE, __pa(g->ram) };
	/* The models reach the buffer through __va(): check that it is the identity here. */
	assert_ptr_equal(gpa_ram_ptr(&g->map, GUEST_RAM_GPA + 5, 1), g->ram + 5);
	g->dev = (struct vdev){ "virtio", VDEV_VIRTIO_MMIO_BASE, VDEV_VIRTIO_MMIO_SIZE,
				&virtio_mmio_vdev_ops, NULL };
}

void fg_check_guards(const struct fake_guest *g)
{
	size_t i;

	for (i = 0; i < GUARD_SIZE; i++) {
		assert_int_equal(g->alloc[i], GUARD_BYTE);
		assert_int_equal(g->ram[GUEST_RAM_SIZE + i], GUARD_BYTE);
	}
}

void fg_fini(struct fake_guest *g)
{
	fg_check_guards(g);
	assert_false(g->locked);
	free(g->alloc);
}

int fg_teardown(void **state)
{
	fg_fini(*state);
	free(*state);
	return 0;
}

void *fg_ptr(struct fake_guest *g, uint64_t gpa)
{
	assert_true(gpa >= GUEST_RAM_GPA && gpa < GUEST_RAM_GPA + GUEST_RAM_SIZE);
	return g->ram + (gpa - GUEST_RAM_GPA);
}

bool fg_access_ok(struct fake_guest *g, uint64_t off, unsigned int width)
{
	return vdev_access_ok(&g->dev, off, width);
}

uint64_t fg_read(struct fake_guest *g, uint64_t off, unsigned int width)
{
	uint64_t v;

	assert_true(fg_access_ok(g, off, width));
	fake_lock(g);
	v = g->dev.ops->read(&g->dev, off, width);
	fake_unlock(g);
	return v;
}

void fg_write(struct fake_guest *g, uint64_t off, unsigned int width, uint64_t val)
{
	assert_true(fg_access_ok(g, off, width));
	fake_lock(g);
	g->dev.ops->write(&g->dev, off, width, val);
	fake_unlock(g);
}

uint8_t fg_negotiate(struct fake_guest *g, uint64_t features)
{
	uint64_t offered;

	assert_int_equal(fg_r32(g, VIRTIO_MMIO_MAGIC_VALUE), VIRTIO_MMIO_MAGIC);
	assert_int_equal(fg_r32(g, VIRTIO_MMIO_VERSION), 2);
	fg_w32(g, VIRTIO_MMIO_STATUS, 0);
	fg_w32(g, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	fg_w32(g, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	fg_w32(g, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	offered = (uint64_t)fg_r32(g, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	fg_w32(g, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	offered |= fg_r32(g, VIRTIO_MMIO_DEVICE_FEATURES);
	assert_true(offered & VIRTIO_BIT(VIRTIO_F_VERSION_1));
	fg_w32(g, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	fg_w32(g, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(features >> 32));
	fg_w32(g, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	fg_w32(g, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)features);
	fg_w32(g, VIRTIO_MMIO_STATUS,
	       VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
	return fg_r32(g, VIRTIO_MMIO_STATUS);
}

uint32_t fg_setup_queue(struct fake_guest *g, unsigned int q, uint16_t size, uint64_t desc,
			uint64_t avail, uint64_t used)
{
	fg_w32(g, VIRTIO_MMIO_QUEUE_SEL, q);
	assert_int_equal(fg_r32(g, VIRTIO_MMIO_QUEUE_READY), 0);
	assert_true(fg_r32(g, VIRTIO_MMIO_QUEUE_NUM_MAX) >= size);
	fg_w32(g, VIRTIO_MMIO_QUEUE_NUM, size);
	fg_w32(g, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)desc);
	fg_w32(g, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(desc >> 32));
	fg_w32(g, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)avail);
	fg_w32(g, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(avail >> 32));
	fg_w32(g, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)used);
	fg_w32(g, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(used >> 32));
	fg_w32(g, VIRTIO_MMIO_QUEUE_READY, 1);
	if (q == 0) {
		g->qsize = size;
		g->avail_idx = g->last_used = 0;
	}
	return fg_r32(g, VIRTIO_MMIO_QUEUE_READY);
}

uint8_t fg_probe(struct fake_guest *g, uint64_t features, uint16_t qsize)
{
	uint8_t status = fg_negotiate(g, features);

	assert_true(status & VIRTIO_STATUS_FEATURES_OK);
	memset(fg_ptr(g, GUEST_DESC), 0, 0x4000 + VIRTQ_USED_BYTES(qsize));
	assert_int_equal(fg_setup_queue(g, 0, qsize, GUEST_DESC, GUEST_AVAIL, GUEST_USED), 1);
	fg_w32(g, VIRTIO_MMIO_STATUS, status | VIRTIO_STATUS_DRIVER_OK);
	return fg_r32(g, VIRTIO_MMIO_STATUS);
}

void fg_desc(struct fake_guest *g, uint64_t table, uint16_t i, uint64_t addr, uint32_t len,
	     uint16_t flags, uint16_t next)
{
	struct virtq_desc d = { addr, len, flags, next };

	memcpy(fg_ptr(g, table + 16ULL * i), &d, sizeof(d));
}

void fg_post_nokick(struct fake_guest *g, uint16_t head)
{
	struct virtq_avail *avail = fg_ptr(g, GUEST_AVAIL);

	avail->ring[g->avail_idx % g->qsize] = head;
	avail->idx = ++g->avail_idx;
}

void fg_post(struct fake_guest *g, uint16_t head)
{
	fg_post_nokick(g, head);
	fg_w32(g, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
}

bool fg_used(struct fake_guest *g, uint32_t *id, uint32_t *len)
{
	struct virtq_used *used = fg_ptr(g, GUEST_USED);

	if (used->idx == g->last_used)
		return false;
	*id = used->ring[g->last_used % g->qsize].id;
	*len = used->ring[g->last_used % g->qsize].len;
	g->last_used++;
	return true;
}

uint32_t fg_interrupt(struct fake_guest *g)
{
	uint32_t isr = fg_r32(g, VIRTIO_MMIO_INTERRUPT_STATUS);

	fg_w32(g, VIRTIO_MMIO_INTERRUPT_ACK, isr);
	return isr;
}
