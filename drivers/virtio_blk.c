// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-blk device model (virtio 1.2, 5.2) over a window of a host block
 * device.
 *
 * A request is a chain of any layout (VIRTIO_F_VERSION_1 implies
 * ANY_LAYOUT): its first 16 readable bytes are the header, its last
 * writable byte the status, and the bytes between are the data: after the
 * header for OUT, before the status for IN and GET_ID. The header is copied
 * into SVPN memory before it is looked at, the data is cut into segments of
 * checked guest RAM that go to the backend as host-physical ranges (guest
 * RAM is contiguous: no copy), and the status byte is written here from the
 * backend's answer. Nothing is read again from guest memory after the
 * checks, so a second vCPU rewriting a descriptor or header meanwhile
 * changes nothing.
 *
 * What the driver gets wrong, and what it gets:
 *  - the chain itself (see virtq_peek()), no 16-byte header, or no writable
 *    byte for the status: DEVICE_NEEDS_RESET, since there is no status byte
 *    to answer in (QEMU's virtio_error() for the same cases);
 *  - for IN and OUT: data not a multiple of 512 bytes, sectors past the
 *    window (sector + len / 512 > count, computed without overflow), a write
 *    to a read-only disk, more than seg_max segments or more buffers than
 *    seg_max + 2, a segment over size_max: VIRTIO_BLK_S_IOERR, and the
 *    backend is not called;
 *  - another type (DISCARD, WRITE_ZEROES, ... are not offered):
 *    VIRTIO_BLK_S_UNSUPP.
 * Readable data after the header of an IN or GET_ID, or writable data before
 * the status of an OUT or FLUSH, is ignored, as QEMU does; the used length
 * is every writable byte of the chain, as QEMU reports it.
 */
#include <svpn/compiler.h>
#include "virtio_blk.h"

#define VIRTIO_BLK_FEATURES                                                            \
	(VIRTIO_BIT(VIRTIO_RING_F_INDIRECT_DESC) | VIRTIO_BIT(VIRTIO_BLK_F_SIZE_MAX) | \
	 VIRTIO_BIT(VIRTIO_BLK_F_SEG_MAX) | VIRTIO_BIT(VIRTIO_BLK_F_BLK_SIZE) |        \
	 VIRTIO_BIT(VIRTIO_BLK_F_FLUSH))

/* What blk_prepare() decided: a status to answer at once, or one of these. */
enum {
	PREP_SUBMIT = 0x100, /* to the backend */
	PREP_BROKEN,	     /* no status byte to answer in: the device needs a reset */
};

static void put_le(uint8_t *p, uint64_t v, unsigned int bytes)
{
	while (bytes--) {
		*p++ = v & 0xff;
		v >>= 8;
	}
}

static uint32_t virtio_blk_config_read(struct virtio_mmio *vm, uint32_t off, unsigned int width)
{
	const struct virtio_blk *b = vm->dev_priv;
	uint32_t v = 0;

	__builtin_memcpy(&v, b->config + off, width);
	return v;
}

static int prepare_rw(struct virtio_blk *b, const struct virtq_chain *c,
		      const struct virtio_blk_outhdr *h, struct blk_request *req)
{
	bool out = h->type == VIRTIO_BLK_T_OUT;
	uint32_t len = out ? c->out_len - sizeof(*h) : c->in_len - 1;
	uint64_t sectors = len >> BLK_SECTOR_SHIFT;
	struct virtq_buf segs[VIRTIO_BLK_SEG_MAX];
	int i, n;

	if (len % BLK_SECTOR_SIZE || (out && b->read_only))
		return VIRTIO_BLK_S_IOERR;
	if (h->sector > b->count || sectors > b->count - h->sector)
		return VIRTIO_BLK_S_IOERR;
	if (!len)
		return VIRTIO_BLK_S_OK;
	n = virtq_chain_slice(c, !out, out ? sizeof(*h) : 0, len, segs, ARRAY_SIZE(segs));
	if (n < 0)
		return VIRTIO_BLK_S_IOERR;
	for (i = 0; i < n; i++) {
		if (segs[i].len > VIRTIO_BLK_SIZE_MAX)
			return VIRTIO_BLK_S_IOERR;
		req->segs[i] = (struct blk_seg){ gpa_to_hpa(b->vm.ram, segs[i].gpa), segs[i].len };
	}
	req->op = out ? BLK_OP_WRITE : BLK_OP_READ;
	req->sector = b->start + h->sector;
	req->nr_segs = n;
	return PREP_SUBMIT;
}

/* Read the request in chain @c into slot @slot. */
static int blk_prepare(struct virtio_blk *b, const struct virtq_chain *c, unsigned int slot)
{
	struct virtio_req *r = &b->reqs[slot];
	struct blk_request *req = &b->backend_reqs[slot];
	struct virtio_blk_outhdr h;
	uint32_t id_len;

	if (c->out_len < sizeof(h) || !c->in_len ||
	    !virtq_chain_read(c, b->vm.ram, 0, &h, sizeof(h)))
		return PREP_BROKEN;
	virtio_mmio_req_start(&b->vm, 0, c, r);
	r->used_len = c->in_len;
	r->status_gpa = c->last_in.gpa + c->last_in.len - 1;
	if (c->truncated)
		return VIRTIO_BLK_S_IOERR;
	switch (h.type) {
	case VIRTIO_BLK_T_IN:
	case VIRTIO_BLK_T_OUT:
		return prepare_rw(b, c, &h, req);
	case VIRTIO_BLK_T_FLUSH:
		if (b->read_only)
			return VIRTIO_BLK_S_OK; /* nothing of ours to make stable */
		req->op = BLK_OP_FLUSH;
		req->sector = 0;
		req->nr_segs = 0;
		return PREP_SUBMIT;
	case VIRTIO_BLK_T_GET_ID:
		/* As much of the id as fits before the status byte (QEMU: the same). */
		id_len = c->in_len - 1 < sizeof(b->id) ? c->in_len - 1 : sizeof(b->id);
		return virtq_chain_write(c, b->vm.ram, 0, b->id, id_len) ? VIRTIO_BLK_S_OK :
									   VIRTIO_BLK_S_IOERR;
	default:
		return VIRTIO_BLK_S_UNSUPP;
	}
}

/* Take requests from the ring while there are slots and the backend has room (lock held). */
static void blk_process(struct virtio_mmio *vm, unsigned int q)
{
	struct virtio_blk *b = vm->dev_priv;
	struct virtq_chain c = { .max = ARRAY_SIZE(b->bufs), .bufs = b->bufs };
	bool pushed = false;
	int slot, r;

	while ((slot = virtio_mmio_free_req(b->reqs, VIRTIO_BLK_SLOTS)) >= 0 &&
	       virtio_mmio_peek(&b->vm, 0, &c) == VIRTQ_CHAIN) {
		r = blk_prepare(b, &c, slot);
		if (r == PREP_BROKEN) {
			virtio_mmio_needs_reset(&b->vm);
			break;
		}
		if (r == PREP_SUBMIT) {
			if (b->backend->submit(b->backend, &b->backend_reqs[slot]))
				break; /* no room: it stays in the ring until a completion */
			virtio_mmio_req_submitted(&b->vm, &b->reqs[slot]);
		} else {
			pushed |= virtio_mmio_req_answer(&b->vm, &b->reqs[slot], r);
		}
		virtio_mmio_consume(&b->vm, 0);
	}
	if (pushed)
		virtio_mmio_notify_used(&b->vm, 0);
}

/* The backend's answers, as the guest reads them (anything else is an I/O error). */
static const uint8_t virtio_status[] = {
	[BLK_STATUS_OK] = VIRTIO_BLK_S_OK,
	[BLK_STATUS_IOERR] = VIRTIO_BLK_S_IOERR,
	[BLK_STATUS_UNSUPP] = VIRTIO_BLK_S_UNSUPP,
};

/* The backend's completion: any hart, no lock held. */
static void blk_done(struct blk_request *req, enum blk_status status)
{
	struct virtio_blk *b = req->ctx;
	unsigned int slot = req - b->backend_reqs;
	uint8_t st = (unsigned int)status < ARRAY_SIZE(virtio_status) ? virtio_status[status] :
									VIRTIO_BLK_S_IOERR;

	virtio_mmio_req_done(&b->vm, &b->reqs[slot], st);
}

static const struct virtio_device_ops virtio_blk_ops = {
	.device_id = VIRTIO_ID_BLOCK,
	.nr_queues = 1,
	.queue_max = VIRTIO_BLK_QUEUE_SIZE,
	.config_len = VIRTIO_BLK_CFG_BASE_SIZE,
	.config_read = virtio_blk_config_read,
	.notify = blk_process,
};

int virtio_blk_init(struct virtio_blk *b, struct blk_dev *backend, uint64_t start, uint64_t count,
		    bool read_only, const char *id, const struct gpa_map *ram,
		    const struct virtio_host_ops *host, void *ctx)
{
	uint64_t features = VIRTIO_BLK_FEATURES;
	unsigned int i;

	if (!backend || start > backend->capacity || count > backend->capacity - start)
		return -1;
	*b = (struct virtio_blk){
		.backend = backend,
		.start = start,
		.count = count,
		.read_only = read_only || backend->read_only,
	};
	for (i = 0; id && id[i] && i < sizeof(b->id); i++)
		b->id[i] = id[i];
	for (i = 0; i < VIRTIO_BLK_SLOTS; i++) {
		b->backend_reqs[i].done = blk_done;
		b->backend_reqs[i].ctx = b;
	}
	put_le(b->config + VIRTIO_BLK_CFG_CAPACITY, count, 8);
	put_le(b->config + VIRTIO_BLK_CFG_SIZE_MAX, VIRTIO_BLK_SIZE_MAX, 4);
	put_le(b->config + VIRTIO_BLK_CFG_SEG_MAX, VIRTIO_BLK_SEG_MAX, 4);
	put_le(b->config + VIRTIO_BLK_CFG_BLK_SIZE, BLK_SECTOR_SIZE, 4);
	if (b->read_only)
		features |= VIRTIO_BIT(VIRTIO_BLK_F_RO);
	virtio_mmio_init(&b->vm, &virtio_blk_ops, b, features, ram, host, ctx);
	return 0;
}
