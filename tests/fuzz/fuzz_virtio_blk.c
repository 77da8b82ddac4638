// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzing drivers/virtio_blk.c with drivers/virtio_mmio.c and
 * drivers/virtio_queue.c: a hostile guest's register accesses and guest RAM
 * (rings, descriptors, indirect tables, headers), and a backend completing
 * requests in the order the input says. Guest RAM is 64 KiB with guard
 * bytes around it. Byte 0 picks the disk (bit 0: read-only, bits 1..2: the
 * window), then steps, each an op byte and its operands:
 *   op & 7 = 0  MMIO write: u16 offset (op bit 7: within the 0x200 region),
 *               width 1 << (op >> 3 & 3), u64 value
 *            1  MMIO read, likewise
 *            2  RAM write: u16 offset, u8 length (< 64), the bytes
 *            3  complete the u8-th pending request with status u8 % 4
 *               (a read fills its buffers first)
 *            4  the backend refuses (op bit 3) or takes requests from now on
 *            5  Linux's probe: u32 features (low word; VERSION_1 unless op
 *               bit 7), u8 queue size log2, u16 x3 ring offsets / 16
 *            6  post a chain: u8 count (1..8) of descriptors, each u8 slot,
 *               u8 address kind (0: RAM + u16, 1: raw u64, else a buffer
 *               area), u32 length, u8 flags, u8 next; then u8 head; notify
 *            7  virtio_mmio_kick() (as the integrator may)
 * Invariants: every range the backend gets is in guest RAM and in the
 * window, the guard bytes never change, the lock rules hold (MMIO and
 * submissions under the device lock, completions without), set_irq()'s
 * level is InterruptStatus != 0, and no more than VIRTIO_BLK_SLOTS requests
 * are ever in flight.
 */
#include <svpn/compiler.h>
#include "../../drivers/virtio_blk.h"
#include "fuzz.h"

#define RAM_GPA	   0x80000000ULL
#define RAM_SIZE   0x10000ULL
#define GUARD	   0x1000
#define GUARD_BYTE 0xa5
#define SECTORS	   64

struct harness {
	uint8_t mem[GUARD + RAM_SIZE + GUARD];
	struct gpa_map map;
	bool locked;
	bool full;
	uint64_t start, count;
	struct blk_dev be;
	struct blk_request *pending[VIRTIO_BLK_SLOTS + 1];
	unsigned int nr_pending;
	/* The driver's view of queue 0 */
	uint64_t desc, avail;
	uint16_t qsize, avail_idx;
	struct virtio_blk blk;
	struct vdev dev;
};

static struct harness h;

static uint8_t *ram(void)
{
	return h.mem + GUARD;
}

static void lock(void *ctx)
{
	FUZZ_CHECK(!h.locked);
	h.locked = true;
}

static void unlock(void *ctx)
{
	FUZZ_CHECK(h.locked);
	h.locked = false;
}

static void set_irq(void *ctx, bool level)
{
	FUZZ_CHECK(h.locked);
	FUZZ_CHECK(level == (h.blk.vm.isr != 0));
}

static const struct virtio_host_ops host = { lock, unlock, set_irq };

static int submit(struct blk_dev *dev, struct blk_request *req)
{
	uint64_t bytes = 0;
	unsigned int i;

	FUZZ_CHECK(h.locked);
	if (h.full)
		return -1;
	FUZZ_CHECK(req->nr_segs <= BLK_MAX_SEGS);
	for (i = 0; i < req->nr_segs; i++) {
		uint64_t hpa = req->segs[i].hpa, len = req->segs[i].len;

		FUZZ_CHECK(len && len <= VIRTIO_BLK_SIZE_MAX);
		FUZZ_CHECK(hpa >= h.map.ram_hpa && hpa - h.map.ram_hpa <= RAM_SIZE - len);
		bytes += len;
	}
	if (req->op == BLK_OP_READ || req->op == BLK_OP_WRITE) {
		FUZZ_CHECK(bytes && bytes % BLK_SECTOR_SIZE == 0);
		FUZZ_CHECK(req->sector >= h.start);
		FUZZ_CHECK(req->sector - h.start + bytes / BLK_SECTOR_SIZE <= h.count);
		FUZZ_CHECK(req->op == BLK_OP_READ || !h.blk.read_only);
	} else {
		FUZZ_CHECK(req->op == BLK_OP_FLUSH && !req->nr_segs);
	}
	FUZZ_CHECK(h.nr_pending < VIRTIO_BLK_SLOTS);
	h.pending[h.nr_pending++] = req;
	return 0;
}

