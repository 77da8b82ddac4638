/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtual devices and the guest's MMIO bus.
 *
 * A device model sees only offsets into its own register window and access
 * widths in bytes (1, 2, 4, 8): nothing about vCPUs, instructions or
 * address translation, so host unit tests drive models register by register.
 * vmm/mmio.c decodes the guest's trapping load/store and calls these ops.
 */
#ifndef _SVPN_VDEV_H
#define _SVPN_VDEV_H

#include <stdbool.h>
#include <stdint.h>

/* The guest's physical map, as on QEMU virt. */
#define VDEV_SIFIVE_TEST_BASE 0x100000UL
#define VDEV_SIFIVE_TEST_SIZE 0x1000UL
#define VDEV_CLINT_BASE	      0x2000000UL
#define VDEV_CLINT_SIZE	      0x10000UL
#define VDEV_PLIC_BASE	      0xc000000UL
#define VDEV_PLIC_SIZE	      0x600000UL
#define VDEV_PLIC_NDEV	      96 /* riscv,ndev: sources 1..96, as QEMU 7.2 virt says */
#define VDEV_UART_BASE	      0x10000000UL
#define VDEV_UART_SIZE	      0x100UL
#define VDEV_UART_IRQ	      10
#define VDEV_UART_CLOCK	      0x384000 /* 3.6864 MHz, as QEMU says */

/* QEMU virt's eight virtio-mmio transports: slot i at BASE + i * SIZE, IRQ 1 + i. */
#define VDEV_VIRTIO_MMIO_BASE	 0x10001000UL
#define VDEV_VIRTIO_MMIO_SIZE	 0x1000UL
#define VDEV_VIRTIO_MMIO_SLOTS	 8
#define VDEV_VIRTIO_MMIO_IRQ(i)	 (1 + (i))
#define VDEV_VIRTIO_MMIO_ADDR(i) (VDEV_VIRTIO_MMIO_BASE + (uint64_t)(i)*VDEV_VIRTIO_MMIO_SIZE)

struct vdev;

struct vdev_ops {
	/*
	 * Whether the device answers a @width-byte access at @off, given
	 * @off + @width <= size. A real device rejects some widths and backs
	 * only part of its window (QEMU's MemoryRegionOps .valid sizes and
	 * MemoryRegion size), and the hart then raises an access fault: so
	 * must vmm/mmio.c. NULL: every access that fits the window.
	 */
	bool (*access_ok)(const struct vdev *dev, uint64_t off, unsigned int width);
	/*
	 * Called only for accepted accesses (so both may be NULL where
	 * access_ok accepts nothing). Registers not modelled: return 0.
	 */
	uint64_t (*read)(struct vdev *dev, uint64_t off, unsigned int width);
	/* Registers not modelled: ignore the write. */
	void (*write)(struct vdev *dev, uint64_t off, unsigned int width, uint64_t val);
};

struct vdev {
	const char *name;
	uint64_t base, size;
	const struct vdev_ops *ops;
	void *priv;
};

#define VDEV_BUS_MAX 8

struct vdev_bus {
	unsigned int nr;
	struct vdev devs[VDEV_BUS_MAX];
};

/* Returns 0, or -1 if the bus is full or @dev overlaps a device already on it. */
int vdev_bus_add(struct vdev_bus *bus, const struct vdev *dev);
/* The device whose window holds @gpa, or NULL. */
struct vdev *vdev_bus_find(struct vdev_bus *bus, uint64_t gpa);

/*
 * Whether @dev answers a @width-byte access at offset @off (< dev->size) of
 * its window; if not, the access is an access fault. An access that runs
 * past the window's end reaches no device at all.
 */
static inline bool vdev_access_ok(const struct vdev *dev, uint64_t off, unsigned int width)
{
	if (width > dev->size - off)
		return false;
	return !dev->ops->access_ok || dev->ops->access_ok(dev, off, width);
}

#endif /* _SVPN_VDEV_H */
