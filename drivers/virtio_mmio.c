// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-mmio transport, modern layout (Version 2).
 *
 * Register behaviour follows QEMU 7.2's hw/virtio/virtio-mmio.c (non-legacy)
 * wherever a guest can tell: the region is 0x200 bytes; an aligned access of
 * any width in it is taken (the rest of the 4 KiB window faults); registers
 * answer 32-bit accesses only, other widths reading 0 and writes ignored;
 * 64-bit accesses are two 32-bit ones, low word first; config space takes
 * 8, 16 and 32 bits, past its end reading all-ones and ignoring writes;
 * SHMLenLow/High read ~0 (no shared memory); an empty transport (no device)
 * shows only MagicValue, Version and VendorID. Where QEMU is laxer than the
 * spec, the spec wins:
 *  - FEATURES_OK is accepted only for a subset of the offered features that
 *    includes VIRTIO_F_VERSION_1 (2.2.2, 6.1); otherwise the bit stays clear
 *    and the driver sees so when it reads Status back (3.1.1). The
 *    negotiated features are then fixed until a reset.
 *  - DeviceFeaturesSel and DriverFeaturesSel select words 0 and 1; other
 *    words read as 0, and a bit set in one fails FEATURES_OK.
 *  - A queue is enabled (QueueReady 1) only if its size is a power of two
 *    up to QueueNumMax and its three parts are aligned and in guest RAM;
 *    otherwise QueueReady stays 0 and the device needs a reset, which is
 *    what QEMU does when it later fails to map such a ring.
 *  - DEVICE_NEEDS_RESET is the device's: a driver write neither sets nor
 *    clears it, and FEATURES_OK, once accepted, stays until a reset.
 *  - No queue is processed before DRIVER_OK (3.1.1); setting it processes
 *    what was made available before.
 * Status 0 resets the transport and the device at once, so the driver reads
 * 0 back immediately (Linux's vm_reset() does not wait for it); requests
 * still in flight complete into nothing (see struct virtio_req).
 */
#include <svpn/compiler.h>
#include "virtio_mmio.h"

#define VIRTIO_MMIO_VERSION_MODERN 2

static void update_irq(struct virtio_mmio *vm)
{
	if (vm->host && vm->host->set_irq)
		vm->host->set_irq(vm->ctx, vm->isr != 0);
}

static struct virtq *selected_queue(struct virtio_mmio *vm)
{
	return vm->queue_sel < vm->dev->nr_queues ? &vm->queues[vm->queue_sel] : NULL;
}

bool virtio_mmio_running(const struct virtio_mmio *vm)
{
	uint8_t s = vm->status & (VIRTIO_STATUS_DRIVER_OK | VIRTIO_STATUS_FEATURES_OK |
				  VIRTIO_STATUS_NEEDS_RESET);

	return s == (VIRTIO_STATUS_DRIVER_OK | VIRTIO_STATUS_FEATURES_OK);
}

void virtio_mmio_needs_reset(struct virtio_mmio *vm)
{
	if (vm->status & VIRTIO_STATUS_NEEDS_RESET)
		return;
	vm->status |= VIRTIO_STATUS_NEEDS_RESET;
	/* A configuration change notification once the driver is up (2.1.2), as QEMU's. */
	if (vm->status & VIRTIO_STATUS_DRIVER_OK) {
		vm->isr |= VIRTIO_MMIO_INT_CONFIG;
		vm->config_generation++;
		update_irq(vm);
	}
}

static void notify_ready_queues(struct virtio_mmio *vm)
{
	unsigned int q;

	for (q = 0; q < vm->dev->nr_queues && virtio_mmio_running(vm); q++)
		if (vm->queues[q].ready)
			vm->dev->notify(vm, q);
}

static void virtio_mmio_reset(struct virtio_mmio *vm)
{
	unsigned int q;

	vm->status = 0;
	vm->isr = 0;
	vm->device_features_sel = vm->driver_features_sel = 0;
	vm->driver_features = vm->features = 0;
	vm->driver_features_bad = false;
	vm->queue_sel = 0;
	for (q = 0; q < VIRTIO_MMIO_MAX_QUEUES; q++)
		virtq_reset(&vm->queues[q]);
	if (vm->dev->reset)
		vm->dev->reset(vm);
	update_irq(vm);
}

static bool features_acceptable(const struct virtio_mmio *vm)
{
	return !vm->driver_features_bad && !(vm->driver_features & ~vm->device_features) &&
	       (vm->driver_features & VIRTIO_BIT(VIRTIO_F_VERSION_1));
}

static void write_status(struct virtio_mmio *vm, uint32_t val)
{
	uint8_t old = vm->status, new = val & 0xff;

	if (!new) {
		virtio_mmio_reset(vm);
		return;
	}
	new &= ~VIRTIO_STATUS_NEEDS_RESET;
	new |= old &(VIRTIO_STATUS_NEEDS_RESET | VIRTIO_STATUS_FEATURES_OK);
	if ((new & ~old) & VIRTIO_STATUS_FEATURES_OK) {
		if (features_acceptable(vm))
			vm->features = vm->driver_features;
		else
			new &= ~VIRTIO_STATUS_FEATURES_OK;
	}
	vm->status = new;
	if ((new & ~old) & VIRTIO_STATUS_DRIVER_OK)
		notify_ready_queues(vm);
}

static void write_features(struct virtio_mmio *vm, uint32_t val)
{
	unsigned int sel = vm->driver_features_sel;

	if (vm->status & VIRTIO_STATUS_FEATURES_OK)
		return; /* negotiation is over (QEMU's virtio_set_features() refuses too) */
	if (sel > 1) {
		vm->driver_features_bad |= val != 0;
		return;
	}
	vm->driver_features &= ~((uint64_t)UINT32_MAX << (32 * sel));
	vm->driver_features |= (uint64_t)val << (32 * sel);
}

static void set_half(uint64_t *reg, bool high, uint32_t val)
{
	if (high)
		*reg = (*reg & UINT32_MAX) | (uint64_t)val << 32;
	else
		*reg = (*reg & ~(uint64_t)UINT32_MAX) | val;
}

static void write_queue_ready(struct virtio_mmio *vm, struct virtq *q, uint32_t val)
{
	if (!val) {
		q->ready = false;
		return;
	}
	if (q->ready)
		return;
	if (!virtq_enable(q, vm->ram, vm->dev->queue_max)) {
		virtio_mmio_needs_reset(vm);
		return;
	}
	if (virtio_mmio_running(vm))
		vm->dev->notify(vm, q - vm->queues);
}

static void write_queue_reg(struct virtio_mmio *vm, uint32_t off, uint32_t val)
{
	struct virtq *q = selected_queue(vm);

	if (!q)
		return;
	switch (off) {
	case VIRTIO_MMIO_QUEUE_NUM:
		q->num = val;
		break;
	case VIRTIO_MMIO_QUEUE_READY:
		write_queue_ready(vm, q, val);
		break;
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
		set_half(&q->desc_gpa, off == VIRTIO_MMIO_QUEUE_DESC_HIGH, val);
		break;
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
		set_half(&q->avail_gpa, off == VIRTIO_MMIO_QUEUE_DRIVER_HIGH, val);
		break;
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
	case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
		set_half(&q->used_gpa, off == VIRTIO_MMIO_QUEUE_DEVICE_HIGH, val);
		break;
	}
}

/* The registers whose write only stores the value, or NULL. */
static uint32_t *plain_reg(struct virtio_mmio *vm, uint32_t off)
{
	switch (off) {
	case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
		return &vm->device_features_sel;
	case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
		return &vm->driver_features_sel;
	case VIRTIO_MMIO_QUEUE_SEL:
		return &vm->queue_sel;
	}
	return NULL;
}

static void reg_write(struct virtio_mmio *vm, uint32_t off, uint32_t val)
{
	uint32_t *reg = plain_reg(vm, off);

	if (reg) {
		*reg = val;
		return;
	}
	switch (off) {
	case VIRTIO_MMIO_DRIVER_FEATURES:
		write_features(vm, val);
		break;
	case VIRTIO_MMIO_QUEUE_NOTIFY:
		if (val < vm->dev->nr_queues && vm->queues[val].ready && virtio_mmio_running(vm))
			vm->dev->notify(vm, val);
		break;
	case VIRTIO_MMIO_INTERRUPT_ACK:
		vm->isr &= ~val;
		update_irq(vm);
		break;
	case VIRTIO_MMIO_STATUS:
		write_status(vm, val);
		break;
	default:
		write_queue_reg(vm, off, val);
		break;
	}
}

static uint32_t reg_read(struct virtio_mmio *vm, uint32_t off)
{
	struct virtq *q = selected_queue(vm);
	uint32_t sel = vm->device_features_sel;

	switch (off) {
	case VIRTIO_MMIO_DEVICE_ID:
		return vm->dev->device_id;
	case VIRTIO_MMIO_DEVICE_FEATURES:
		return sel < 2 ? (uint32_t)(vm->device_features >> (32 * sel)) : 0;
	case VIRTIO_MMIO_QUEUE_NUM_MAX:
		return q ? vm->dev->queue_max : 0;
	case VIRTIO_MMIO_QUEUE_READY:
		return q && q->ready;
	case VIRTIO_MMIO_INTERRUPT_STATUS:
		return vm->isr;
	case VIRTIO_MMIO_STATUS:
		return vm->status;
	case VIRTIO_MMIO_CONFIG_GENERATION:
		return vm->config_generation;
	case VIRTIO_MMIO_SHM_LEN_LOW:
	case VIRTIO_MMIO_SHM_LEN_HIGH:
		return UINT32_MAX; /* no shared memory region (Linux's convention, QEMU's answer) */
	default:
		return 0; /* write-only or nothing there */
	}
}

/* What every transport shows, with a device or without. */
static bool ident_read(uint32_t off, uint32_t *val)
{
	switch (off) {
	case VIRTIO_MMIO_MAGIC_VALUE:
		*val = VIRTIO_MMIO_MAGIC;
		return true;
	case VIRTIO_MMIO_VERSION:
		*val = VIRTIO_MMIO_VERSION_MODERN;
		return true;
	case VIRTIO_MMIO_VENDOR_ID:
		*val = VIRTIO_MMIO_VENDOR_QEMU;
		return true;
	}
	return false;
}

/* One access of 1, 2 or 4 bytes (QEMU's virtio_mmio_read()). */
static uint32_t mmio_read(struct virtio_mmio *vm, uint32_t off, unsigned int width)
{
	uint32_t val;

	if (ident_read(off, &val) && (width == 4 || !vm->dev))
		return val;
	if (!vm->dev)
		return 0;
	if (off >= VIRTIO_MMIO_CONFIG) {
		off -= VIRTIO_MMIO_CONFIG;
		if (width > vm->dev->config_len || off > vm->dev->config_len - width)
			return UINT32_MAX;
		return vm->dev->config_read(vm, off, width);
	}
	return width == 4 ? reg_read(vm, off) : 0;
}

static void mmio_write(struct virtio_mmio *vm, uint32_t off, unsigned int width, uint32_t val)
{
	if (!vm->dev)
		return;
	if (off >= VIRTIO_MMIO_CONFIG) {
		off -= VIRTIO_MMIO_CONFIG;
		if (width <= vm->dev->config_len && off <= vm->dev->config_len - width &&
		    vm->dev->config_write)
			vm->dev->config_write(vm, off, width, val);
		return;
	}
	if (width == 4)
		reg_write(vm, off, val);
}

void virtio_mmio_init(struct virtio_mmio *vm, const struct virtio_device_ops *dev, void *dev_priv,
		      uint64_t features, const struct gpa_map *ram,
		      const struct virtio_host_ops *host, void *ctx)
{
	*vm = (struct virtio_mmio){
		.dev = dev,
		.dev_priv = dev_priv,
		.device_features = features | VIRTIO_BIT(VIRTIO_F_VERSION_1),
		.ram = ram,
		.host = host,
		.ctx = ctx,
	};
}

enum virtq_pop virtio_mmio_peek(struct virtio_mmio *vm, unsigned int q, struct virtq_chain *c)
{
	enum virtq_pop r;

	if (!virtio_mmio_running(vm))
		return VIRTQ_EMPTY;
	r = virtq_peek(&vm->queues[q], vm->ram,
		       virtio_mmio_has_feature(vm, VIRTIO_RING_F_INDIRECT_DESC), c);
	if (r == VIRTQ_BROKEN)
		virtio_mmio_needs_reset(vm);
	return r;
}

static bool req_live(const struct virtio_mmio *vm, const struct virtio_req *r)
{
	const struct virtq *q = &vm->queues[r->queue];

	return q->ready && q->gen == r->gen && !(vm->status & VIRTIO_STATUS_NEEDS_RESET);
}

int virtio_mmio_free_req(const struct virtio_req *reqs, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (!reqs[i].busy)
			return i;
	return -1;
}

void virtio_mmio_req_start(struct virtio_mmio *vm, unsigned int q, const struct virtq_chain *c,
			   struct virtio_req *r)
{
	*r = (struct virtio_req){ .queue = q, .head = c->head, .gen = vm->queues[q].gen };
}

bool virtio_mmio_req_answer(struct virtio_mmio *vm, const struct virtio_req *r, int status)
{
	volatile uint8_t *p;

	if (!req_live(vm, r))
		return false;
	if (status != VIRTIO_REQ_NO_STATUS) {
		p = gpa_ram_ptr(vm->ram, r->status_gpa, 1);
		if (p)
			*p = status;
	}
	virtq_push(&vm->queues[r->queue], r->head, r->used_len);
	return true;
}

void virtio_mmio_req_submitted(struct virtio_mmio *vm, struct virtio_req *r)
{
	r->busy = true;
	vm->in_flight++;
}

void virtio_mmio_kick(struct virtio_mmio *vm, unsigned int q)
{
	vm->host->lock(vm->ctx);
	if (vm->dev && q < vm->dev->nr_queues && virtio_mmio_running(vm))
		vm->dev->notify(vm, q);
	vm->host->unlock(vm->ctx);
}

void virtio_mmio_req_done(struct virtio_mmio *vm, struct virtio_req *r, int status)
{
	vm->host->lock(vm->ctx);
	if (r->busy) {
		r->busy = false;
		vm->in_flight--;
		if (virtio_mmio_req_answer(vm, r, status))
			virtio_mmio_notify_used(vm, r->queue);
		if (virtio_mmio_running(vm))
			vm->dev->notify(vm, r->queue);
	}
	vm->host->unlock(vm->ctx);
}

void virtio_mmio_notify_used(struct virtio_mmio *vm, unsigned int q)
{
	if (!virtq_wants_interrupt(&vm->queues[q]))
		return;
	vm->isr |= VIRTIO_MMIO_INT_VRING;
	update_irq(vm);
}

/*
 * QEMU's virtio_mem_ops have no .valid limits: an aligned access of any
 * width is valid in the 0x200-byte region, and wider than 4 bytes it is
 * split into 32-bit accesses (.impl's default).
 */
static bool virtio_mmio_access_ok(const struct vdev *dev, uint64_t off, unsigned int width)
{
	return off < VIRTIO_MMIO_REGION_SIZE && width <= VIRTIO_MMIO_REGION_SIZE - off &&
	       !(off & (width - 1));
}

static uint64_t virtio_mmio_vdev_read(struct vdev *dev, uint64_t off, unsigned int width)
{
	uint64_t mask = width >= 4 ? UINT32_MAX : (1U << (8 * width)) - 1;

	if (width == 8)
		return mmio_read(dev->priv, off, 4) | (uint64_t)mmio_read(dev->priv, off + 4, 4)
							      << 32;
	return mmio_read(dev->priv, off, width) & mask;
}

static void virtio_mmio_vdev_write(struct vdev *dev, uint64_t off, unsigned int width, uint64_t val)
{
	if (width == 8) {
		mmio_write(dev->priv, off, 4, (uint32_t)val);
		mmio_write(dev->priv, off + 4, 4, (uint32_t)(val >> 32));
		return;
	}
	mmio_write(dev->priv, off, width, (uint32_t)val);
}

const struct vdev_ops virtio_mmio_vdev_ops = {
	.access_ok = virtio_mmio_access_ok,
	.read = virtio_mmio_vdev_read,
	.write = virtio_mmio_vdev_write,
};