static void complete(unsigned int k, unsigned int status)
{
	struct blk_request *req;
	unsigned int i;

	if (!h.nr_pending)
		return;
	k %= h.nr_pending;
	req = h.pending[k];
	h.pending[k] = h.pending[--h.nr_pending];
	if (req->op == BLK_OP_READ)
		for (i = 0; i < req->nr_segs; i++)
			__builtin_memset(__va(req->segs[i].hpa), 0x5a, req->segs[i].len);
	req->done(req, status % 4); /* 3: a status blkdev.h does not name */
}

static uint64_t mmio(struct fuzz_input *in, uint8_t op, bool write)
{
	uint64_t off = fuzz_uint(in, 2) % (op & 0x80 ? VIRTIO_MMIO_REGION_SIZE : h.dev.size);
	unsigned int width = 1U << (op >> 3 & 3);
	uint64_t val = write ? fuzz_u64(in) : 0;

	/* As vmm/mmio.c: a refused access is the guest's access fault. */
	if (!vdev_access_ok(&h.dev, off, width))
		return 0;
	lock(NULL);
	if (write)
		h.dev.ops->write(&h.dev, off, width, val);
	else
		val = h.dev.ops->read(&h.dev, off, width);
	unlock(NULL);
	return val;
}

static void w32(uint32_t off, uint32_t val)
{
	lock(NULL);
	h.dev.ops->write(&h.dev, off, 4, val);
	unlock(NULL);
}

