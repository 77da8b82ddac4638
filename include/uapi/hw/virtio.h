/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtio 1.2 numbers common to every device and transport: device status
 * bits (2.1), reserved feature bits (6), device IDs (5) and the split
 * virtqueue layout (2.7). All fields are little-endian (VIRTIO_F_VERSION_1).
 * Shared by SVPN's guest device models (drivers/virtio_*.c) and its host
 * drivers (drivers/host/); the structures are in <svpn/virtio.h>.
 */
#ifndef _UAPI_HW_VIRTIO_H
#define _UAPI_HW_VIRTIO_H

/* Device status (2.1) */
#define VIRTIO_STATUS_ACKNOWLEDGE 0x01
#define VIRTIO_STATUS_DRIVER	  0x02
#define VIRTIO_STATUS_DRIVER_OK	  0x04
#define VIRTIO_STATUS_FEATURES_OK 0x08
#define VIRTIO_STATUS_NEEDS_RESET 0x40
#define VIRTIO_STATUS_FAILED	  0x80

/* Feature bits (bit numbers) the transport and ring own (6) */
#define VIRTIO_RING_F_INDIRECT_DESC 28
#define VIRTIO_RING_F_EVENT_IDX	    29
#define VIRTIO_F_VERSION_1	    32
#define VIRTIO_BIT(f)		    (1ULL << (f))

/* Device IDs (5) */
#define VIRTIO_ID_BLOCK	  2
#define VIRTIO_ID_ENTROPY 4

/* Split virtqueues (2.7) */
#define VIRTQ_DESC_F_NEXT	   1
#define VIRTQ_DESC_F_WRITE	   2 /* device-writable */
#define VIRTQ_DESC_F_INDIRECT	   4
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1
#define VIRTQ_USED_F_NO_NOTIFY	   1

/* Alignments the driver must keep (2.7, table "Virtqueue Part Alignment") */
#define VIRTQ_DESC_ALIGN  16
#define VIRTQ_AVAIL_ALIGN 2
#define VIRTQ_USED_ALIGN  4

/* Bytes of each part for a queue of @num entries, the event fields included. */
#define VIRTQ_DESC_BYTES(num)  (16ULL * (num))
#define VIRTQ_AVAIL_BYTES(num) (6ULL + 2ULL * (num))
#define VIRTQ_USED_BYTES(num)  (6ULL + 8ULL * (num))

#endif /* _UAPI_HW_VIRTIO_H */
