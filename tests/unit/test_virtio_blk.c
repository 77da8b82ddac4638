// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for drivers/virtio_blk.c over drivers/virtio_mmio.c and
 * drivers/virtio_queue.c: a fake guest drives the device as Linux's
 * virtio_mmio and virtio_blk drivers do (tests/unit/virtio_guest.c), and a
 * fake backend records each request, checks that every range it is given
 * lies in guest RAM and the window, and completes it when the test says.
 * Every test ends by checking the guard bytes around guest RAM.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <svpn/compiler.h>
#include "../../drivers/virtio_blk.h"
#include "virtio_guest.h"

#define DISK_SECTORS 1000
#define WIN_START    100
#define WIN_COUNT    200
#define MAX_PENDING  64

#define HDR(k)	  (GUEST_RAM_GPA + 0xa000 + 32 * (k))
#define STATUS(k) (HDR(k) + 16)
#define DATA(n)	  (GUEST_BUF + 0x1000ULL * (n))

#define FEATURES                                                                    \
	(VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_RING_F_INDIRECT_DESC) | \
	 VIRTIO_BIT(VIRTIO_BLK_F_SEG_MAX) | VIRTIO_BIT(VIRTIO_BLK_F_SIZE_MAX) |     \
	 VIRTIO_BIT(VIRTIO_BLK_F_BLK_SIZE) | VIRTIO_BIT(VIRTIO_BLK_F_FLUSH))

struct fixture;

struct fake_backend {
	struct blk_dev dev;
	struct fixture *f;
	struct blk_request *pending[MAX_PENDING];
	unsigned int nr_pending, submits;
	bool full;
	void (*on_submit)(struct fixture *f, struct blk_request *req);
};

struct broken_case;

struct fixture {
	struct fake_guest g;
	struct fake_backend be;
	struct virtio_blk blk;
	const struct broken_case *bc;
};

static bool hpa_in_ram(const struct fake_guest *g, uint64_t hpa, uint64_t len)
{
	return hpa >= g->map.ram_hpa && len <= g->map.ram_size &&
	       hpa - g->map.ram_hpa <= g->map.ram_size - len;
}

static int fake_submit(struct blk_dev *dev, struct blk_request *req)
{
	struct fake_backend *be = dev->priv;
	struct fake_guest *g = &be->f->g;
	uint64_t bytes = 0;
	unsigned int i;

	assert_true(g->locked); /* the model submits under the device lock */
	if (be->full)
		return -1;
	assert_true(req->nr_segs <= BLK_MAX_SEGS);
	for (i = 0; i < req->nr_segs; i++) {
		assert_true(req->segs[i].len > 0);
		assert_true(hpa_in_ram(g, req->segs[i].hpa, req->segs[i].len));
		bytes += req->segs[i].len;
	}
	if (req->op == BLK_OP_READ || req->op == BLK_OP_WRITE) {
		assert_true(req->nr_segs > 0);
		assert_int_equal(bytes % BLK_SECTOR_SIZE, 0);
		assert_true(req->sector >= WIN_START);
		assert_true(req->sector + bytes / BLK_SECTOR_SIZE <= WIN_START + WIN_COUNT);
	}
	assert_true(be->nr_pending < MAX_PENDING);
	be->pending[be->nr_pending++] = req;
	be->submits++;
	if (be->on_submit)
		be->on_submit(be->f, req);
	return 0;
}

/* Complete pending request @i; a read fills its buffers with @fill first, unless it is 0. */
static void complete(struct fixture *f, unsigned int i, enum blk_status status, uint8_t fill)
{
	struct fake_backend *be = &f->be;
	struct blk_request *req;
	unsigned int s;

	assert_true(i < be->nr_pending);
	req = be->pending[i];
	memmove(&be->pending[i], &be->pending[i + 1], (be->nr_pending - i - 1) * sizeof(req));
	be->nr_pending--;
	if (req->op == BLK_OP_READ && fill)
		for (s = 0; s < req->nr_segs; s++)
			memset(__va(req->segs[s].hpa), fill, req->segs[s].len);
	assert_false(f->g.locked); /* completions come with no lock held */
	req->done(req, status);
	assert_false(f->g.locked);
}

static int setup_with(void **state, bool read_only)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	fg_init(&f->g);
	f->be.f = f;
	f->be.dev = (struct blk_dev){ "fake", DISK_SECTORS, false, fake_submit, &f->be };
	assert_int_equal(virtio_blk_init(&f->blk, &f->be.dev, WIN_START, WIN_COUNT, read_only,
					 "vda-test", &f->g.map, &fake_host_ops, &f->g),
			 0);
	f->g.dev.priv = &f->blk.vm;
	*state = f;
	return 0;
}

static int setup(void **state)
{
	return setup_with(state, false);
}

static int setup_ro(void **state)
{
	return setup_with(state, true);
}

static uint8_t status_of(struct fixture *f, unsigned int k)
{
	return *(uint8_t *)fg_ptr(&f->g, STATUS(k));
}

static uint8_t dev_status(struct fixture *f)
{
	return fg_r32(&f->g, VIRTIO_MMIO_STATUS);
}

/*
 * A request as Linux's virtio_blk lays it out: header, @nr data buffers,
 * status, in @table from descriptor @d on; its header and status are at
 * HDR(@d) and STATUS(@d). Returns @d, the chain's head in that table.
 */
static uint16_t put_req(struct fixture *f, uint64_t table, uint16_t d, uint32_t type,
			uint64_t sector, unsigned int nr, const uint64_t *gpa, const uint32_t *len)
{
	struct virtio_blk_outhdr h = { type, 0, sector };
	uint16_t data = type == VIRTIO_BLK_T_OUT ? 0 : VIRTQ_DESC_F_WRITE;
	unsigned int i;

	memcpy(fg_ptr(&f->g, HDR(d)), &h, sizeof(h));
	*(uint8_t *)fg_ptr(&f->g, STATUS(d)) = 0xff;
	fg_desc(&f->g, table, d, HDR(d), sizeof(h), VIRTQ_DESC_F_NEXT, d + 1);
	for (i = 0; i < nr; i++)
		fg_desc(&f->g, table, d + 1 + i, gpa[i], len[i], VIRTQ_DESC_F_NEXT | data,
			d + 2 + i);
	fg_desc(&f->g, table, d + 1 + nr, STATUS(d), 1, VIRTQ_DESC_F_WRITE, 0);
	return d;
}

