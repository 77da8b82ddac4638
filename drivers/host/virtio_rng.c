// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-rng (virtio 1.2, 5.4) on the host, as <svpn/blkdev.h> offers it:
 * one request is one device-writable buffer, filled with as many bytes of
 * entropy as the used ring says. A request of zero bytes still goes to the
 * device, as one byte into its slot, so that its done() (filled 0) comes
 * from the interrupt like every other's.
 */
#include <asm/page.h>
#include <svpn/blkdev.h>
#include <svpn/mm.h>
#include <svpn/printk.h>
#include "virtio_mmio.h"

struct vrng_slot {
	struct rng_request *req; /* NULL: free */
	uint8_t scratch;	 /* a zero-byte request's buffer */
};

struct vrng {
	struct rng_dev dev;
	struct virtio_mmio_dev *vd;
	struct vrng_slot *slots; /* per head */
};

static struct vrng *host_rng;

struct rng_dev *rng_dev_get(void)
{
	return host_rng ? &host_rng->dev : NULL;
}

static void vrng_bind(struct virtio_mmio_dev *vd, unsigned int head, struct vq_buf *bufs, void *arg)
{
	struct vrng *r = vd->priv;
	struct vrng_slot *s = &r->slots[head];

	s->req = arg;
	if (!s->req->len)
		bufs[0] = (struct vq_buf){ virtio_dma_addr(&s->scratch), 1, true };
}

static int vrng_submit(struct rng_dev *dev, struct rng_request *req)
{
	struct vrng *r = dev->priv;
	struct vq_buf buf = { req->hpa, req->len, true };

	return virtio_submit(r->vd, &buf, 1, vrng_bind, req);
}

static bool vrng_next_done(struct virtio_mmio_dev *vd, struct virtio_done *done)
{
	struct vrng *r = vd->priv;
	struct vrng_slot *s;
	uint32_t len;
	unsigned int i;
	int head;

	head = vd->broken ? -1 : virtio_get_used(vd, &len);
	if (head >= 0) {
		s = &r->slots[head];
		/* Never more than the buffer holds, whatever the device says. */
		*done = (struct virtio_done){ s->req, len < s->req->len ? len : s->req->len };
		s->req = NULL;
		vq_free(&vd->vq, head);
		return true;
	}
	for (i = 0; vd->broken && i < vd->vq.num; i++) {
		s = &r->slots[i];
		if (s->req) {
			*done = (struct virtio_done){ s->req, 0 };
			s->req = NULL;
			return true;
		}
	}
	return false;
}

static void vrng_complete(const struct virtio_done *done)
{
	struct rng_request *req = done->req;

	req->done(req, done->val);
}

static int vrng_probe(struct virtio_mmio_dev *vd)
{
	unsigned long bytes = sizeof(struct vrng_slot) * vd->vq.num;
	struct vrng *r;

	if (host_rng) {
		pr_info("host entropy source at %#llx: SVPN uses the first one only\n",
			(unsigned long long)vd->pa);
		return -1;
	}
	r = alloc_pages(1);
	if (r)
		r->slots = alloc_pages((bytes + PAGE_SIZE - 1) / PAGE_SIZE);
	if (!r || !r->slots) {
		if (r)
			free_pages(r, 1);
		pr_err("host entropy source: no memory for its request slots\n");
		return -1;
	}
	r->vd = vd;
	r->dev = (struct rng_dev){ .submit = vrng_submit, .priv = r };
	vd->priv = r;
	host_rng = r;
	pr_info("host entropy source: virtio-rng at %#llx\n", (unsigned long long)vd->pa);
	return 0;
}

const struct virtio_driver virtio_rng_driver = {
	.name = "entropy source",
	.device_id = VIRTIO_ID_ENTROPY,
	.config_size = 0,
	.max_desc = 1,
	.probe = vrng_probe,
	.next_done = vrng_next_done,
	.complete = vrng_complete,
};
