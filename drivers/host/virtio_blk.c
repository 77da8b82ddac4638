// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-blk (virtio 1.2, 5.2) on the host, as <svpn/blkdev.h> offers it
 * to the guest device models.
 *
 * One request is a header (type, sector), its data buffers (host-physical
 * ranges of guest RAM the caller checked) and a status byte. Header and
 * status live in SVPN's memory, in the slot of the head descriptor the
 * request takes; with VIRTIO_RING_F_INDIRECT_DESC a request takes one ring
 * descriptor (its table is the slot's), else a chain of them.
 *
 * Some requests SVPN answers itself: one the device cannot take (too many
 * buffers after splitting at size_max, a write to a read-only disk, an
 * unknown operation) and a flush on a disk without VIRTIO_BLK_F_FLUSH. Such
 * a request still goes down to the device, as a GET_ID into its slot, so
 * that its done() comes from the device's interrupt like every other's:
 * submit() never completes anything itself.
 */
#include <hw/virtio_blk.h>
#include <asm/page.h>
#include <svpn/blkdev.h>
#include <svpn/mm.h>
#include <svpn/platform.h>
#include <svpn/printk.h>
#include "virtio_mmio.h"

/* struct virtio_blk_config */
#define VIRTIO_BLK_CFG_SIZE 24

/* Header, data, status: the most buffers of one request. */
#define VBLK_MAX_DESC  (BLK_MAX_SEGS + 2)
#define VBLK_MAX_DISKS PLATFORM_MAX_VIRTIO

struct virtio_blk_req_hdr {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};

/* What the device reads and writes of a request besides its data: SVPN's memory. */
struct vblk_dma {
	struct virtio_blk_req_hdr hdr;
	uint8_t status;
	uint8_t id[BLK_ID_BYTES]; /* a request SVPN answers: the device writes here */
};

enum vblk_kind {
	VBLK_DEVICE,   /* the device's status byte is the answer */
	VBLK_ANSWERED, /* SVPN answers with slot->answer */
	VBLK_FLUSH,    /* emulated flush: done once the writes before it are */
};

struct vblk_slot {
	struct blk_request *req; /* NULL: free */
	enum vblk_kind kind;
	enum blk_status answer;
	uint64_t write_seq; /* a write: its number; a flush: the last write it covers */
	bool waiting;	    /* a flush in b->waiting */
};

struct vblk {
	struct blk_dev dev;
	char name[8];
	struct virtio_mmio_dev *vd;
	struct vblk_dma *dma;	 /* per head */
	struct vblk_slot *slots; /* per head */
	uint32_t seg_max;	 /* data buffers per request the device takes */
	uint32_t size_max;	 /* bytes per buffer; 0: no limit */
	uint32_t blk_size;
	uint64_t write_seq; /* writes submitted, under the lock */
	/* Heads of emulated flushes the device returned before the writes they cover: FIFO. */
	uint16_t waiting[VQ_MAX_SIZE];
	unsigned int wait_first, nr_waiting;
};

static struct vblk *disks[VBLK_MAX_DISKS];
static unsigned int nr_disks;

struct blk_dev *blk_dev_get(unsigned int index)
{
	return index < nr_disks ? &disks[index]->dev : NULL;
}

/* ---- submission ---------------------------------------------------------- */

/* What submit() decided for a request, for vblk_bind() under the lock. */
struct vblk_plan {
	struct blk_request *req;
	enum vblk_kind kind;
	enum blk_status answer;
	uint32_t type;
	unsigned int n; /* buffers: header, data, status */
};

/*
 * The request's data buffers, each split at size_max, into @bufs: how many,
 * or 0 when there are none or more than the device takes.
 */
static unsigned int vblk_data_bufs(const struct vblk *b, const struct blk_request *req,
				   struct vq_buf *bufs, bool device_writes)
{
	unsigned int i, n = 0;

	if (req->nr_segs == 0 || req->nr_segs > BLK_MAX_SEGS)
		return 0;
	for (i = 0; i < req->nr_segs; i++) {
		uint64_t addr = req->segs[i].hpa;
		uint32_t left = req->segs[i].len;

		if (!left)
			return 0;
		while (left) {
			uint32_t len = b->size_max && left > b->size_max ? b->size_max : left;

			if (n == b->seg_max)
				return 0;
			bufs[n++] = (struct vq_buf){ addr, len, device_writes };
			addr += len;
			left -= len;
		}
	}
	return n;
}

/* Under the lock, with the head the request takes: its slot, header and status. */
static void vblk_bind(struct virtio_mmio_dev *vd, unsigned int head, struct vq_buf *bufs, void *arg)
{
	struct vblk *b = vd->priv;
	const struct vblk_plan *plan = arg;
	struct vblk_slot *s = &b->slots[head];
	struct vblk_dma *dma = &b->dma[head];
	bool rw = plan->type == VIRTIO_BLK_T_IN || plan->type == VIRTIO_BLK_T_OUT;

	*s = (struct vblk_slot){ plan->req, plan->kind, plan->answer, 0, false };
	if (plan->kind == VBLK_DEVICE && plan->type == VIRTIO_BLK_T_OUT)
		s->write_seq = ++b->write_seq;
	else if (plan->kind == VBLK_FLUSH)
		s->write_seq = b->write_seq;
	/* 5.2.6.1: the sector of a flush (or of a GET_ID) is 0. */
	dma->hdr = (struct virtio_blk_req_hdr){ plan->type, 0, rw ? plan->req->sector : 0 };
	dma->status = 0xff; /* a device that writes no status leaves an error */
	bufs[0] = (struct vq_buf){ virtio_dma_addr(&dma->hdr), sizeof(dma->hdr), false };
	if (plan->kind != VBLK_DEVICE)
		bufs[1] = (struct vq_buf){ virtio_dma_addr(dma->id), sizeof(dma->id), true };
	bufs[plan->n - 1] = (struct vq_buf){ virtio_dma_addr(&dma->status), 1, true };
}

static int vblk_submit(struct blk_dev *dev, struct blk_request *req)
{
	struct vblk *b = dev->priv;
	struct vq_buf bufs[VBLK_MAX_DESC];
	struct vblk_plan plan = { req, VBLK_DEVICE, BLK_STATUS_OK, VIRTIO_BLK_T_IN, 0 };
	unsigned int data = 0;

	switch (req->op) {
	case BLK_OP_READ:
	case BLK_OP_WRITE:
		plan.type = req->op == BLK_OP_READ ? VIRTIO_BLK_T_IN : VIRTIO_BLK_T_OUT;
		data = vblk_data_bufs(b, req, bufs + 1, req->op == BLK_OP_READ);
		if (!data || (req->op == BLK_OP_WRITE && dev->read_only))
			plan.kind = VBLK_ANSWERED, plan.answer = BLK_STATUS_IOERR;
		break;
	case BLK_OP_FLUSH:
		/*
		 * Without VIRTIO_BLK_F_FLUSH the device has no volatile write
		 * cache (virtio 1.2, 5.2.5: it is write-through), so a write it
		 * has completed is on stable storage: SVPN completes the flush
		 * once every write submitted before it has completed.
		 */
		plan.type = VIRTIO_BLK_T_FLUSH;
		if (!virtio_has_feature(b->vd, VIRTIO_BLK_F_FLUSH))
			plan.kind = VBLK_FLUSH;
		break;
	case BLK_OP_GET_ID:
		plan.type = VIRTIO_BLK_T_GET_ID;
		data = vblk_data_bufs(b, req, bufs + 1, true);
		if (!data)
			plan.kind = VBLK_ANSWERED, plan.answer = BLK_STATUS_IOERR;
		break;
	default:
		plan.kind = VBLK_ANSWERED, plan.answer = BLK_STATUS_UNSUPP;
		break;
	}
	if (plan.kind != VBLK_DEVICE) {
		/* Answered by SVPN: a GET_ID into the slot carries it to the interrupt. */
		plan.type = VIRTIO_BLK_T_GET_ID;
		data = 1;
	}
	plan.n = data + 2;
	return virtio_submit(b->vd, bufs, plan.n, vblk_bind, &plan);
}

/* ---- completion ---------------------------------------------------------- */

static enum blk_status vblk_status(uint8_t status)
{
	if (status == VIRTIO_BLK_S_OK)
		return BLK_STATUS_OK;
	return status == VIRTIO_BLK_S_UNSUPP ? BLK_STATUS_UNSUPP : BLK_STATUS_IOERR;
}

/* The oldest write still in flight (its number), or UINT64_MAX. */
static uint64_t vblk_oldest_write(const struct vblk *b)
{
	uint64_t oldest = UINT64_MAX;
	unsigned int i;

	for (i = 0; i < b->vd->vq.num; i++) {
		const struct vblk_slot *s = &b->slots[i];

		if (s->req && s->kind == VBLK_DEVICE && s->write_seq && s->write_seq < oldest)
			oldest = s->write_seq;
	}
	return oldest;
}

/*
 * The first waiting flush, once no write it covers is in flight (or the
 * device is broken). It kept its head, given back now.
 */
static bool vblk_flush_ready(struct vblk *b, struct virtio_done *done)
{
	unsigned int head;
	struct vblk_slot *s;

	if (!b->nr_waiting)
		return false;
	head = b->waiting[b->wait_first];
	s = &b->slots[head];
	if (!b->vd->broken && vblk_oldest_write(b) <= s->write_seq)
		return false;
	b->wait_first = (b->wait_first + 1) % VQ_MAX_SIZE;
	b->nr_waiting--;
	*done = (struct virtio_done){ s->req, b->vd->broken ? BLK_STATUS_IOERR : BLK_STATUS_OK };
	s->req = NULL;
	vq_free(&b->vd->vq, head);
	return true;
}

/* A broken device: every request it holds fails (waiting flushes last). */
static bool vblk_fail_one(struct vblk *b, struct virtio_done *done)
{
	unsigned int i;

	for (i = 0; i < b->vd->vq.num; i++) {
		struct vblk_slot *s = &b->slots[i];

		if (s->req && !s->waiting) {
			*done = (struct virtio_done){ s->req, BLK_STATUS_IOERR };
			s->req = NULL;
			return true;
		}
	}
	return vblk_flush_ready(b, done);
}

static bool vblk_next_done(struct virtio_mmio_dev *vd, struct virtio_done *done)
{
	struct vblk *b = vd->priv;
	struct vblk_slot *s;
	uint32_t len;
	int head;

	for (;;) {
		if (vd->broken)
			return vblk_fail_one(b, done);
		if (vblk_flush_ready(b, done))
			return true;
		head = virtio_get_used(vd, &len);
		if (head < 0)
			return vd->broken && vblk_fail_one(b, done);
		s = &b->slots[head];
		if (s->kind == VBLK_FLUSH && vblk_oldest_write(b) <= s->write_seq) {
			/* Writes it covers are still out: it waits, keeping its head. */
			s->waiting = true;
			b->waiting[(b->wait_first + b->nr_waiting++) % VQ_MAX_SIZE] = head;
			continue;
		}
		*done = (struct virtio_done){ s->req, s->kind == VBLK_DEVICE ?
							      vblk_status(b->dma[head].status) :
							      s->answer };
		s->req = NULL;
		vq_free(&vd->vq, head);
		return true;
	}
}

static void vblk_complete(const struct virtio_done *done)
{
	struct blk_request *req = done->req;

	req->done(req, done->val);
}

/* ---- probe --------------------------------------------------------------- */

static unsigned long pages(unsigned long bytes)
{
	return (bytes + PAGE_SIZE - 1) / PAGE_SIZE;
}

static void *vblk_alloc(unsigned long bytes)
{
	return alloc_pages(pages(bytes));
}

static void vblk_free(struct vblk *b, unsigned int num)
{
	if (b->dma)
		free_pages(b->dma, pages(sizeof(*b->dma) * num));
	if (b->slots)
		free_pages(b->slots, pages(sizeof(*b->slots) * num));
	free_pages(b, pages(sizeof(*b)));
}

static int vblk_probe(struct virtio_mmio_dev *vd)
{
	unsigned int num = vd->vq.num, ring_desc;
	struct vblk *b;

	if (nr_disks == VBLK_MAX_DISKS)
		return -1;
	b = vblk_alloc(sizeof(*b));
	if (b) {
		b->dma = vblk_alloc(sizeof(*b->dma) * num);
		b->slots = vblk_alloc(sizeof(*b->slots) * num);
	}
	if (!b || !b->dma || !b->slots) {
		pr_err("host disk: no memory for its %u request slots\n", num);
		if (b)
			vblk_free(b, num);
		return -1;
	}
	b->vd = vd;
	vd->priv = b;
	/* A chain (or an indirect table) is no longer than the queue, nor than a slot's table. */
	ring_desc = num < VBLK_MAX_DESC ? num : VBLK_MAX_DESC;
	b->seg_max = ring_desc - 2;
	if (virtio_has_feature(vd, VIRTIO_BLK_F_SEG_MAX)) {
		uint32_t seg_max = virtio_cread32(vd, VIRTIO_BLK_CFG_SEG_MAX);

		if (seg_max && seg_max < b->seg_max)
			b->seg_max = seg_max;
	}
	if (virtio_has_feature(vd, VIRTIO_BLK_F_SIZE_MAX))
		b->size_max = virtio_cread32(vd, VIRTIO_BLK_CFG_SIZE_MAX);
	b->blk_size = virtio_has_feature(vd, VIRTIO_BLK_F_BLK_SIZE) ?
			      virtio_cread32(vd, VIRTIO_BLK_CFG_BLK_SIZE) :
			      BLK_SECTOR_SIZE;
	b->name[0] = 'v';
	b->name[1] = 'd';
	b->name[2] = 'a' + nr_disks;
	b->dev = (struct blk_dev){
		.name = b->name,
		.capacity = virtio_cread64(vd, VIRTIO_BLK_CFG_CAPACITY),
		.read_only = virtio_has_feature(vd, VIRTIO_BLK_F_RO),
		.submit = vblk_submit,
		.priv = b,
	};
	pr_info("host disk %s: %llu sectors (%llu MiB)%s\n", b->name,
		(unsigned long long)b->dev.capacity,
		(unsigned long long)(b->dev.capacity >> (20 - BLK_SECTOR_SHIFT)),
		b->dev.read_only ? ", read-only" : "");
	pr_debug("host disk %s: block size %u, %u data buffers per request, at most %u bytes "
		 "each, %s descriptors, %s\n",
		 b->name, b->blk_size, b->seg_max, b->size_max, vd->tables ? "indirect" : "direct",
		 virtio_has_feature(vd, VIRTIO_BLK_F_FLUSH) ? "flush" : "write-through");
	if (b->seg_max < BLK_MAX_SEGS)
		pr_warn("host disk %s: takes %u data buffers per request: a request with more "
			"fails\n",
			b->name, b->seg_max);
	disks[nr_disks++] = b;
	return 0;
}

const struct virtio_driver virtio_blk_driver = {
	.name = "block device",
	.device_id = VIRTIO_ID_BLOCK,
	.features = 1ULL << VIRTIO_BLK_F_SIZE_MAX | 1ULL << VIRTIO_BLK_F_SEG_MAX |
		    1ULL << VIRTIO_BLK_F_RO | 1ULL << VIRTIO_BLK_F_BLK_SIZE |
		    1ULL << VIRTIO_BLK_F_FLUSH,
	.config_size = VIRTIO_BLK_CFG_SIZE,
	.max_desc = VBLK_MAX_DESC,
	.probe = vblk_probe,
	.next_done = vblk_next_done,
	.complete = vblk_complete,
};
