// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzing the guest's MMIO bus as vmm/mmio.c uses it (drivers/vdev_bus.c)
 * with every device model on it at QEMU virt's addresses: the UART, PLIC,
 * CLINT and sifive,test0. The input is 14-byte steps
 *   op     bits 0..1: device (its base is added), bit 2: write,
 *          bits 3..4: log2 of the width, bit 5: add a device instead
 *   off    4 bytes, the offset from that base (beyond the window too)
 *   value  8 bytes
 *   extra  1 byte: the size of an added device, in pages
 * An access goes through vdev_access_ok() first, as vmm/mmio.c does; one it
 * refuses is the guest's access fault and never reaches the device. Reads
 * are cut to their width as vmm/mmio.c does (mmio_extend()).
 * Checks: a lookup finds the one device whose window holds the address
 * (or none), an added device never overlaps or wraps, each device accepts
 * exactly the accesses QEMU's does (expect_accepted(), written out apart
 * from the drivers), and the finisher acts only on its documented writes.
 */
#include "../../drivers/clint.h"
#include "../../drivers/plic.h"
#include "../../drivers/sifive_test.h"
#include "../../drivers/uart16550.h"
#include <svpn/mmio.h>
#include "fuzz.h"

#define FAKE_TIME 0x1122334455667788ULL

struct machine {
	struct vdev_bus bus;
	struct uart16550 uart;
	struct plic plic;
	struct clint clint;
	struct sifive_test test;
	int exits, reboots, exit_code;
};

static uint64_t get_time(void *ctx)
{
	return FAKE_TIME;
}

static void on_exit(void *ctx, int code)
{
	struct machine *m = ctx;

	m->exits++;
	m->exit_code = code;
}

static void on_reboot(void *ctx)
{
	((struct machine *)ctx)->reboots++;
}

static void machine_init(struct machine *m)
{
	const struct vdev devs[] = {
		{ "uart", VDEV_UART_BASE, VDEV_UART_SIZE, &uart16550_vdev_ops, &m->uart },
		{ "plic", VDEV_PLIC_BASE, VDEV_PLIC_SIZE, &plic_vdev_ops, &m->plic },
		{ "clint", VDEV_CLINT_BASE, VDEV_CLINT_SIZE, &clint_vdev_ops, &m->clint },
		{ "test", VDEV_SIFIVE_TEST_BASE, VDEV_SIFIVE_TEST_SIZE, &sifive_test_vdev_ops,
		  &m->test },
	};
	unsigned int i;

	uart16550_init(&m->uart, NULL, NULL, NULL);
	plic_init(&m->plic, 1, NULL, NULL);
	clint_init(&m->clint, get_time, m);
	sifive_test_init(&m->test, on_exit, on_reboot, m);
	for (i = 0; i < sizeof(devs) / sizeof(devs[0]); i++)
		FUZZ_CHECK(vdev_bus_add(&m->bus, &devs[i]) == 0);
}

/* The bus's answer, checked against a scan of every window. */
static struct vdev *find(struct machine *m, uint64_t gpa)
{
	struct vdev *dev = vdev_bus_find(&m->bus, gpa);
	unsigned int i, holders = 0;

	for (i = 0; i < m->bus.nr; i++)
		holders += gpa >= m->bus.devs[i].base &&
			   gpa - m->bus.devs[i].base < m->bus.devs[i].size;
	FUZZ_CHECK(holders <= 1 && !!dev == holders);
	FUZZ_CHECK(!dev || (gpa >= dev->base && gpa - dev->base < dev->size));
	return dev;
}

static void try_add(struct machine *m, uint64_t base, uint64_t size)
{
	static const struct vdev_ops none = { 0 };
	const struct vdev dev = { "extra", base, size, &none, NULL };
	unsigned int nr = m->bus.nr, i;
	bool clash = nr == VDEV_BUS_MAX || !size || base + size < base;

	for (i = 0; i < nr; i++)
		clash |= base < m->bus.devs[i].base + m->bus.devs[i].size &&
			 m->bus.devs[i].base < base + size;
	FUZZ_CHECK((vdev_bus_add(&m->bus, &dev) == 0) == !clash);
	FUZZ_CHECK(m->bus.nr == nr + !clash);
}

