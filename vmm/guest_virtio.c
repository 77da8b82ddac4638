// SPDX-License-Identifier: GPL-2.0
/*
 * A guest's virtio devices, in QEMU virt's virtio-mmio slots: its disk
 * (slot 0), a window of one of the host's disks, and its entropy source
 * (slot 1), the host's virtio-rng. The models (drivers/virtio_*.c) check
 * every request against the guest's RAM and window; this file gives them
 * their backend, the guest's device lock and its PLIC line, and makes sure
 * no two guests can write the same host sectors.
 */
#include <asm/csr.h>
#include <asm/memory.h>
#include <asm/page.h>
#include <asm/spinlock.h>
#include <string.h>
#include <svpn/compiler.h>
#include <svpn/host_irq.h>
#include <svpn/blkdev.h>
#include <svpn/guest.h>
#include <svpn/guestpkg.h>
#include <svpn/mm.h>
#include <svpn/platform.h>
#include <svpn/printk.h>
#include <svpn/setup.h>
#include "../drivers/virtio_blk.h"
#include "../drivers/virtio_rng.h"
#include "vcpu_internal.h"

#define VIRTIO_SLOT_DISK 0
#define VIRTIO_SLOT_RNG	 1

/*
 * A model's state, for the guest's lifetime (a disk's is some 40 KiB: only
 * guests with the device pay for it). NULL, with a message, when the host
 * has no memory left.
 */
static void *alloc_model(const struct guest *g, const char *what, unsigned long size)
{
	void *p = alloc_pages((size + PAGE_SIZE - 1) / PAGE_SIZE);

	if (!p)
		pr_err("guest %s: no host memory for its %s (%lu KiB)\n", g->name, what,
		       size / 1024);
	return p;
}

/* A model's context, its view of the guest: the device lock and its slot's PLIC line. */
struct virtio_slot {
	struct guest *g;
	unsigned int irq;
};

static void slot_lock(void *ctx)
{
	struct virtio_slot *s = ctx;

	spin_lock(&s->g->dev_lock);
}

static void slot_unlock(void *ctx)
{
	struct virtio_slot *s = ctx;

	spin_unlock(&s->g->dev_lock);
}

static void slot_set_irq(void *ctx, bool level)
{
	struct virtio_slot *s = ctx;

	guest_set_irq(s->g, s->irq, level);
}

static const struct virtio_host_ops virtio_slot_ops = {
	.lock = slot_lock,
	.unlock = slot_unlock,
	.set_irq = slot_set_irq,
};

#ifdef CONFIG_VDEV_VIRTIO_BLK
struct guest_disk {
	struct virtio_blk blk;
	struct virtio_slot slot;
};

/* The host sectors each guest's disk may write (or read), to keep guests apart. */
struct disk_claim {
	const struct guest *g;
	unsigned int host;
	uint64_t start, count;
	bool read_only;
};

static struct disk_claim disk_claims[GUESTPKG_MAX_GUESTS];
static unsigned int nr_disk_claims;

/* Two windows of one host disk may overlap only if neither guest can write it. */
static const struct disk_claim *disk_conflict(const struct disk_claim *c)
{
	unsigned int i;

	for (i = 0; i < nr_disk_claims; i++) {
		const struct disk_claim *o = &disk_claims[i];

		if (o->host == c->host && c->start < o->start + o->count &&
		    o->start < c->start + c->count && !(o->read_only && c->read_only))
			return o;
	}
	return NULL;
}

/* The window the package asks for, checked against the host disk: 0, or -1 with a message. */
static int disk_window(const struct guest *g, const struct guestpkg_guest *d,
		       const struct blk_dev *host, struct disk_claim *c)
{
	*c = (struct disk_claim){ .g = g,
				  .host = d->disk_host,
				  .start = d->disk_start,
				  .count = d->disk_sectors,
				  .read_only = (d->flags & GUESTPKG_F_DISK_RO) || host->read_only };
	if (c->start >= host->capacity || host->capacity - c->start < c->count) {
		pr_err("guest %s: disk window %llu+%llu sectors lies outside host disk %u "
		       "(%llu sectors)\n",
		       g->name, (unsigned long long)c->start, (unsigned long long)c->count, c->host,
		       (unsigned long long)host->capacity);
		return -1;
	}
	if (!c->count)
		c->count = host->capacity - c->start;
	return 0;
}