/* One data buffer of @len bytes at DATA(@d). */
static uint16_t put_req1(struct fixture *f, uint16_t d, uint32_t type, uint64_t sector,
			 uint32_t len)
{
	uint64_t gpa = DATA(d);

	return put_req(f, GUEST_DESC, d, type, sector, len ? 1 : 0, &gpa, &len);
}

/* Post chain @d and expect it answered at once with @status at STATUS(@key) (no backend). */
static void expect_status_at(struct fixture *f, uint16_t d, uint16_t key, uint8_t status)
{
	unsigned int submits = f->be.submits;
	uint32_t id, len;

	fg_post(&f->g, d);
	assert_int_equal(f->be.submits, submits);
	assert_true(fg_used(&f->g, &id, &len));
	assert_int_equal(id, d);
	assert_int_equal(status_of(f, key), status);
	assert_false(dev_status(f) & VIRTIO_STATUS_NEEDS_RESET);
}

static void expect_status(struct fixture *f, uint16_t d, uint8_t status)
{
	expect_status_at(f, d, d, status);
}

/* Post chain @head and expect DEVICE_NEEDS_RESET: no backend call, no used entry, nothing written. */
static void expect_broken(struct fixture *f, uint16_t head)
{
	unsigned int submits = f->be.submits, raises = f->g.irq_raises;
	uint32_t id, len;

	fg_post(&f->g, head);
	assert_int_equal(f->be.submits, submits);
	assert_false(fg_used(&f->g, &id, &len));
	assert_true(dev_status(f) & VIRTIO_STATUS_NEEDS_RESET);
	/* A configuration change notification, and a new generation (2.1.2, as QEMU) */
	assert_int_equal(f->g.irq_raises, raises + 1);
	assert_int_equal(fg_interrupt(&f->g), VIRTIO_MMIO_INT_CONFIG);
	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_CONFIG_GENERATION), 1);
	/* Dead until reset: another kick does nothing either */
	fg_w32(&f->g, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_int_equal(f->be.submits, submits);
}