/*
 * QEMU 7.2 virt under OpenSBI, as tests/guests/mmio-widths shows it: the
 * UART backs its first 8 bytes at any width, the PLIC takes aligned words,
 * sifive,test0 aligned 16/32-bit accesses, and PMP closes the CLINT.
 */
static bool expect_accepted(const struct vdev *dev, uint64_t off, unsigned int width)
{
	if (width > dev->size - off)
		return false;
	if (dev->ops == &uart16550_vdev_ops)
		return off + width <= 8;
	if (dev->ops == &plic_vdev_ops)
		return width == 4 && off % 4 == 0;
	if (dev->ops == &sifive_test_vdev_ops)
		return (width == 2 || width == 4) && off % width == 0;
	if (dev->ops == &clint_vdev_ops)
		return false;
	return true; /* an added device without access_ok */
}

static void check_access(struct machine *m, const struct vdev *dev, uint64_t off,
			 unsigned int width, bool write, uint64_t val, uint64_t got)
{
	if (dev->ops == &sifive_test_vdev_ops)
		FUZZ_CHECK(write || got == 0);
}

static void access(struct machine *m, uint8_t op, uint32_t off, uint64_t val)
{
	static const uint64_t bases[4] = { VDEV_UART_BASE, VDEV_PLIC_BASE, VDEV_CLINT_BASE,
					   VDEV_SIFIVE_TEST_BASE };
	unsigned int width = 1u << ((op >> 3) & 3);
	uint64_t gpa = bases[op & 3] + off, got = 0, dev_off;
	int exits = m->exits, reboots = m->reboots;
	struct vdev *dev = find(m, gpa);

	if (!dev)
		return;
	dev_off = gpa - dev->base;
	/* vmm/mmio.c: a refused access is an access fault and never reaches the device. */
	FUZZ_CHECK(vdev_access_ok(dev, dev_off, width) == expect_accepted(dev, dev_off, width));
	if (!vdev_access_ok(dev, dev_off, width) || !dev->ops->read)
		return;
	if (op & 4)
		dev->ops->write(dev, dev_off, width, val);
	else
		got = mmio_extend(dev->ops->read(dev, dev_off, width), width, false);
	check_access(m, dev, dev_off, width, op & 4, val, got);
	/* Only a 16/32-bit pass, fail or reset write at offset 0 ends the machine. */
	if (m->exits != exits || m->reboots != reboots) {
		FUZZ_CHECK(dev->ops == &sifive_test_vdev_ops && (op & 4) && dev_off == 0);
		FUZZ_CHECK(width == 2 || width == 4);
		FUZZ_CHECK(m->exits + m->reboots == exits + reboots + 1);
	}
	if (m->exits != exits)
		FUZZ_CHECK(((val & 0xffff) == SIFIVE_TEST_PASS && m->exit_code == 0) ||
			   ((val & 0xffff) == SIFIVE_TEST_FAIL &&
			    m->exit_code == (int)((val >> 16) & 0xffff)));
	if (m->reboots != reboots)
		FUZZ_CHECK((val & 0xffff) == SIFIVE_TEST_RESET);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	struct machine m = { 0 };

	machine_init(&m);
	while (!fuzz_empty(&in)) {
		uint8_t op = fuzz_u8(&in);
		uint32_t off = fuzz_u32(&in);
		uint64_t val = fuzz_u64(&in);
		uint8_t pages = fuzz_u8(&in);

		if (op & 0x20)
			try_add(&m, (uint64_t)off << 12 | (val >> 52),
				(uint64_t)pages << 12 | (val & 0xfff));
		else
			access(&m, op, off, val);
	}
	return 0;
}
