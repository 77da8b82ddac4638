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

#include "guest.h"

/* QEMU virt: 8 transports of 0x1000 bytes from 0x10001000, PLIC sources 1..8 */
#define VIRTIO_MMIO_BASE(i) (0x10001000UL + 0x1000UL * (i))
#define VIRTIO_MMIO_IRQ(i)  (1 + (i))
#define VIRTIO_MMIO_SLOTS   8

#define VIRTIO_MMIO_MAGIC_VALUE		0x000
#define VIRTIO_MMIO_VERSION		0x004
#define VIRTIO_MMIO_DEVICE_ID		0x008
#define VIRTIO_MMIO_DEVICE_FEATURES	0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES	0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_QUEUE_SEL		0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX	0x034
#define VIRTIO_MMIO_QUEUE_NUM		0x038
#define VIRTIO_MMIO_QUEUE_READY		0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY	0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS	0x060
#define VIRTIO_MMIO_INTERRUPT_ACK	0x064
#define VIRTIO_MMIO_STATUS		0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW	0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH	0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW	0x090
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH	0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW	0x0a0
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH	0x0a4
#define VIRTIO_MMIO_CONFIG_GENERATION	0x0fc
#define VIRTIO_MMIO_CONFIG		0x100

#define VIRTIO_MMIO_MAGIC     0x74726976 /* "virt" */
#define VIRTIO_MMIO_INT_VRING 0x1	 /* InterruptStatus: used buffer notification */
#define VIRTIO_ID_BLOCK	      2

#define VIRTIO_STATUS_ACKNOWLEDGE 0x01
#define VIRTIO_STATUS_DRIVER	  0x02
#define VIRTIO_STATUS_DRIVER_OK	  0x04
#define VIRTIO_STATUS_FEATURES_OK 0x08
#define VIRTIO_STATUS_NEEDS_RESET 0x40
#define VIRTIO_STATUS_FAILED	  0x80

/* Feature bit numbers */
#define VIRTIO_BLK_F_RO		    5
#define VIRTIO_BLK_F_FLUSH	    9
#define VIRTIO_RING_F_INDIRECT_DESC 28
#define VIRTIO_F_VERSION_1	    32
#define VIRTIO_BIT(f)		    (1UL << (f))

/* Split virtqueue */
#define VIRTQ_DESC_F_NEXT	   1
#define VIRTQ_DESC_F_WRITE	   2 /* device-writable */
#define VIRTQ_DESC_F_INDIRECT	   4
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1

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
#define VIRTIO_BLK_CFG_CAPACITY 0
#define VIRTIO_BLK_SECTOR	512
#define VIRTIO_BLK_ID_BYTES	20

#define VIRTIO_BLK_T_IN	    0
#define VIRTIO_BLK_T_OUT    1
#define VIRTIO_BLK_T_FLUSH  4
#define VIRTIO_BLK_T_GET_ID 8

#define VIRTIO_BLK_S_OK	    0
#define VIRTIO_BLK_S_IOERR  1
#define VIRTIO_BLK_S_UNSUPP 2

struct virtio_blk_outhdr {
	u32 type;
	u32 reserved;
	u64 sector;
};

#endif
