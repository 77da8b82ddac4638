// SPDX-License-Identifier: GPL-2.0
/*
 * Split virtqueues, driver side (virtio 1.2, 2.7.13 "Supplying Buffers to
 * The Device" and 2.7.14 "Receiving Used Buffers From The Device"). See
 * virtqueue.h; the barriers are where the specification puts them.
 */
#include <asm/barrier.h>
#include <svpn/compiler.h>
#include "virtqueue.h"

static size_t vq_avail_offset(unsigned int num)
{
	return sizeof(struct vring_desc) * num;
}

/* The used ring is 4-byte aligned (2.7: "Alignment requirements"). */
static size_t vq_used_offset(unsigned int num)
{
	return ALIGN_UP(vq_avail_offset(num) + sizeof(struct vring_avail) + 2 * num + 2, 4);
}

size_t vq_ring_size(unsigned int num)
{
	return vq_used_offset(num) + sizeof(struct vring_used) +
	       sizeof(struct vring_used_elem) * num + 2;
}

void vq_init(struct virtqueue *vq, unsigned int num, void *ring)
{
	unsigned int i;

	vq->num = num;
	vq->desc = ring;
	vq->avail = (struct vring_avail *)((char *)ring + vq_avail_offset(num));
	vq->used = (struct vring_used *)((char *)ring + vq_used_offset(num));
	vq->nr_free = num;
	vq->free_head = 0;
	vq->avail_idx = 0;
	vq->last_used = 0;
	for (i = 0; i < num; i++) {
		vq->next[i] = i + 1;
		vq->chain_len[i] = 0;
	}
}

static void vq_fill(struct vring_desc *d, const struct vq_buf *b, bool more, uint16_t next)
{
	d->addr = b->addr;
	d->len = b->len;
	d->flags = (b->device_writes ? VIRTQ_DESC_F_WRITE : 0) | (more ? VIRTQ_DESC_F_NEXT : 0);
	d->next = more ? next : 0;
}

/*
 * Offer the chain at @head: its ring entry first, then (after a barrier,
 * so that the device sees the descriptors and the entry) the new index.
 */
static int vq_publish(struct virtqueue *vq, uint16_t head, unsigned int nr_desc)
{
	vq->chain_len[head] = nr_desc;
	vq->avail->ring[vq->avail_idx & (vq->num - 1)] = head;
	wmb();
	vq->avail_idx++;
	WRITE_ONCE(vq->avail->idx, vq->avail_idx);
	return head;
}

/* Take @n descriptors off the free list: the first, linked through vq->next. */
static uint16_t vq_take(struct virtqueue *vq, unsigned int n)
{
	uint16_t head = vq->free_head, d = head;
	unsigned int i;

	for (i = 0; i < n; i++)
		d = vq->next[d];
	vq->free_head = d;
	vq->nr_free -= n;
	return head;
}

int vq_next_head(const struct virtqueue *vq, unsigned int n)
{
	return n && n <= vq->nr_free ? vq->free_head : -1;
}

int vq_add_chain(struct virtqueue *vq, const struct vq_buf *bufs, unsigned int n)
{
	uint16_t head, d;
	unsigned int i;

	if (vq_next_head(vq, n) < 0)
		return -1;
	head = vq_take(vq, n);
	for (i = 0, d = head; i < n; i++, d = vq->next[d])
		vq_fill(&vq->desc[d], &bufs[i], i + 1 < n, vq->next[d]);
	return vq_publish(vq, head, n);
}

int vq_add_indirect(struct virtqueue *vq, struct vring_desc *table, uint64_t table_addr,
		    const struct vq_buf *bufs, unsigned int n)
{
	struct vq_buf ind = { table_addr, n * sizeof(*table), false };
	uint16_t head;
	unsigned int i;

	if (n == 0 || vq_next_head(vq, 1) < 0)
		return -1;
	for (i = 0; i < n; i++)
		vq_fill(&table[i], &bufs[i], i + 1 < n, i + 1);
	head = vq_take(vq, 1);
	vq_fill(&vq->desc[head], &ind, false, 0);
	vq->desc[head].flags = VIRTQ_DESC_F_INDIRECT;
	return vq_publish(vq, head, 1);
}

/* The index is written before the device's flags are read (2.7.13, step 6). */
bool vq_kick_needed(const struct virtqueue *vq)
{
	mb();
	return !(READ_ONCE(vq->used->flags) & VIRTQ_USED_F_NO_NOTIFY);
}

int vq_get_used(struct virtqueue *vq, uint32_t *len)
{
	uint16_t used_idx = READ_ONCE(vq->used->idx);
	const struct vring_used_elem *e;
	uint32_t id;

	if (used_idx == vq->last_used)
		return VQ_EMPTY;
	if ((uint16_t)(used_idx - vq->last_used) > vq->num)
		return VQ_BROKEN;
	/* The entry is read only after the index that announced it. */
	rmb();
	e = &vq->used->ring[vq->last_used & (vq->num - 1)];
	id = READ_ONCE(e->id);
	*len = READ_ONCE(e->len);
	vq->last_used++;
	if (id >= vq->num || !vq->chain_len[id] || (vq->chain_len[id] & VQ_RETURNED))
		return VQ_BROKEN;
	vq->chain_len[id] |= VQ_RETURNED;
	return id;
}

void vq_free(struct virtqueue *vq, unsigned int head)
{
	unsigned int n = vq->chain_len[head] & ~VQ_RETURNED, i;
	uint16_t tail = head;

	for (i = 1; i < n; i++)
		tail = vq->next[tail];
	vq->chain_len[head] = 0;
	vq->next[tail] = vq->free_head;
	vq->free_head = head;
	vq->nr_free += n;
}
