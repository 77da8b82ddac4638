/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The structures virtio 1.2 lays out in memory that SVPN shares with a
 * driver or device: split virtqueues (2.7) and the virtio-blk request
 * header (5.2.6). Little-endian, read natively (RISC-V and the hosts that
 * run the unit tests are little-endian). The numbers are in include/uapi/hw/.
 */
#ifndef _SVPN_VIRTIO_H
#define _SVPN_VIRTIO_H

#include <hw/virtio.h>
#include <hw/virtio_blk.h>
#include <stdint.h>

struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct virtq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[]; /* then uint16_t used_event (EVENT_IDX) */
};

struct virtq_used_elem {
	uint32_t id;  /* head of the descriptor chain */
	uint32_t len; /* bytes written into device-writable buffers */
};

struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[]; /* then uint16_t avail_event (EVENT_IDX) */
};

/* The device-readable header that starts every request */
struct virtio_blk_outhdr {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};

#endif /* _SVPN_VIRTIO_H */