static int guest_add_disk(struct guest *g, const struct guestpkg_guest *d, int *err)
{
	struct blk_dev *host = blk_dev_get(d->disk_host);
	const struct disk_claim *other;
	struct guest_disk *disk;
	struct disk_claim c;

	if (!host) {
		pr_err("guest %s: host disk %u not found (QEMU needs -drive ... -device "
		       "virtio-blk-device for it: scripts/run-svpn.sh --disk)\n",
		       g->name, d->disk_host);
		return -1;
	}
	if (disk_window(g, d, host, &c))
		return -1;
	other = disk_conflict(&c);
	if (other) {
		pr_err("guest %s: its disk (sectors %llu+%llu of host disk %u) overlaps guest "
		       "%s's, and one of them may write it\n",
		       g->name, (unsigned long long)c.start, (unsigned long long)c.count, c.host,
		       other->g->name);
		return -1;
	}
	disk = alloc_model(g, "disk", sizeof(*disk));
	if (!disk)
		return -1;
	disk->slot = (struct virtio_slot){ g, VDEV_VIRTIO_MMIO_IRQ(VIRTIO_SLOT_DISK) };
	if (virtio_blk_init(&disk->blk, host, c.start, c.count, c.read_only, g->name, &g->mem,
			    &virtio_slot_ops, &disk->slot))
		return -1;
	disk_claims[nr_disk_claims++] = c;
	vdev_add(g, "virtio-blk", VDEV_VIRTIO_MMIO_ADDR(VIRTIO_SLOT_DISK), VDEV_VIRTIO_MMIO_SIZE,
		 &virtio_mmio_vdev_ops, &disk->blk.vm, err);
	pr_info("guest %s: disk vda: host disk %u sectors %llu+%llu%s\n", g->name, c.host,
		(unsigned long long)c.start, (unsigned long long)c.count,
		c.read_only ? ", read-only" : "");
	return 0;
}
#endif

#ifdef CONFIG_VDEV_VIRTIO_RNG
struct guest_rng {
	struct virtio_rng rng;
	struct virtio_slot slot;
};

/* Without a host entropy source the guest gets no virtio-rng: one that never answers is worse. */
static void guest_add_rng(struct guest *g, int *err)
{
	struct rng_dev *host = rng_dev_get();
	struct guest_rng *r;

	if (!host)
		return;
	r = alloc_model(g, "entropy device", sizeof(*r));
	if (!r) {
		*err = -1;
		return;
	}
	r->slot = (struct virtio_slot){ g, VDEV_VIRTIO_MMIO_IRQ(VIRTIO_SLOT_RNG) };
	if (virtio_rng_init(&r->rng, host, &g->mem, &virtio_slot_ops, &r->slot)) {
		*err = -1;
		return;
	}
	vdev_add(g, "virtio-rng", VDEV_VIRTIO_MMIO_ADDR(VIRTIO_SLOT_RNG), VDEV_VIRTIO_MMIO_SIZE,
		 &virtio_mmio_vdev_ops, &r->rng.vm, err);
}
#endif

int guest_init_virtio(struct guest *g, const struct guestpkg_guest *d)
{
	int err = 0;

#ifdef CONFIG_VDEV_VIRTIO_BLK
	if ((d->flags & GUESTPKG_F_DISK) && guest_add_disk(g, d, &err))
		return -1;
#else
	if (d->flags & GUESTPKG_F_DISK) {
		pr_err("guest %s: asks for a disk; this SVPN has no virtio-blk "
		       "(CONFIG_VDEV_VIRTIO_BLK)\n",
		       g->name);
		return -1;
	}
#endif
#ifdef CONFIG_VDEV_VIRTIO_RNG
	if (!(d->flags & GUESTPKG_F_NO_RNG))
		guest_add_rng(g, &err);
#endif
	return err;
}

#ifdef CONFIG_HOST_VIRTIO
/*
 * /chosen/rng-seed: fresh bytes from the host's entropy source for each
 * guest, so that its kernel's random generator starts seeded (a Debian
 * kernel otherwise waits for entropy). Guests are made on the boot hart
 * before any runs, with interrupts off, so the request's completion is
 * fetched here from the host PLIC, for at most a tenth of a second.
 */
struct seed_request {
	struct rng_request req;
	uint8_t bytes[GUEST_RNG_SEED_BYTES];
	bool done;
	uint32_t filled;
};

/* Static: a request that times out may still complete into it later. */
static struct seed_request seed_request;
static bool seed_unavailable;

static void seed_done(struct rng_request *req, uint32_t filled)
{
	struct seed_request *s = container_of(req, struct seed_request, req);

	s->filled = filled;
	__atomic_store_n(&s->done, true, __ATOMIC_RELEASE);
}

unsigned int guest_rng_seed(const struct guest *g, uint8_t *seed, unsigned int len)
{
	struct rng_dev *host = rng_dev_get();
	struct seed_request *s = &seed_request;
	unsigned long deadline;

	if (!host || seed_unavailable || len > sizeof(s->bytes))
		return 0;
	*s = (struct seed_request){
		.req = { .hpa = __pa(s->bytes), .len = len, .done = seed_done },
	};
	if (host->submit(host, &s->req))
		return 0;
	deadline = csr_read(CSR_TIME) + host_platform.timebase_frequency / 10;
	while (!__atomic_load_n(&s->done, __ATOMIC_ACQUIRE) &&
	       (long)(csr_read(CSR_TIME) - deadline) < 0)
		host_irq_dispatch();
	if (!__atomic_load_n(&s->done, __ATOMIC_ACQUIRE) || s->filled != len) {
		pr_warn("guest %s: the host's entropy source gave no seed in time: no "
			"/chosen/rng-seed for any guest\n",
			g->name);
		seed_unavailable = true;
		return 0;
	}
	memcpy(seed, s->bytes, len);
	return len;
}
#else
unsigned int guest_rng_seed(const struct guest *g, uint8_t *seed, unsigned int len)
{
	return 0;
}
#endif
