// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's MMIO bus: a handful of devices, looked up by guest-physical
 * address. A linear scan: the bus holds at most VDEV_BUS_MAX devices and
 * each lookup already costs a trap.
 */
#include <stddef.h>
#include <svpn/vdev.h>

static bool vdev_overlaps(const struct vdev *a, const struct vdev *b)
{
	return a->base < b->base + b->size && b->base < a->base + a->size;
}

int vdev_bus_add(struct vdev_bus *bus, const struct vdev *dev)
{
	unsigned int i;

	if (bus->nr >= VDEV_BUS_MAX || !dev->size || dev->base + dev->size < dev->base)
		return -1;
	for (i = 0; i < bus->nr; i++)
		if (vdev_overlaps(&bus->devs[i], dev))
			return -1;
	bus->devs[bus->nr++] = *dev;
	return 0;
}

struct vdev *vdev_bus_find(struct vdev_bus *bus, uint64_t gpa)
{
	unsigned int i;

	for (i = 0; i < bus->nr; i++)
		if (gpa - bus->devs[i].base < bus->devs[i].size)
			return &bus->devs[i];
	return NULL;
}
