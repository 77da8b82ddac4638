/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A fake guest for the virtio model tests: guest RAM as a host buffer with
 * guard bytes on both sides, seen by the models through a struct gpa_map
 * whose ram_hpa is __pa(buffer) (so gpa_ram_ptr() and __va(gpa_to_hpa())
 * land in it), the integrator's lock and interrupt callbacks (checking the
 * lock rules), and the driver side of a virtio-mmio device and of its first
 * split virtqueue, done as Linux's virtio_mmio and virtio_ring do.
 */
#ifndef _TESTS_UNIT_VIRTIO_GUEST_H
#define _TESTS_UNIT_VIRTIO_GUEST_H

#include <stdbool.h>
#include <stdint.h>
#include <svpn/gpa_map.h>
#include <svpn/vdev.h>
#include "../../drivers/virtio_mmio.h"

#define GUEST_RAM_GPA  0x80000000ULL
#define GUEST_RAM_SIZE 0x100000ULL
#define GUARD_SIZE     0x1000
#define GUARD_BYTE     0xa5

/* Where the driver puts queue 0 and its buffers */
#define GUEST_DESC  (GUEST_RAM_GPA + 0x1000)
#define GUEST_AVAIL (GUEST_RAM_GPA + 0x3000)
#define GUEST_USED  (GUEST_RAM_GPA + 0x4000)
#define GUEST_TABLE (GUEST_RAM_GPA + 0x8000) /* indirect tables */
#define GUEST_BUF   (GUEST_RAM_GPA + 0x10000)

struct fake_guest {
	uint8_t *alloc; /* guard, RAM, guard */
	uint8_t *ram;
	struct gpa_map map;
	struct vdev dev;

	bool locked; /* the device lock, as vmm/mmio.c and the models take it */
	unsigned int lock_calls;
	bool irq;
	unsigned int irq_raises; /* set_irq(true) calls: a PLIC request each */

	/* The driver's side of queue 0 */
	uint16_t qsize;
	uint16_t avail_idx, last_used;
};

extern const struct virtio_host_ops fake_host_ops;

void fg_init(struct fake_guest *g);
/* Guard bytes intact, then free. */
void fg_fini(struct fake_guest *g);
/* A cmocka teardown for a calloc()ed fixture whose first member is its struct fake_guest. */
int fg_teardown(void **state);
void fg_check_guards(const struct fake_guest *g);
void *fg_ptr(struct fake_guest *g, uint64_t gpa);

/* Register accesses as the guest's loads and stores reach a model: under the lock. */
bool fg_access_ok(struct fake_guest *g, uint64_t off, unsigned int width);
uint64_t fg_read(struct fake_guest *g, uint64_t off, unsigned int width);
void fg_write(struct fake_guest *g, uint64_t off, unsigned int width, uint64_t val);
static inline uint32_t fg_r32(struct fake_guest *g, uint64_t off)
{
	return (uint32_t)fg_read(g, off, 4);
}
static inline void fg_w32(struct fake_guest *g, uint64_t off, uint32_t val)
{
	fg_write(g, off, 4, val);
}

/* Linux's probe up to FEATURES_OK with @features (vm_get_features, vm_finalize_features). */
uint8_t fg_negotiate(struct fake_guest *g, uint64_t features);
/* Queue @q of @size entries at desc/avail/used (vm_setup_vq); returns QueueReady. */
uint32_t fg_setup_queue(struct fake_guest *g, unsigned int q, uint16_t size, uint64_t desc,
			uint64_t avail, uint64_t used);
/* The whole probe: negotiate, queue 0 at GUEST_DESC/AVAIL/USED, DRIVER_OK. Returns Status. */
uint8_t fg_probe(struct fake_guest *g, uint64_t features, uint16_t qsize);

void fg_desc(struct fake_guest *g, uint64_t table, uint16_t i, uint64_t addr, uint32_t len,
	     uint16_t flags, uint16_t next);
/* Make chain @head available and notify queue 0. */
void fg_post(struct fake_guest *g, uint16_t head);
void fg_post_nokick(struct fake_guest *g, uint16_t head);
/* The next used entry, if there is one. */
bool fg_used(struct fake_guest *g, uint32_t *id, uint32_t *len);
/* Linux's vm_interrupt(): read InterruptStatus and acknowledge it. */
uint32_t fg_interrupt(struct fake_guest *g);

#endif /* _TESTS_UNIT_VIRTIO_GUEST_H */
