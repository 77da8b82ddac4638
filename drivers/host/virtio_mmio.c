// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-mmio, modern interface (virtio 1.2, 4.2.2 and 4.2.3): probing the
 * transports the host device tree lists, device initialisation (3.1.1),
 * one split virtqueue per device, submission and completion.
 *
 * Requests complete by interrupt only: the boot hart takes every host
 * device interrupt (drivers/host/plic.c), reads InterruptStatus, ACKs it
 * and hands the device's finished requests to their done(), one at a time,
 * each copied out under the device's lock and delivered after it (so done()
 * may take its caller's locks and submit again). Submission runs on any
 * hart under the same lock. Only probing polls (for the reset).
 */
#include <hw/virtio_mmio.h>
#include <asm/barrier.h>
#include <asm/io.h>
#include <asm/memory.h>
#include <asm/page.h>
#include <svpn/host_irq.h>
#include <svpn/host_virtio.h>
#include <svpn/mm.h>
#include <svpn/printk.h>
#include <svpn/setup.h>
#include "virtio_mmio.h"

/* Registers (4.2.2, table "MMIO Device Register Layout") */
#define VIRTIO_MMIO_QUEUE_DESC_LOW   0x080 /* low word, high word at + 4 */
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW 0x090
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW 0x0a0

/* Device status (2.1) */

/* A reset completes at once on QEMU; a device that never reads 0 is given up. */
#define VIRTIO_RESET_POLLS 1000000

static const struct virtio_driver *const virtio_drivers[] = {
	&virtio_blk_driver,
	&virtio_rng_driver,
};

static struct virtio_mmio_dev virtio_devs[PLATFORM_MAX_VIRTIO];

static uint32_t vm_read(const struct virtio_mmio_dev *vd, unsigned int off)
{
	return readl(vd->base + off);
}

static void vm_write(const struct virtio_mmio_dev *vd, unsigned int off, uint32_t val)
{
	writel(val, vd->base + off);
}

static void vm_write64(const struct virtio_mmio_dev *vd, unsigned int off, uint64_t val)
{
	vm_write(vd, off, (uint32_t)val);
	vm_write(vd, off + 4, (uint32_t)(val >> 32));
}

static void vm_set_status(const struct virtio_mmio_dev *vd, uint32_t bits)
{
	vm_write(vd, VIRTIO_MMIO_STATUS, vm_read(vd, VIRTIO_MMIO_STATUS) | bits);
}

bool virtio_has_feature(const struct virtio_mmio_dev *vd, unsigned int bit)
{
	return vd->features & (1ULL << bit);
}

uint32_t virtio_cread32(const struct virtio_mmio_dev *vd, unsigned int off)
{
	return vm_read(vd, VIRTIO_MMIO_CONFIG + off);
}

/*
 * 4.2.2.2: 32-bit reads only, retried while the generation changes under
 * them (a bounded number of times: a device that never settles is read as is).
 */
#define VIRTIO_CONFIG_RETRIES 100

uint64_t virtio_cread64(const struct virtio_mmio_dev *vd, unsigned int off)
{
	unsigned int tries = 0;
	uint32_t gen, lo, hi;

	do {
		gen = vm_read(vd, VIRTIO_MMIO_CONFIG_GENERATION);
		lo = virtio_cread32(vd, off);
		hi = virtio_cread32(vd, off + 4);
	} while (vm_read(vd, VIRTIO_MMIO_CONFIG_GENERATION) != gen &&
		 ++tries < VIRTIO_CONFIG_RETRIES);
	return (uint64_t)hi << 32 | lo;
}

uint64_t virtio_dma_addr(const void *p)
{
	return __pa(p);
}

static void virtio_mark_broken(struct virtio_mmio_dev *vd, const char *why)
{
	if (vd->broken)
		return;
	vd->broken = true;
	pr_err("host virtio %s at %#llx: %s: its requests fail from now on\n", vd->drv->name,
	       (unsigned long long)vd->pa, why);
}

int virtio_get_used(struct virtio_mmio_dev *vd, uint32_t *len)
{
	int head = vq_get_used(&vd->vq, len);

	if (head == VQ_BROKEN)
		virtio_mark_broken(vd, "the device returned a request that is not in flight");
	return head < 0 ? -1 : head;
}

