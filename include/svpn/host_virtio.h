/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SVPN's drivers for the host's virtio-mmio devices (drivers/host/): the
 * boot hart probes them once, with the page allocator up and before any
 * guest exists. What they offer is in <svpn/blkdev.h>.
 */
#ifndef _SVPN_HOST_VIRTIO_H
#define _SVPN_HOST_VIRTIO_H

#ifdef CONFIG_HOST_VIRTIO
void host_virtio_probe(void);
#else
static inline void host_virtio_probe(void)
{
}
#endif

#endif /* _SVPN_HOST_VIRTIO_H */
