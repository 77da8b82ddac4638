// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-entropy device model (virtio 1.2, 5.4): one request queue of
 * device-writable buffers, each filled asynchronously by the host's entropy
 * source straight into guest RAM.
 *
 * A chain's first writable buffer is filled, up to VIRTIO_RNG_REQUEST_MAX
 * bytes (the device may use less than the whole buffer, 5.4.6.2), and the
 * used length is what the backend says it filled. Readable buffers, which
 * the driver must not queue, are ignored, as QEMU does; a chain with no
 * writable buffer is returned at once with nothing written. A broken chain
 * puts the device in DEVICE_NEEDS_RESET (virtq_peek()).
 */
#include <svpn/compiler.h>
#include "virtio_rng.h"

/* Take requests from the ring while there are slots and the backend has room (lock held). */
static void rng_process(struct virtio_mmio *vm, unsigned int q)
{
	struct virtio_rng *r = vm->dev_priv;
	struct virtq_chain c = { .max = ARRAY_SIZE(r->bufs), .bufs = r->bufs };
	bool pushed = false;
	int slot;

	while ((slot = virtio_mmio_free_req(r->reqs, VIRTIO_RNG_SLOTS)) >= 0 &&
	       virtio_mmio_peek(&r->vm, 0, &c) == VIRTQ_CHAIN) {
		struct rng_request *req = &r->backend_reqs[slot];
		const struct virtq_buf *buf = &c.bufs[c.nr_out];

		virtio_mmio_req_start(&r->vm, 0, &c, &r->reqs[slot]);
		if (!c.nr_in) {
			pushed |= virtio_mmio_req_answer(&r->vm, &r->reqs[slot],
							 VIRTIO_REQ_NO_STATUS);
		} else {
			req->hpa = gpa_to_hpa(r->vm.ram, buf->gpa);
			req->len = buf->len < VIRTIO_RNG_REQUEST_MAX ? buf->len :
								       VIRTIO_RNG_REQUEST_MAX;
			if (r->backend->submit(r->backend, req))
				break; /* no room: it stays in the ring until a completion */
			virtio_mmio_req_submitted(&r->vm, &r->reqs[slot]);
		}
		virtio_mmio_consume(&r->vm, 0);
	}
	if (pushed)
		virtio_mmio_notify_used(&r->vm, 0);
}

/* The backend's completion: any hart, no lock held. */
static void rng_done(struct rng_request *req, uint32_t filled)
{
	struct virtio_rng *r = req->ctx;
	struct virtio_req *vr = &r->reqs[req - r->backend_reqs];

	/* The slot is the backend's until the call below: nobody else writes it. */
	vr->used_len = filled < req->len ? filled : req->len;
	virtio_mmio_req_done(&r->vm, vr, VIRTIO_REQ_NO_STATUS);
}

static const struct virtio_device_ops virtio_rng_ops = {
	.device_id = VIRTIO_ID_ENTROPY,
	.nr_queues = 1,
	.queue_max = VIRTIO_RNG_QUEUE_SIZE,
	.notify = rng_process,
};

int virtio_rng_init(struct virtio_rng *r, struct rng_dev *backend, const struct gpa_map *ram,
		    const struct virtio_host_ops *host, void *ctx)
{
	unsigned int i;

	if (!backend)
		return -1;
	*r = (struct virtio_rng){ .backend = backend };
	for (i = 0; i < VIRTIO_RNG_SLOTS; i++) {
		r->backend_reqs[i].done = rng_done;
		r->backend_reqs[i].ctx = r;
	}
	virtio_mmio_init(&r->vm, &virtio_rng_ops, r, 0, ram, host, ctx);
	return 0;
}