static void test_probe_as_linux(void **state)
{
	struct fixture *f = *state;
	struct fake_guest *g = &f->g;
	uint64_t offered;

	assert_int_equal(fg_r32(g, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_BLOCK);
	assert_int_equal(fg_r32(g, VIRTIO_MMIO_VENDOR_ID), VIRTIO_MMIO_VENDOR_QEMU);
	fg_w32(g, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	offered = (uint64_t)fg_r32(g, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	fg_w32(g, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	offered |= fg_r32(g, VIRTIO_MMIO_DEVICE_FEATURES);
	assert_int_equal(offered, FEATURES); /* no EVENT_IDX, no RO */
	assert_int_equal(fg_probe(g, FEATURES, 256),
			 VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
				 VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);
	assert_int_equal(fg_r32(g, VIRTIO_MMIO_QUEUE_NUM_MAX), VIRTIO_BLK_QUEUE_SIZE);
	/* Config as vm_get() reads it: a 64-bit field as two 32-bit reads */
	assert_int_equal(fg_r32(g, VIRTIO_MMIO_CONFIG + VIRTIO_BLK_CFG_CAPACITY), WIN_COUNT);
	assert_int_equal(fg_r32(g, VIRTIO_MMIO_CONFIG + VIRTIO_BLK_CFG_CAPACITY + 4), 0);
	assert_int_equal(fg_r32(g, VIRTIO_MMIO_CONFIG + VIRTIO_BLK_CFG_SIZE_MAX),
			 VIRTIO_BLK_SIZE_MAX);
	assert_int_equal(fg_r32(g, VIRTIO_MMIO_CONFIG + VIRTIO_BLK_CFG_SEG_MAX), BLK_MAX_SEGS);
	assert_int_equal(fg_r32(g, VIRTIO_MMIO_CONFIG + VIRTIO_BLK_CFG_BLK_SIZE), 512);
	assert_int_equal(fg_read(g, VIRTIO_MMIO_CONFIG + VIRTIO_BLK_CFG_BLK_SIZE + 1, 1), 2);
	assert_int_equal(fg_read(g, VIRTIO_MMIO_CONFIG + VIRTIO_BLK_CFG_BLK_SIZE, 2), 512);
	assert_int_equal(fg_read(g, VIRTIO_MMIO_CONFIG, 8), WIN_COUNT);
	/* Past the config the device has: all ones, as QEMU's */
	assert_int_equal(fg_r32(g, VIRTIO_MMIO_CONFIG + VIRTIO_BLK_CFG_BASE_SIZE), UINT32_MAX);
	assert_int_equal(fg_r32(g, VIRTIO_MMIO_CONFIG_GENERATION), 0);
	/* Writes to the read-only config change nothing */
	fg_w32(g, VIRTIO_MMIO_CONFIG, 5);
	assert_int_equal(fg_r32(g, VIRTIO_MMIO_CONFIG), WIN_COUNT);
}

static void test_read(void **state)
{
	struct fixture *f = *state;
	uint64_t gpa[2] = { DATA(0), DATA(1) + 8 };
	uint32_t len[2] = { 512, 1024 }, id, ulen;
	struct blk_request *req;

	fg_probe(&f->g, FEATURES, 256);
	put_req(f, GUEST_DESC, 0, VIRTIO_BLK_T_IN, 10, 2, gpa, len);
	fg_post(&f->g, 0);
	assert_int_equal(f->be.nr_pending, 1);
	req = f->be.pending[0];
	assert_int_equal(req->op, BLK_OP_READ);
	assert_int_equal(req->sector, WIN_START + 10);
	assert_int_equal(req->nr_segs, 2);
	assert_int_equal(req->segs[0].hpa, f->g.map.ram_hpa + (DATA(0) - GUEST_RAM_GPA));
	assert_int_equal(req->segs[0].len, 512);
	assert_int_equal(req->segs[1].hpa, f->g.map.ram_hpa + (DATA(1) + 8 - GUEST_RAM_GPA));
	assert_int_equal(req->segs[1].len, 1024);
	assert_false(fg_used(&f->g, &id, &ulen));
	assert_int_equal(f->g.irq_raises, 0);

	complete(f, 0, BLK_STATUS_OK, 0x5a);
	assert_true(fg_used(&f->g, &id, &ulen));
	assert_int_equal(id, 0);
	assert_int_equal(ulen, 512 + 1024 + 1);
	assert_int_equal(status_of(f, 0), VIRTIO_BLK_S_OK);
	assert_int_equal(*(uint8_t *)fg_ptr(&f->g, DATA(1) + 8 + 1023), 0x5a);
	assert_int_equal(*(uint8_t *)fg_ptr(&f->g, DATA(1) + 8 + 1024), 0);
	assert_true(f->g.irq);
	assert_int_equal(fg_interrupt(&f->g), VIRTIO_MMIO_INT_VRING);
	assert_false(f->g.irq);
	assert_int_equal(virtio_mmio_in_flight(&f->blk.vm), 0);
}

static void test_write_and_flush(void **state)
{
	struct fixture *f = *state;
	uint32_t id, len;

	fg_probe(&f->g, FEATURES, 256);
	put_req1(f, 0, VIRTIO_BLK_T_OUT, WIN_COUNT - 8, 4096);
	fg_post(&f->g, 0);
	assert_int_equal(f->be.nr_pending, 1);
	assert_int_equal(f->be.pending[0]->op, BLK_OP_WRITE);
	assert_int_equal(f->be.pending[0]->sector, WIN_START + WIN_COUNT - 8);
	assert_int_equal(f->be.pending[0]->segs[0].len, 4096);
	complete(f, 0, BLK_STATUS_OK, 0);
	assert_true(fg_used(&f->g, &id, &len));
	assert_int_equal(len, 1);
	assert_int_equal(status_of(f, 0), VIRTIO_BLK_S_OK);

	put_req1(f, 4, VIRTIO_BLK_T_FLUSH, 0, 0);
	fg_post(&f->g, 4);
	assert_int_equal(f->be.nr_pending, 1);
	assert_int_equal(f->be.pending[0]->op, BLK_OP_FLUSH);
	assert_int_equal(f->be.pending[0]->nr_segs, 0);
	complete(f, 0, BLK_STATUS_IOERR, 0); /* the backend's status reaches the guest */
	assert_true(fg_used(&f->g, &id, &len));
	assert_int_equal(id, 4);
	assert_int_equal(status_of(f, 4), VIRTIO_BLK_S_IOERR);
}

static void test_get_id(void **state)
{
	struct fixture *f = *state;
	char want[VIRTIO_BLK_ID_BYTES] = "vda-test";

	fg_probe(&f->g, FEATURES, 256);
	memset(fg_ptr(&f->g, DATA(0)), 0xee, 64);
	put_req1(f, 0, VIRTIO_BLK_T_GET_ID, 0, VIRTIO_BLK_ID_BYTES);
	expect_status(f, 0, VIRTIO_BLK_S_OK);
	assert_memory_equal(fg_ptr(&f->g, DATA(0)), want, sizeof(want));
	assert_int_equal(*(uint8_t *)fg_ptr(&f->g, DATA(0) + 20), 0xee);

	/* A shorter buffer gets what fits */
	memset(fg_ptr(&f->g, DATA(4)), 0xee, 64);
	put_req1(f, 4, VIRTIO_BLK_T_GET_ID, 0, 4);
	expect_status(f, 4, VIRTIO_BLK_S_OK);
	assert_memory_equal(fg_ptr(&f->g, DATA(4)), "vda-", 4);
	assert_int_equal(*(uint8_t *)fg_ptr(&f->g, DATA(4) + 4), 0xee);
}

/* Write header {@type, @sector} at @hdr, post chain @head: the one request the backend gets. */
static struct blk_request *submit_one(struct fixture *f, uint16_t head, uint64_t hdr, uint32_t type,
				      uint64_t sector)
{
	struct virtio_blk_outhdr h = { type, 0, sector };

	memcpy(fg_ptr(&f->g, hdr), &h, sizeof(h));
	fg_post(&f->g, head);
	assert_int_equal(f->be.nr_pending, 1);
	return f->be.pending[0];
}

static void test_any_layout(void **state)
{
	struct fixture *f = *state;
	struct blk_request *req;
	uint32_t id, len;

	fg_probe(&f->g, FEATURES, 256);
	/* Header and data in one readable buffer, status alone */
	fg_desc(&f->g, GUEST_DESC, 0, DATA(0), 16 + 1024, VIRTQ_DESC_F_NEXT, 1);
	fg_desc(&f->g, GUEST_DESC, 1, STATUS(0), 1, VIRTQ_DESC_F_WRITE, 0);
	req = submit_one(f, 0, DATA(0), VIRTIO_BLK_T_OUT, 3);
	assert_int_equal(req->sector, WIN_START + 3);
	assert_int_equal(req->nr_segs, 1);
	assert_int_equal(req->segs[0].hpa, f->g.map.ram_hpa + (DATA(0) + 16 - GUEST_RAM_GPA));
	assert_int_equal(req->segs[0].len, 1024);
	complete(f, 0, BLK_STATUS_OK, 0);
	assert_true(fg_used(&f->g, &id, &len));

	/* A read whose status byte ends its only data buffer */
	fg_desc(&f->g, GUEST_DESC, 2, HDR(2), 16, VIRTQ_DESC_F_NEXT, 3);
	fg_desc(&f->g, GUEST_DESC, 3, DATA(2), 513, VIRTQ_DESC_F_WRITE, 0);
	assert_int_equal(submit_one(f, 2, HDR(2), VIRTIO_BLK_T_IN, 0)->segs[0].len, 512);
	complete(f, 0, BLK_STATUS_OK, 0x11);
	assert_true(fg_used(&f->g, &id, &len));
	assert_int_equal(id, 2);
	assert_int_equal(len, 513);
	assert_int_equal(*(uint8_t *)fg_ptr(&f->g, DATA(2) + 512), VIRTIO_BLK_S_OK);
	assert_int_equal(*(uint8_t *)fg_ptr(&f->g, DATA(2) + 511), 0x11);

	/* Normal descriptors ending in an indirect one, which a device must handle (2.7.5.3.2) */
	fg_desc(&f->g, GUEST_DESC, 4, HDR(4), 16, VIRTQ_DESC_F_NEXT, 5);
	fg_desc(&f->g, GUEST_DESC, 5, GUEST_TABLE, 32, VIRTQ_DESC_F_INDIRECT, 0);
	fg_desc(&f->g, GUEST_TABLE, 0, DATA(4), 512, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
	fg_desc(&f->g, GUEST_TABLE, 1, STATUS(4), 1, VIRTQ_DESC_F_WRITE, 0);
	assert_int_equal(submit_one(f, 4, HDR(4), VIRTIO_BLK_T_IN, 1)->sector, WIN_START + 1);
	complete(f, 0, BLK_STATUS_OK, 0);
	assert_true(fg_used(&f->g, &id, &len));
	assert_int_equal(id, 4);
	assert_int_equal(status_of(f, 4), VIRTIO_BLK_S_OK);
}

static void test_read_only(void **state)
{
	struct fixture *f = *state;
	uint32_t id, len;

	fg_w32(&f->g, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	assert_true(fg_r32(&f->g, VIRTIO_MMIO_DEVICE_FEATURES) & VIRTIO_BIT(VIRTIO_BLK_F_RO));
	fg_probe(&f->g, FEATURES | VIRTIO_BIT(VIRTIO_BLK_F_RO), 256);
	put_req1(f, 0, VIRTIO_BLK_T_OUT, 0, 512);
	expect_status(f, 0, VIRTIO_BLK_S_IOERR);
	put_req1(f, 4, VIRTIO_BLK_T_FLUSH, 0, 0);
	expect_status(f, 4, VIRTIO_BLK_S_OK);
	put_req1(f, 8, VIRTIO_BLK_T_IN, 0, 512);
	fg_post(&f->g, 8);
	assert_int_equal(f->be.nr_pending, 1);
	complete(f, 0, BLK_STATUS_OK, 0);
	assert_true(fg_used(&f->g, &id, &len));
	assert_int_equal(status_of(f, 8), VIRTIO_BLK_S_OK);
}

static void test_backend_read_only(void **state)
{
	struct fixture *f = *state;
	struct virtio_blk *b = calloc(1, sizeof(*b));

	f->be.dev.read_only = true;
	assert_int_equal(virtio_blk_init(b, &f->be.dev, 0, 10, false, NULL, &f->g.map,
					 &fake_host_ops, &f->g),
			 0);
	assert_true(b->read_only);
	assert_true(b->vm.device_features & VIRTIO_BIT(VIRTIO_BLK_F_RO));
	free(b);
}

static void test_init_window(void **state)
{
	struct fixture *f = *state;
	struct virtio_blk *b = calloc(1, sizeof(*b));

	assert_int_equal(virtio_blk_init(b, &f->be.dev, 0, DISK_SECTORS, false, NULL, &f->g.map,
					 &fake_host_ops, &f->g),
			 0);
	assert_int_equal(virtio_blk_init(b, &f->be.dev, 1, DISK_SECTORS, false, NULL, &f->g.map,
					 &fake_host_ops, &f->g),
			 -1);
	assert_int_equal(virtio_blk_init(b, &f->be.dev, UINT64_MAX, 2, false, NULL, &f->g.map,
					 &fake_host_ops, &f->g),
			 -1);
	assert_int_equal(virtio_blk_init(b, &f->be.dev, 2, UINT64_MAX, false, NULL, &f->g.map,
					 &fake_host_ops, &f->g),
			 -1);
	assert_int_equal(
		virtio_blk_init(b, NULL, 0, 1, false, NULL, &f->g.map, &fake_host_ops, &f->g), -1);
	free(b);
}

static void test_bad_requests_get_ioerr(void **state)
{
	struct fixture *f = *state;

	fg_probe(&f->g, FEATURES, 256);
	put_req1(f, 0, VIRTIO_BLK_T_IN, 0, 511); /* not whole sectors */
	expect_status(f, 0, VIRTIO_BLK_S_IOERR);
	put_req1(f, 4, VIRTIO_BLK_T_IN, WIN_COUNT - 1, 1024); /* one sector past the window */
	expect_status(f, 4, VIRTIO_BLK_S_IOERR);
	put_req1(f, 8, VIRTIO_BLK_T_OUT, WIN_COUNT, 512);
	expect_status(f, 8, VIRTIO_BLK_S_IOERR);
	put_req1(f, 12, VIRTIO_BLK_T_IN, UINT64_MAX, 512); /* sector + 1 wraps */
	expect_status(f, 12, VIRTIO_BLK_S_IOERR);
	put_req1(f, 16, VIRTIO_BLK_T_IN, UINT64_MAX - WIN_START + 1, 512); /* + start wraps */
	expect_status(f, 16, VIRTIO_BLK_S_IOERR);
	put_req1(f, 20, VIRTIO_BLK_T_OUT, 0, VIRTIO_BLK_SIZE_MAX + 512); /* over size_max */
	expect_status(f, 20, VIRTIO_BLK_S_IOERR);
	put_req1(f, 24, VIRTIO_BLK_T_DISCARD, 0, 16);
	expect_status(f, 24, VIRTIO_BLK_S_UNSUPP);
	put_req1(f, 28, 0x7fffffff, 0, 16);
	expect_status(f, 28, VIRTIO_BLK_S_UNSUPP);
	/* The edges that are fine: the last sector, and nothing at the end */
	put_req1(f, 32, VIRTIO_BLK_T_IN, WIN_COUNT, 0);
	expect_status(f, 32, VIRTIO_BLK_S_OK);
	put_req1(f, 36, VIRTIO_BLK_T_IN, WIN_COUNT - 1, 512);
	fg_post(&f->g, 36);
	assert_int_equal(f->be.nr_pending, 1);
	assert_int_equal(f->be.pending[0]->sector, WIN_START + WIN_COUNT - 1);
	complete(f, 0, BLK_STATUS_OK, 0);
}

/* A request with @nr data buffers of 512 bytes in an indirect table. */
static void put_indirect_req(struct fixture *f, uint16_t d, uint32_t type, unsigned int nr)
{
	uint64_t gpa[BLK_MAX_SEGS + 8];
	uint32_t len[BLK_MAX_SEGS + 8];
	unsigned int i;

	assert_true(nr <= BLK_MAX_SEGS + 8);
	for (i = 0; i < nr; i++) {
		gpa[i] = DATA(0) + 512ULL * i;
		len[i] = 512;
	}
	put_req(f, GUEST_TABLE, 0, type, 0, nr, gpa, len);
	fg_desc(&f->g, GUEST_DESC, d, GUEST_TABLE, 16 * (nr + 2), VIRTQ_DESC_F_INDIRECT, 0);
}

static void test_segments(void **state)
{
	struct fixture *f = *state;
	uint32_t id, len;

	fg_probe(&f->g, FEATURES, 256);
	/* seg_max data buffers: fine */
	put_indirect_req(f, 0, VIRTIO_BLK_T_IN, BLK_MAX_SEGS);
	fg_post(&f->g, 0);
	assert_int_equal(f->be.nr_pending, 1);
	assert_int_equal(f->be.pending[0]->nr_segs, BLK_MAX_SEGS);
	complete(f, 0, BLK_STATUS_OK, 0);
	assert_true(fg_used(&f->g, &id, &len));
	assert_int_equal(len, 512 * BLK_MAX_SEGS + 1);
	assert_int_equal(status_of(f, 0), VIRTIO_BLK_S_OK); /* HDR(0) of the table */

	/* One more than seg_max: an I/O error, the device stays up */
	put_indirect_req(f, 1, VIRTIO_BLK_T_IN, BLK_MAX_SEGS + 1);
	expect_status_at(f, 1, 0, VIRTIO_BLK_S_IOERR);
	put_indirect_req(f, 2, VIRTIO_BLK_T_OUT, BLK_MAX_SEGS + 8);
	expect_status_at(f, 2, 0, VIRTIO_BLK_S_IOERR);
}

/*
 * Chains that break the ring's rules, each a request of @type (one 512-byte
 * buffer, or @indirect buffers in an indirect table at GUEST_TABLE) with
 * descriptors then rewritten as @fix says (flags: 1 NEXT, 2 WRITE, 4
 * INDIRECT). Each must give DEVICE_NEEDS_RESET, call no backend and write
 * nothing (expect_broken()).
 */
struct broken_case {
	const char *name;
	uint32_t type;
	unsigned int indirect;
	struct {
		uint64_t table;
		uint16_t i;
		struct virtq_desc d;
	} fix[2];
	uint16_t qsize; /* 0: 256 */
	uint16_t head;
	bool no_indirect; /* VIRTIO_RING_F_INDIRECT_DESC not negotiated */
};

#define RAM_END (GUEST_RAM_GPA + GUEST_RAM_SIZE)
#define NW	(VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE)
#define IN	VIRTIO_BLK_T_IN
#define OUT	VIRTIO_BLK_T_OUT
#define FIX(n, a, l, fl, nx)                                       \
	{                                                          \
		.table = GUEST_DESC, .i = n, .d = { a, l, fl, nx } \
	}
#define TFIX(n, a, l, fl, nx)                                       \
	{                                                           \
		.table = GUEST_TABLE, .i = n, .d = { a, l, fl, nx } \
	}
#define BROKEN(n, t, ind, ...) .name = n, .type = t, .indirect = ind, .fix = { __VA_ARGS__ }

static const struct broken_case broken_cases[] = {
	{ BROKEN("broken_data_past_ram", IN, 0, FIX(1, RAM_END - 256, 512, NW, 2)) },
	{ BROKEN("broken_data_below_ram", OUT, 0, FIX(1, GUEST_RAM_GPA - 512, 512, 1, 2)) },
	{ BROKEN("broken_addr_len_wraps", IN, 0, FIX(1, 0xfffffffffffff000ULL, 0x2000, NW, 2)) },
	{ BROKEN("broken_status_outside_ram", VIRTIO_BLK_T_FLUSH, 0, FIX(1, RAM_END, 1, 2, 0)) },
	{ BROKEN("broken_desc_loop", IN, 0, FIX(1, DATA(0), 512, NW, 1)) },
	{ BROKEN("broken_indirect_loop", IN, 4, TFIX(3, DATA(0), 512, NW, 1)) },
	{ BROKEN("broken_chain_longer_than_queue", IN, 18), .qsize = 16 },
	{ BROKEN("broken_nested_indirect", IN, 2, TFIX(1, GUEST_TABLE + 0x400, 64, 4, 0)) },
	{ BROKEN("broken_indirect_with_next", IN, 2, FIX(0, GUEST_TABLE, 64, 4 | 1, 1)) },
	{ BROKEN("broken_indirect_table_outside_ram", IN, 0, FIX(0, RAM_END - 32, 64, 4, 0)) },
	{ BROKEN("broken_indirect_table_60_bytes", IN, 2, FIX(0, GUEST_TABLE, 60, 4, 0)) },
	{ BROKEN("broken_indirect_table_empty", IN, 2, FIX(0, GUEST_TABLE, 0, 4, 0)) },
	{ BROKEN("broken_indirect_not_negotiated", IN, 2), .no_indirect = true },
	{ BROKEN("broken_next_past_queue", IN, 0, FIX(1, DATA(0), 512, NW, 16)), .qsize = 16 },
	{ BROKEN("broken_next_past_indirect_table", IN, 2, TFIX(1, DATA(0), 512, NW, 4)) },
	{ BROKEN("broken_head_past_queue", IN, 0), .qsize = 16, .head = 16 },
	{ BROKEN("broken_readable_after_writable", IN, 0, FIX(2, STATUS(0), 1, NW, 3),
		 FIX(3, DATA(3), 16, 0, 0)) },
	{ BROKEN("broken_header_15_bytes", IN, 0, FIX(0, HDR(0), 15, 1, 1)) },
	{ BROKEN("broken_no_status_byte", OUT, 0, FIX(1, DATA(0), 512, 0, 0)) },
	{ BROKEN("broken_empty_buffer", IN, 0, FIX(1, DATA(0), 0, NW, 2)) },
};

static int setup_broken(void **state)
{
	const struct broken_case *bc = *state;

	setup(state);
	((struct fixture *)*state)->bc = bc;
	return 0;
}

static void test_broken(void **state)
{
	struct fixture *f = *state;
	const struct broken_case *bc = f->bc;
	uint64_t features = FEATURES;
	unsigned int i;

	if (bc->no_indirect)
		features &= ~VIRTIO_BIT(VIRTIO_RING_F_INDIRECT_DESC);
	fg_probe(&f->g, features, bc->qsize ? bc->qsize : 256);
	if (bc->indirect)
		put_indirect_req(f, 0, bc->type, bc->indirect);
	else
		put_req1(f, 0, bc->type, 0, bc->type == VIRTIO_BLK_T_FLUSH ? 0 : 512);
	for (i = 0; i < ARRAY_SIZE(bc->fix) && bc->fix[i].table; i++)
		memcpy(fg_ptr(&f->g, bc->fix[i].table + 16 * bc->fix[i].i), &bc->fix[i].d,
		       sizeof(bc->fix[i].d));
	expect_broken(f, bc->head);
}

static void test_chain_over_4g(void **state)
{
	struct fixture *f = *state;

	/* RAM as large as needed on paper: the chain is refused before any byte is read */
	f->g.map.ram_size = 16ULL << 30;
	fg_probe(&f->g, FEATURES, 256);
	put_req1(f, 0, VIRTIO_BLK_T_IN, 0, 512);
	fg_desc(&f->g, GUEST_DESC, 1, GUEST_RAM_GPA + (1ULL << 30), 3U << 30, NW, 3);
	fg_desc(&f->g, GUEST_DESC, 3, GUEST_RAM_GPA + (5ULL << 30), 3U << 30, NW, 2);
	expect_broken(f, 0);
	f->g.map.ram_size = GUEST_RAM_SIZE;
}

static void test_avail_idx_jump(void **state)
{
	struct fixture *f = *state;
	struct virtq_avail *avail = fg_ptr(&f->g, GUEST_AVAIL);
	unsigned int submits = f->be.submits;

	fg_probe(&f->g, FEATURES, 16);
	put_req1(f, 0, VIRTIO_BLK_T_IN, 0, 512);
	avail->idx = 17; /* more than the queue holds */
	fg_w32(&f->g, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_int_equal(f->be.submits, submits);
	assert_true(dev_status(f) & VIRTIO_STATUS_NEEDS_RESET);
}

static void test_reset_recovers(void **state)
{
	struct fixture *f = *state;
	uint32_t id, len;

	fg_probe(&f->g, FEATURES, 256);
	put_req1(f, 0, VIRTIO_BLK_T_IN, 0, 512);
	fg_desc(&f->g, GUEST_DESC, 1, GUEST_RAM_GPA - 4096, 512,
		VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 2);
	expect_broken(f, 0);
	fg_w32(&f->g, VIRTIO_MMIO_STATUS, 0);
	assert_int_equal(dev_status(f), 0);
	fg_probe(&f->g, FEATURES, 256);
	put_req1(f, 0, VIRTIO_BLK_T_IN, 0, 512);
	fg_post(&f->g, 0);
	complete(f, 0, BLK_STATUS_OK, 0);
	assert_true(fg_used(&f->g, &id, &len));
	assert_int_equal(status_of(f, 0), VIRTIO_BLK_S_OK);
}

static void test_slots(void **state)
{
	struct fixture *f = *state;
	unsigned int i;
	uint32_t id, len;

	fg_probe(&f->g, FEATURES, 256);
	for (i = 0; i < 40; i++) {
		put_req1(f, 4 * i, VIRTIO_BLK_T_IN, i, 512);
		fg_post_nokick(&f->g, 4 * i);
	}
	fg_w32(&f->g, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_int_equal(f->be.submits, VIRTIO_BLK_SLOTS);
	assert_int_equal(virtio_mmio_in_flight(&f->blk.vm), VIRTIO_BLK_SLOTS);
	/* The rest waits in the ring: a kick takes nothing more */
	fg_w32(&f->g, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_int_equal(f->be.submits, VIRTIO_BLK_SLOTS);
	/* A completion frees a slot and takes the next request, out of order too */
	complete(f, 5, BLK_STATUS_OK, 0);
	assert_int_equal(f->be.submits, VIRTIO_BLK_SLOTS + 1);
	assert_int_equal(f->be.pending[f->be.nr_pending - 1]->sector, WIN_START + 32);
	assert_true(fg_used(&f->g, &id, &len));
	assert_int_equal(id, 4 * 5);
	while (f->be.nr_pending)
		complete(f, 0, BLK_STATUS_OK, 0);
	assert_int_equal(f->be.submits, 40);
	for (i = 1; i < 40; i++)
		assert_true(fg_used(&f->g, &id, &len));
	assert_false(fg_used(&f->g, &id, &len));
	for (i = 0; i < 40; i++)
		assert_int_equal(status_of(f, 4 * i), VIRTIO_BLK_S_OK);
}

static void test_backend_full(void **state)
{
	struct fixture *f = *state;
	uint32_t id, len;

	fg_probe(&f->g, FEATURES, 256);
	put_req1(f, 0, VIRTIO_BLK_T_IN, 0, 512);
	fg_post(&f->g, 0);
	f->be.full = true;
	put_req1(f, 4, VIRTIO_BLK_T_IN, 1, 512);
	put_req1(f, 8, VIRTIO_BLK_T_IN, 2, 512);
	fg_post(&f->g, 4);
	fg_post(&f->g, 8);
	assert_int_equal(f->be.submits, 1);
	/* Room again: the completion path takes both */
	f->be.full = false;
	complete(f, 0, BLK_STATUS_OK, 0);
	assert_int_equal(f->be.submits, 3);
	assert_true(fg_used(&f->g, &id, &len));
	assert_false(fg_used(&f->g, &id, &len));

	/* With nothing in flight, virtio_mmio_kick() resumes */
	f->be.full = true;
	complete(f, 0, BLK_STATUS_OK, 0);
	complete(f, 0, BLK_STATUS_OK, 0);
	put_req1(f, 12, VIRTIO_BLK_T_IN, 3, 512);
	fg_post(&f->g, 12);
	assert_int_equal(f->be.submits, 3);
	f->be.full = false;
	virtio_mmio_kick(&f->blk.vm, 0);
	assert_int_equal(f->be.submits, 4);
	complete(f, 0, BLK_STATUS_OK, 0);
}

static void test_reset_in_flight(void **state)
{
	struct fixture *f = *state;
	uint8_t *snapshot = malloc(GUEST_RAM_SIZE);
	unsigned int i, raises;

	fg_probe(&f->g, FEATURES, 256);
	for (i = 0; i < VIRTIO_BLK_SLOTS; i++) {
		put_req1(f, 4 * i, i % 2 ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN, i, 512);
		fg_post(&f->g, 4 * i);
	}
	assert_int_equal(f->be.nr_pending, VIRTIO_BLK_SLOTS);
	fg_w32(&f->g, VIRTIO_MMIO_STATUS, 0);
	assert_int_equal(dev_status(f), 0); /* at once: Linux's vm_reset() does not wait */
	assert_false(f->g.irq);

	/* The driver comes back with new rings elsewhere, and a request */
	fg_negotiate(&f->g, FEATURES);
	memset(fg_ptr(&f->g, GUEST_RAM_GPA + 0x20000), 0, 0x4000);
	assert_int_equal(fg_setup_queue(&f->g, 0, 256, GUEST_RAM_GPA + 0x20000,
					GUEST_RAM_GPA + 0x22000, GUEST_RAM_GPA + 0x23000),
			 1);
	fg_w32(&f->g, VIRTIO_MMIO_STATUS,
	       fg_r32(&f->g, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_DRIVER_OK);
	/* Every slot is still the backend's: the new request waits */
	fg_desc(&f->g, GUEST_RAM_GPA + 0x20000, 0, HDR(200), 16, VIRTQ_DESC_F_NEXT, 1);
	fg_desc(&f->g, GUEST_RAM_GPA + 0x20000, 1, STATUS(200), 1, VIRTQ_DESC_F_WRITE, 0);
	memset(fg_ptr(&f->g, HDR(200)), 0, 16);
	((uint32_t *)fg_ptr(&f->g, HDR(200)))[0] = VIRTIO_BLK_T_FLUSH;
	((uint16_t *)fg_ptr(&f->g, GUEST_RAM_GPA + 0x22000))[2] = 0;
	((uint16_t *)fg_ptr(&f->g, GUEST_RAM_GPA + 0x22000))[1] = 1;
	fg_w32(&f->g, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_int_equal(f->be.submits, VIRTIO_BLK_SLOTS);

	/* Late completions: they touch nothing in guest RAM, old rings or new */
	memcpy(snapshot, f->g.ram, GUEST_RAM_SIZE);
	raises = f->g.irq_raises;
	complete(f, 0, BLK_STATUS_OK, 0); /* no fill: DMA into old buffers is not the model's */
	assert_int_equal(f->be.submits, VIRTIO_BLK_SLOTS + 1); /* the freed slot takes the flush */
	assert_int_equal(f->be.pending[f->be.nr_pending - 1]->op, BLK_OP_FLUSH);
	while (f->be.nr_pending > 1)
		complete(f, 0, BLK_STATUS_OK, 0);
	assert_memory_equal(snapshot, f->g.ram, GUEST_RAM_SIZE);
	assert_int_equal(f->g.irq_raises, raises);
	assert_int_equal(virtio_mmio_in_flight(&f->blk.vm), 1);
	complete(f, 0, BLK_STATUS_OK, 0);
	assert_int_equal(virtio_mmio_in_flight(&f->blk.vm), 0);
	assert_int_equal(*(uint8_t *)fg_ptr(&f->g, STATUS(200)), VIRTIO_BLK_S_OK);
	free(snapshot);
}

/* A second vCPU rewrites the request while the backend has it. */
static void rewrite_request(struct fixture *f, struct blk_request *req)
{
	struct virtio_blk_outhdr h = { VIRTIO_BLK_T_OUT, 0, 0 };

	memcpy(fg_ptr(&f->g, HDR(0)), &h, sizeof(h));
	fg_desc(&f->g, GUEST_DESC, 1, GUEST_RAM_GPA - 0x10000, 512, VIRTQ_DESC_F_NEXT, 2);
	fg_desc(&f->g, GUEST_DESC, 2, GUEST_RAM_GPA + GUEST_RAM_SIZE + 16, 1, VIRTQ_DESC_F_WRITE,
		0);
}

static void test_rewrite_after_check(void **state)
{
	struct fixture *f = *state;
	struct blk_request *req;
	uint32_t id, len;

	fg_probe(&f->g, FEATURES, 256);
	f->be.on_submit = rewrite_request;
	put_req1(f, 0, VIRTIO_BLK_T_IN, 7, 1024);
	fg_post(&f->g, 0);
	req = f->be.pending[0];
	assert_int_equal(req->op, BLK_OP_READ);
	assert_int_equal(req->sector, WIN_START + 7);
	assert_int_equal(req->segs[0].hpa, f->g.map.ram_hpa + (DATA(0) - GUEST_RAM_GPA));
	complete(f, 0, BLK_STATUS_OK, 0x33);
	assert_true(fg_used(&f->g, &id, &len));
	assert_int_equal(len, 1025);
	assert_int_equal(status_of(f, 0), VIRTIO_BLK_S_OK); /* where it was when checked */
}

static void test_no_interrupt_flag(void **state)
{
	struct fixture *f = *state;
	struct virtq_avail *avail = fg_ptr(&f->g, GUEST_AVAIL);
	uint32_t id, len;

	fg_probe(&f->g, FEATURES, 256);
	avail->flags = VIRTQ_AVAIL_F_NO_INTERRUPT;
	put_req1(f, 0, VIRTIO_BLK_T_IN, 0, 512);
	fg_post(&f->g, 0);
	complete(f, 0, BLK_STATUS_OK, 0);
	assert_true(fg_used(&f->g, &id, &len));
	assert_int_equal(f->g.irq_raises, 0);
	assert_int_equal(fg_r32(&f->g, VIRTIO_MMIO_INTERRUPT_STATUS), 0);
}

static void test_nothing_before_driver_ok(void **state)
{
	struct fixture *f = *state;
	uint32_t id, len;

	fg_negotiate(&f->g, FEATURES);
	memset(fg_ptr(&f->g, GUEST_DESC), 0, 0x5000);
	fg_setup_queue(&f->g, 0, 256, GUEST_DESC, GUEST_AVAIL, GUEST_USED);
	put_req1(f, 0, VIRTIO_BLK_T_GET_ID, 0, 20);
	fg_post(&f->g, 0);
	assert_false(fg_used(&f->g, &id, &len));
	fg_w32(&f->g, VIRTIO_MMIO_STATUS,
	       fg_r32(&f->g, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_DRIVER_OK);
	assert_true(fg_used(&f->g, &id, &len));
	assert_int_equal(status_of(f, 0), VIRTIO_BLK_S_OK);
}

static void test_bad_rings(void **state)
{
	struct fixture *f = *state;
	struct fake_guest *g = &f->g;
	static const struct {
		uint32_t num;
		uint64_t desc, avail, used;
	} bad[] = {
		{ 256, GUEST_DESC, GUEST_AVAIL, GUEST_RAM_GPA + GUEST_RAM_SIZE - 0x800 },
		{ 256, GUEST_RAM_GPA + GUEST_RAM_SIZE - 0x800, GUEST_AVAIL, GUEST_USED },
		{ 256, GUEST_DESC, 0x1000, GUEST_USED },
		{ 256, GUEST_DESC + 8, GUEST_AVAIL, GUEST_USED },
		{ 256, GUEST_DESC, GUEST_AVAIL + 1, GUEST_USED },
		{ 256, GUEST_DESC, GUEST_AVAIL, GUEST_USED + 2 },
		{ 0, GUEST_DESC, GUEST_AVAIL, GUEST_USED },
		{ 100, GUEST_DESC, GUEST_AVAIL, GUEST_USED },
		{ 512, GUEST_DESC, GUEST_AVAIL, GUEST_USED },
		{ 256, 0xfffffffffffff000ULL, GUEST_AVAIL, GUEST_USED },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		fg_negotiate(g, FEATURES);
		fg_w32(g, VIRTIO_MMIO_QUEUE_NUM, bad[i].num);
		fg_write(g, VIRTIO_MMIO_QUEUE_DESC_LOW, 8, bad[i].desc);
		fg_write(g, VIRTIO_MMIO_QUEUE_DRIVER_LOW, 8, bad[i].avail);
		fg_write(g, VIRTIO_MMIO_QUEUE_DEVICE_LOW, 8, bad[i].used);
		fg_w32(g, VIRTIO_MMIO_QUEUE_READY, 1);
		assert_int_equal(fg_r32(g, VIRTIO_MMIO_QUEUE_READY), 0);
		assert_true(dev_status(f) & VIRTIO_STATUS_NEEDS_RESET);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn)	 cmocka_unit_test_setup_teardown(fn, setup, fg_teardown)
#define T_RO(fn) cmocka_unit_test_setup_teardown(fn, setup_ro, fg_teardown)
		T(test_probe_as_linux),
		T(test_read),
		T(test_write_and_flush),
		T(test_get_id),
		T(test_any_layout),
		T_RO(test_read_only),
		T(test_backend_read_only),
		T(test_init_window),
		T(test_bad_requests_get_ioerr),
		T(test_segments),
		T(test_chain_over_4g),
		T(test_avail_idx_jump),
		T(test_reset_recovers),
		T(test_slots),
		T(test_backend_full),
		T(test_reset_in_flight),
		T(test_rewrite_after_check),
		T(test_no_interrupt_flag),
		T(test_nothing_before_driver_ok),
		T(test_bad_rings),
	};

	struct CMUnitTest all[ARRAY_SIZE(tests) + ARRAY_SIZE(broken_cases)];
	unsigned int i;

	memcpy(all, tests, sizeof(tests));
	for (i = 0; i < ARRAY_SIZE(broken_cases); i++)
		all[ARRAY_SIZE(tests) + i] = (struct CMUnitTest){ broken_cases[i].name, test_broken,
								  setup_broken, fg_teardown,
								  (void *)&broken_cases[i] };
	return _cmocka_run_group_tests("virtio_blk", all, ARRAY_SIZE(all), NULL, NULL);
}
