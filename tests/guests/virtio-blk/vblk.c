// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's virtio-blk driver: the transport handshake of virtio 1.2
 * 3.1.1 and 4.2.3, queue 0 as a split virtqueue, and requests polled on the
 * used ring with a timeout (a device that neither completes nor asks for a
 * reset is a hang, not a wait without end).
 */
#include "smp.h"
#include "vblk.h"

struct vblk vblk;

/* Each part of queue 0 in a page of its own. */
static struct virtq_desc desc_page[PAGE / sizeof(struct virtq_desc)] __attribute__((aligned(PAGE)));
static u16 avail_page[PAGE / 2] __attribute__((aligned(PAGE)));
static u32 used_page[PAGE / 4] __attribute__((aligned(PAGE)));

static inline void mb(void)
{
	asm volatile("fence iorw, iorw" ::: "memory");
}

u32 vblk_rd(unsigned long off)
{
	return *(volatile u32 *)(vblk.base + off);
}

void vblk_wr(unsigned long off, u32 val)
{
	*(volatile u32 *)(vblk.base + off) = val;
}

const char *outcome_name(enum outcome oc)
{
	static const char *const names[] = {
		[OC_OK] = "ok",
		[OC_IOERR] = "ioerr",
		[OC_UNSUPP] = "unsupp",
		[OC_BAD_STATUS] = "bad-status",
		[OC_BAD_USED] = "bad-used-entry",
		[OC_NEEDS_RESET] = "needs-reset",
		[OC_TIMEOUT] = "timeout",
	};

	return oc < ARRAY_SIZE(names) ? names[oc] : "?";
}

/* Whether a transport answers at vblk.base (no access fault) with the magic value. */
static int transport_here(void)
{
	u32 magic;

	trap_expect();
	magic = vblk_rd(VIRTIO_MMIO_MAGIC_VALUE);
	trap_unexpect();
	return !trap_count && magic == VIRTIO_MMIO_MAGIC;
}

int vblk_find(void)
{
	for (unsigned int i = 0; i < VIRTIO_MMIO_SLOTS; i++) {
		vblk.base = VIRTIO_MMIO_BASE(i);
		if (transport_here() && vblk_rd(VIRTIO_MMIO_VERSION) == 2 &&
		    vblk_rd(VIRTIO_MMIO_DEVICE_ID) == VIRTIO_ID_BLOCK) {
			vblk.irq = VIRTIO_MMIO_IRQ(i);
			return 0;
		}
	}
	vblk.base = 0;
	return -1;
}

static void set_status(u32 bits)
{
	vblk_wr(VIRTIO_MMIO_STATUS, vblk_rd(VIRTIO_MMIO_STATUS) | bits);
}

static void write_pair(unsigned long low, u64 val)
{
	vblk_wr(low, (u32)val);
	vblk_wr(low + 4, (u32)(val >> 32));
}

static u64 read_capacity(void)
{
	unsigned long cfg = VIRTIO_MMIO_CONFIG + VIRTIO_BLK_CFG_CAPACITY;
	u32 gen, lo, hi;

	/* a consistent 64-bit value: ConfigGeneration unchanged across both halves (4.2.2.2) */
	do {
		gen = vblk_rd(VIRTIO_MMIO_CONFIG_GENERATION);
		lo = vblk_rd(cfg);
		hi = vblk_rd(cfg + 4);
	} while (gen != vblk_rd(VIRTIO_MMIO_CONFIG_GENERATION));
	return (u64)hi << 32 | lo;
}