static void probe(struct fuzz_input *in, uint8_t op)
{
	uint32_t features = fuzz_u32(in);
	unsigned int size = 1U << (fuzz_u8(in) % 10);
	uint64_t desc = RAM_GPA + 16ULL * fuzz_uint(in, 2);
	uint64_t avail = RAM_GPA + 16ULL * fuzz_uint(in, 2);
	uint64_t used = RAM_GPA + 16ULL * fuzz_uint(in, 2);

	w32(VIRTIO_MMIO_STATUS, 0);
	w32(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	w32(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	w32(VIRTIO_MMIO_DRIVER_FEATURES, op & 0x80 ? 0 : 1);
	w32(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	w32(VIRTIO_MMIO_DRIVER_FEATURES, features);
	w32(VIRTIO_MMIO_STATUS,
	    VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
	w32(VIRTIO_MMIO_QUEUE_SEL, 0);
	w32(VIRTIO_MMIO_QUEUE_NUM, size);
	w32(VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)desc);
	w32(VIRTIO_MMIO_QUEUE_DESC_HIGH, desc >> 32);
	w32(VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)avail);
	w32(VIRTIO_MMIO_QUEUE_DRIVER_HIGH, avail >> 32);
	w32(VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)used);
	w32(VIRTIO_MMIO_QUEUE_DEVICE_HIGH, used >> 32);
	w32(VIRTIO_MMIO_QUEUE_READY, 1);
	w32(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
					VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);
	h.desc = desc;
	h.avail = avail;
	h.qsize = size;
	h.avail_idx = 0;
}

/* Store @n bytes at guest-physical @gpa if they are all RAM (as the guest's own stores). */
static void guest_store(uint64_t gpa, const void *src, unsigned int n)
{
	if (gpa >= RAM_GPA && gpa - RAM_GPA <= RAM_SIZE - n)
		__builtin_memcpy(ram() + (gpa - RAM_GPA), src, n);
}

static void post(struct fuzz_input *in)
{
	unsigned int n = 1 + fuzz_u8(in) % 8, i;
	uint16_t head;

	for (i = 0; i < n; i++) {
		uint8_t slot = fuzz_u8(in), kind = fuzz_u8(in);
		struct virtq_desc d;

		if (kind == 0)
			d.addr = RAM_GPA + fuzz_uint(in, 2);
		else if (kind == 1)
			d.addr = fuzz_u64(in);
		else
			d.addr = RAM_GPA + RAM_SIZE / 2 + 0x200ULL * (kind % 32);
		d.len = fuzz_u32(in);
		d.flags = fuzz_u8(in);
		d.next = fuzz_u8(in);
		guest_store(h.desc + 16ULL * slot, &d, sizeof(d));
	}
	head = fuzz_u8(in);
	if (h.qsize) {
		guest_store(h.avail + 4 + 2ULL * (h.avail_idx % h.qsize), &head, 2);
		h.avail_idx++;
		guest_store(h.avail + 2, &h.avail_idx, 2);
	}
	w32(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
}

static void check(void)
{
	FUZZ_CHECK(!h.locked);
	FUZZ_CHECK(h.nr_pending == virtio_mmio_in_flight(&h.blk.vm));
	FUZZ_CHECK(h.nr_pending <= VIRTIO_BLK_SLOTS);
}

/* Once per input: a byte written there stays, so the end sees every step's. */
static void check_guards(void)
{
	unsigned int i;

	for (i = 0; i < GUARD; i++)
		FUZZ_CHECK(h.mem[i] == GUARD_BYTE && h.mem[GUARD + RAM_SIZE + i] == GUARD_BYTE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	uint8_t cfg = fuzz_u8(&in);

	__builtin_memset(h.mem, GUARD_BYTE, sizeof(h.mem));
	__builtin_memset(ram(), 0, RAM_SIZE);
	h.map = (struct gpa_map){ RAM_GPA, RAM_SIZE, __pa(ram()) };
	h.locked = h.full = false;
	h.nr_pending = 0;
	h.desc = h.avail = 0;
	h.qsize = h.avail_idx = 0;
	h.start = (cfg >> 1 & 3) * 8;
	h.count = SECTORS - h.start - (cfg >> 3 & 1);
	h.be = (struct blk_dev){ "fuzz", SECTORS, false, submit, NULL };
	FUZZ_CHECK(!virtio_blk_init(&h.blk, &h.be, h.start, h.count, cfg & 1, "fuzz-disk", &h.map,
				    &host, NULL));
	h.dev = (struct vdev){ "virtio", VDEV_VIRTIO_MMIO_BASE, VDEV_VIRTIO_MMIO_SIZE,
			       &virtio_mmio_vdev_ops, &h.blk.vm };

	while (!fuzz_empty(&in)) {
		uint8_t op = fuzz_u8(&in), n, buf[64];
		uint16_t off;
		unsigned int k;

		switch (op & 7) {
		case 0:
		case 1:
			mmio(&in, op, !(op & 7));
			break;
		case 2:
			off = fuzz_uint(&in, 2);
			n = fuzz_u8(&in) % sizeof(buf);
			for (k = 0; k < n; k++)
				buf[k] = fuzz_u8(&in);
			guest_store(RAM_GPA + off, buf, n);
			break;
		case 3:
			k = fuzz_u8(&in);
			complete(k, fuzz_u8(&in));
			break;
		case 4:
			h.full = op & 8;
			break;
		case 5:
			probe(&in, op);
			break;
		case 6:
			post(&in);
			break;
		case 7:
			virtio_mmio_kick(&h.blk.vm, 0);
			break;
		}
		check();
	}
	/* The backend answers everything in the end, into whatever the guest made of the device. */
	h.full = false;
	while (h.nr_pending) {
		complete(0, 0);
		check();
	}
	check_guards();
	return 0;
}