int virtio_submit(struct virtio_mmio_dev *vd, struct vq_buf *bufs, unsigned int n,
		  void (*bind)(struct virtio_mmio_dev *vd, unsigned int head, struct vq_buf *bufs,
			       void *arg),
		  void *arg)
{
	bool indirect = vd->tables && n > 1;
	int head;

	spin_lock(&vd->lock);
	head = vd->broken ? -1 : vq_next_head(&vd->vq, indirect ? 1 : n);
	if (head >= 0) {
		bind(vd, head, bufs, arg);
		if (indirect) {
			struct vring_desc *table = vd->tables + head * vd->drv->max_desc;

			vq_add_indirect(&vd->vq, table, virtio_dma_addr(table), bufs, n);
		} else {
			vq_add_chain(&vd->vq, bufs, n);
		}
	}
	spin_unlock(&vd->lock);
	if (head < 0)
		return -1;
	/* 2.7.13: the new index is visible before the device is told (vq_kick_needed's fence). */
	if (vq_kick_needed(&vd->vq))
		vm_write(vd, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	return 0;
}

/* Hand finished requests to their done() one by one, the lock released before each. */
static void virtio_deliver(struct virtio_mmio_dev *vd)
{
	struct virtio_done done;
	bool more;

	for (;;) {
		spin_lock(&vd->lock);
		more = vd->drv->next_done(vd, &done);
		spin_unlock(&vd->lock);
		if (!more)
			return;
		vd->drv->complete(&done);
	}
}

/* The PLIC source is level-triggered: ACKing InterruptStatus lowers it before completion. */
static void virtio_mmio_irq(void *ctx)
{
	struct virtio_mmio_dev *vd = ctx;
	uint32_t status = vm_read(vd, VIRTIO_MMIO_INTERRUPT_STATUS);

	vm_write(vd, VIRTIO_MMIO_INTERRUPT_ACK, status);
	if (!vd->live) /* it failed its probe after its interrupt was registered */
		return;
	if ((status & VIRTIO_MMIO_INT_CONFIG) &&
	    (vm_read(vd, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET)) {
		spin_lock(&vd->lock);
		virtio_mark_broken(vd, "the device needs a reset");
		spin_unlock(&vd->lock);
	}
	virtio_deliver(vd);
}

static unsigned int ring_pages(unsigned int num)
{
	return (vq_ring_size(num) + PAGE_SIZE - 1) / PAGE_SIZE;
}

static unsigned int table_pages(const struct virtio_mmio_dev *vd)
{
	return (sizeof(struct vring_desc) * vd->drv->max_desc * vd->vq.num + PAGE_SIZE - 1) /
	       PAGE_SIZE;
}

/* Write 0 to Status and wait (bounded) until it reads 0: the device forgets its queue. */
static bool virtio_reset(const struct virtio_mmio_dev *vd)
{
	unsigned int polls = 0;

	vm_write(vd, VIRTIO_MMIO_STATUS, 0);
	while (vm_read(vd, VIRTIO_MMIO_STATUS))
		if (++polls == VIRTIO_RESET_POLLS)
			return false;
	return true;
}

/* Reset first, so that the device holds no pointer into the pages given back. */
static void virtio_free_queue(struct virtio_mmio_dev *vd)
{
	if (!virtio_reset(vd))
		return; /* keep them: the device may still write there */
	if (vd->tables)
		free_pages(vd->tables, table_pages(vd));
	free_pages(vd->vq.desc, ring_pages(vd->vq.num));
	vd->tables = NULL;
}

/* Queue 0 (4.2.3.2): min(QueueNumMax, VQ_MAX_SIZE) entries, rounded down to a power of two. */
static const char *virtio_setup_queue(struct virtio_mmio_dev *vd)
{
	unsigned int max, num = VQ_MAX_SIZE;
	void *ring;

	vm_write(vd, VIRTIO_MMIO_QUEUE_SEL, 0);
	if (vm_read(vd, VIRTIO_MMIO_QUEUE_READY))
		return "queue 0 is already live after a reset";
	max = vm_read(vd, VIRTIO_MMIO_QUEUE_NUM_MAX);
	if (!max)
		return "it has no queue 0";
	while (num > max)
		num >>= 1;
	ring = alloc_pages(ring_pages(num));
	if (!ring)
		return "no memory for its virtqueue";
	vq_init(&vd->vq, num, ring);
	if (virtio_has_feature(vd, VIRTIO_RING_F_INDIRECT_DESC) && vd->drv->max_desc > 1) {
		vd->tables = alloc_pages(table_pages(vd));
		if (!vd->tables) {
			free_pages(ring, ring_pages(num));
			return "no memory for its indirect descriptor tables";
		}
	}
	vm_write(vd, VIRTIO_MMIO_QUEUE_NUM, num);
	vm_write64(vd, VIRTIO_MMIO_QUEUE_DESC_LOW, virtio_dma_addr(vd->vq.desc));
	vm_write64(vd, VIRTIO_MMIO_QUEUE_DRIVER_LOW, virtio_dma_addr(vd->vq.avail));
	vm_write64(vd, VIRTIO_MMIO_QUEUE_DEVICE_LOW, virtio_dma_addr(vd->vq.used));
	vm_write(vd, VIRTIO_MMIO_QUEUE_READY, 1);
	return NULL;
}

static uint64_t virtio_read_features(const struct virtio_mmio_dev *vd)
{
	uint64_t hi;

	vm_write(vd, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	hi = vm_read(vd, VIRTIO_MMIO_DEVICE_FEATURES);
	vm_write(vd, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	return hi << 32 | vm_read(vd, VIRTIO_MMIO_DEVICE_FEATURES);
}

/* 3.1.1: reset, ACKNOWLEDGE, DRIVER, features, FEATURES_OK, queue, driver setup. */
static const char *virtio_init_device(struct virtio_mmio_dev *vd)
{
	uint64_t wanted = 1ULL << VIRTIO_F_VERSION_1 | 1ULL << VIRTIO_RING_F_INDIRECT_DESC |
			  vd->drv->features;
	const char *why;

	if (!virtio_reset(vd))
		return "it does not finish its reset";
	vm_set_status(vd, VIRTIO_STATUS_ACKNOWLEDGE);
	vm_set_status(vd, VIRTIO_STATUS_DRIVER);
	vd->features = virtio_read_features(vd) & wanted;
	if (!virtio_has_feature(vd, VIRTIO_F_VERSION_1))
		return "it does not offer VIRTIO_F_VERSION_1";
	vm_write(vd, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	vm_write(vd, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(vd->features >> 32));
	vm_write(vd, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	vm_write(vd, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)vd->features);
	vm_set_status(vd, VIRTIO_STATUS_FEATURES_OK);
	if (!(vm_read(vd, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK))
		return "it does not accept the features SVPN chose";
	why = virtio_setup_queue(vd);
	if (why)
		return why;
	if (host_irq_register(vd->irq, virtio_mmio_irq, vd))
		why = "its interrupt cannot be taken";
	else if (vd->drv->probe(vd))
		why = "its driver gave up";
	if (why) {
		virtio_free_queue(vd);
		return why;
	}
	vd->live = true;
	vm_set_status(vd, VIRTIO_STATUS_DRIVER_OK);
	return NULL;
}

static const struct virtio_driver *virtio_find_driver(uint32_t id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(virtio_drivers); i++)
		if (virtio_drivers[i]->device_id == id)
			return virtio_drivers[i];
	return NULL;
}

/* One transport, and the device behind it if SVPN drives it. */
static void virtio_mmio_probe(const struct platform_virtio *pv, struct virtio_mmio_dev *vd)
{
	unsigned long long pa = pv->reg.base;
	uint32_t magic, version, id;
	const char *why;

	if (!pa_in_linear_map(pv->reg.base, pv->reg.size)) {
		pr_err("host virtio-mmio at %#llx: outside SVPN's linear map: not used\n", pa);
		return;
	}
	*vd = (struct virtio_mmio_dev){ .base = (unsigned long)__va(pv->reg.base),
					.pa = pv->reg.base,
					.size = pv->reg.size,
					.irq = pv->irq,
					.lock = SPINLOCK_INIT };
	magic = vm_read(vd, VIRTIO_MMIO_MAGIC_VALUE);
	if (magic != VIRTIO_MMIO_MAGIC) {
		pr_err("host virtio-mmio at %#llx: magic %#x, not \"virt\": not used\n", pa, magic);
		return;
	}
	id = vm_read(vd, VIRTIO_MMIO_DEVICE_ID);
	if (!id) /* an empty transport: QEMU virt has eight, most of them unused */
		return;
	vd->drv = virtio_find_driver(id);
	if (!vd->drv) {
		pr_info("host virtio device %u at %#llx: SVPN has no driver for it: left alone\n",
			id, pa);
		return;
	}
	version = vm_read(vd, VIRTIO_MMIO_VERSION);
	if (version == 1) {
		pr_err("host virtio %s at %#llx: legacy virtio-mmio (version 1), which SVPN does "
		       "not drive: start QEMU with -global virtio-mmio.force-legacy=false\n",
		       vd->drv->name, pa);
		return;
	}
	if (version != 2)
		why = "its virtio-mmio version is not 2";
	else if (!vd->irq)
		why = "the device tree gives it no host PLIC interrupt";
	else if (vd->size < VIRTIO_MMIO_CONFIG + vd->drv->config_size)
		why = "its 'reg' is too small for its configuration";
	else
		why = virtio_init_device(vd);
	if (why) {
		vm_set_status(vd, VIRTIO_STATUS_FAILED);
		pr_err("host virtio %s at %#llx: %s: not used\n", vd->drv->name, pa, why);
	}
}

void host_virtio_probe(void)
{
	const struct platform *p = &host_platform;
	unsigned int i;

	if (p->nr_virtio_skipped)
		pr_warn("host device tree: %u virtio,mmio node(s) without a usable 'reg' (or more "
			"than %d): skipped\n",
			p->nr_virtio_skipped, PLATFORM_MAX_VIRTIO);
	/* One state per transport: a registered interrupt keeps pointing at its own. */
	for (i = 0; i < p->nr_virtio; i++)
		virtio_mmio_probe(&p->virtio[i], &virtio_devs[i]);
}
