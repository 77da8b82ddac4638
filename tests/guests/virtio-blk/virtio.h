/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtio 1.2 numbers this guest drives a disk with, by the spec's names:
 * the virtio-mmio registers of transport version 2 (4.2.2), the device status
 * bits (2.1), the feature bits it looks at (6, 5.2.3), the split virtqueue
 * (2.7) and the virtio-blk request (5.2.6). Written from the spec, not from
 * SVPN's device model, which this guest tests; all fields are little-endian,
 * as the guest is.
 */
#ifndef GUEST_VIRTIO_H
#define GUEST_VIRTIO_H

#include <hw/virtio.h>
#include <hw/virtio_mmio.h>
#include <hw/virtio_blk.h>
#include "guest.h"

/* QEMU virt: 8 transports of 0x1000 bytes from 0x10001000, PLIC sources 1..8 */
#define VIRTIO_MMIO_BASE(i) (0x10001000UL + 0x1000UL * (i))
#define VIRTIO_MMIO_IRQ(i)  (1 + (i))
#define VIRTIO_MMIO_SLOTS   8

/* Feature bit numbers */

/* Split virtqueue */

struct virtq_desc {
	u64 addr;
	u32 len;
	u16 flags;
	u16 next;
};

struct virtq_avail {
	u16 flags;
	u16 idx;
	u16 ring[]; /* then used_event, unused without VIRTIO_F_EVENT_IDX */
};

struct virtq_used_elem {
	u32 id;
	u32 len;
};

struct virtq_used {
	u16 flags;
	u16 idx;
	struct virtq_used_elem ring[];
};

/* virtio-blk: configuration (capacity in 512-byte sectors) and requests */
#define VIRTIO_BLK_SECTOR 512

struct virtio_blk_outhdr {
	u32 type;
	u32 reserved;
	u64 sector;
};

#endif
