/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtio block device numbers (virtio 1.2, 5.2): feature bits, the
 * configuration layout, request types and status values (the request
 * header's layout is in <svpn/virtio.h>).
 */
#ifndef _UAPI_HW_VIRTIO_BLK_H
#define _UAPI_HW_VIRTIO_BLK_H

/* Feature bits */
#define VIRTIO_BLK_F_SIZE_MAX 1
#define VIRTIO_BLK_F_SEG_MAX  2
#define VIRTIO_BLK_F_RO	      5
#define VIRTIO_BLK_F_BLK_SIZE 6
#define VIRTIO_BLK_F_FLUSH    9

/* Configuration layout (offsets in the device configuration space) */
#define VIRTIO_BLK_CFG_CAPACITY	  0  /* le64, 512-byte sectors */
#define VIRTIO_BLK_CFG_SIZE_MAX	  8  /* le32 */
#define VIRTIO_BLK_CFG_SEG_MAX	  12 /* le32 */
#define VIRTIO_BLK_CFG_GEOMETRY	  16 /* le16 cylinders, u8 heads, u8 sectors */
#define VIRTIO_BLK_CFG_BLK_SIZE	  20 /* le32 */
#define VIRTIO_BLK_CFG_TOPOLOGY	  24 /* 8 bytes */
#define VIRTIO_BLK_CFG_WRITEBACK  32 /* u8, then u8 unused */
#define VIRTIO_BLK_CFG_NUM_QUEUES 34 /* le16 */
#define VIRTIO_BLK_CFG_BASE_SIZE  36 /* up to here without DISCARD or later features */

/* Request types */
#define VIRTIO_BLK_T_IN		  0
#define VIRTIO_BLK_T_OUT	  1
#define VIRTIO_BLK_T_FLUSH	  4
#define VIRTIO_BLK_T_GET_ID	  8
#define VIRTIO_BLK_T_DISCARD	  11
#define VIRTIO_BLK_T_WRITE_ZEROES 13

/* The status byte, the last device-writable byte of a request */
#define VIRTIO_BLK_S_OK	    0
#define VIRTIO_BLK_S_IOERR  1
#define VIRTIO_BLK_S_UNSUPP 2

#define VIRTIO_BLK_ID_BYTES 20

#endif /* _UAPI_HW_VIRTIO_BLK_H */