const char *vblk_init(void)
{
	unsigned long end = rdtime() + guest_timebase;
	u64 want;

	/* reset: the device reads 0 back once it is done */
	vblk_wr(VIRTIO_MMIO_STATUS, 0);
	while (vblk_rd(VIRTIO_MMIO_STATUS))
		if ((long)(rdtime() - end) > 0)
			return "reset: Status does not read 0";
	memset(desc_page, 0, sizeof(desc_page));
	memset(avail_page, 0, sizeof(avail_page));
	memset(used_page, 0, sizeof(used_page));
	vblk.desc = desc_page;
	vblk.avail = (volatile struct virtq_avail *)avail_page;
	vblk.used = (volatile struct virtq_used *)used_page;
	vblk.avail_idx = vblk.used_idx = 0;
	mb();

	set_status(VIRTIO_STATUS_ACKNOWLEDGE);
	set_status(VIRTIO_STATUS_DRIVER);
	vblk_wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	vblk.offered = vblk_rd(VIRTIO_MMIO_DEVICE_FEATURES);
	vblk_wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	vblk.offered |= (u64)vblk_rd(VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	if (!vblk_offers(VIRTIO_F_VERSION_1))
		return "VIRTIO_F_VERSION_1 not offered";
	want = VIRTIO_BIT(VIRTIO_F_VERSION_1) |
	       (vblk.offered &
		(VIRTIO_BIT(VIRTIO_BLK_F_FLUSH) | VIRTIO_BIT(VIRTIO_RING_F_INDIRECT_DESC)));
	vblk_wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	vblk_wr(VIRTIO_MMIO_DRIVER_FEATURES, (u32)want);
	vblk_wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	vblk_wr(VIRTIO_MMIO_DRIVER_FEATURES, (u32)(want >> 32));
	set_status(VIRTIO_STATUS_FEATURES_OK);
	if (!(vblk_rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK))
		return "FEATURES_OK did not stay set";
	vblk.accepted = want;

	vblk_wr(VIRTIO_MMIO_QUEUE_SEL, 0);
	if (vblk_rd(VIRTIO_MMIO_QUEUE_READY))
		return "queue 0 ready before it was set up";
	if (vblk_rd(VIRTIO_MMIO_QUEUE_NUM_MAX) < VBLK_QSIZE)
		return "queue 0 has fewer than 8 entries";
	vblk_wr(VIRTIO_MMIO_QUEUE_NUM, VBLK_QSIZE);
	write_pair(VIRTIO_MMIO_QUEUE_DESC_LOW, (unsigned long)desc_page);
	write_pair(VIRTIO_MMIO_QUEUE_DRIVER_LOW, (unsigned long)avail_page);
	write_pair(VIRTIO_MMIO_QUEUE_DEVICE_LOW, (unsigned long)used_page);
	vblk_wr(VIRTIO_MMIO_QUEUE_READY, 1);
	if (vblk_rd(VIRTIO_MMIO_QUEUE_READY) != 1)
		return "queue 0 not ready";
	set_status(VIRTIO_STATUS_DRIVER_OK);
	if (vblk_rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET)
		return "DEVICE_NEEDS_RESET right after DRIVER_OK";
	vblk.capacity = read_capacity();
	return 0;
}

void vblk_submit(u16 head, int irq)
{
	vblk.avail->flags = irq ? 0 : VIRTQ_AVAIL_F_NO_INTERRUPT;
	vblk.avail->ring[vblk.avail_idx % VBLK_QSIZE] = head;
	mb(); /* the descriptors and the ring entry before the index (2.7.13) */
	vblk.avail->idx = ++vblk.avail_idx;
	mb(); /* the index before the notification */
	vblk_wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
}

static enum outcome take_used(u16 head, const volatile u8 *status, u32 *len)
{
	volatile struct virtq_used_elem *e = &vblk.used->ring[vblk.used_idx % VBLK_QSIZE];

	mb(); /* the entry, and what the device wrote, after the index */
	vblk.used_idx++;
	*len = e->len;
	if (e->id != head)
		return OC_BAD_USED;
	switch (*status) {
	case VIRTIO_BLK_S_OK:
		return OC_OK;
	case VIRTIO_BLK_S_IOERR:
		return OC_IOERR;
	case VIRTIO_BLK_S_UNSUPP:
		return OC_UNSUPP;
	default:
		return OC_BAD_STATUS;
	}
}

enum outcome vblk_wait(u16 head, const volatile u8 *status, u32 *len)
{
	unsigned long end = rdtime() + VBLK_TIMEOUT_S * guest_timebase;

	*len = 0;
	for (;;) {
		if (vblk.used->idx != vblk.used_idx)
			return take_used(head, status, len);
		if (vblk_rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET) {
			/* it may have completed just before */
			if (vblk.used->idx != vblk.used_idx)
				return take_used(head, status, len);
			return OC_NEEDS_RESET;
		}
		if ((long)(rdtime() - end) > 0)
			return OC_TIMEOUT;
	}
}

u16 vblk_start(struct vblk_req *r, u32 type, u64 sector, const struct seg *data, int nr,
	       int indirect, int irq)
{
	u16 head = vblk.avail_idx % VBLK_QSIZE, n = nr + 2;
	u16 data_flags =
		type == VIRTIO_BLK_T_IN || type == VIRTIO_BLK_T_GET_ID ? VIRTQ_DESC_F_WRITE : 0;
	volatile struct virtq_desc *t = indirect ? r->table : vblk.desc;

	r->hdr.type = type;
	r->hdr.reserved = 0;
	r->hdr.sector = sector;
	r->status = 0xff;
	for (u16 i = 0; i < n; i++) {
		/* a direct chain starts at head and wraps around the table */
		u16 at = indirect ? i : (head + i) % VBLK_QSIZE;
		u16 next = indirect ? i + 1 : (head + i + 1) % VBLK_QSIZE;
		u16 flags = i + 1 < n ? VIRTQ_DESC_F_NEXT : 0;

		if (i == 0)
			desc_set(&t[at], (unsigned long)&r->hdr, sizeof(r->hdr), flags, next);
		else if (i == n - 1)
			desc_set(&t[at], (unsigned long)&r->status, 1, VIRTQ_DESC_F_WRITE, 0);
		else
			desc_set(&t[at], (unsigned long)data[i - 1].buf, data[i - 1].len,
				 flags | data_flags, next);
	}
	if (indirect)
		desc_set(&vblk.desc[head], (unsigned long)r->table, n * sizeof(*t),
			 VIRTQ_DESC_F_INDIRECT, 0);
	vblk_submit(head, irq);
	return head;
}

enum outcome vblk_request(struct vblk_req *r, u32 type, u64 sector, const struct seg *data, int nr,
			  int indirect, u32 *len)
{
	u16 head = vblk_start(r, type, sector, data, nr, indirect, 0);

	return vblk_wait(head, &r->status, len);
}
