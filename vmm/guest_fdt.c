// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's device tree, written with libfdt's sequential-write API when
 * the guest is created: a machine shaped like QEMU virt, listing only what
 * the guest really gets. Every libfdt error is reported by name.
 *
 * Devices are described from the guest's MMIO bus (vmm/mmio.c), so a model
 * configured out is absent from both. Their nodes, names and phandle wiring
 * follow what QEMU 7.2 generates for virt.
 */
#include <hw/sifive_test.h>
#include <libfdt.h>
#include <stdio.h>
#include <svpn/guest.h>
#include <svpn/printk.h>
#include <svpn/setup.h>
#include <svpn/vcpu.h>
#include <svpn/vdev.h>
#include "guest_isa.h"
#include "vcpu_internal.h"

#define CPU_INTC_PHANDLE_BASE 1
#define PLIC_PHANDLE	      (CPU_INTC_PHANDLE_BASE + GUEST_MAX_VCPUS)
#define TEST_PHANDLE	      (PLIC_PHANDLE + 1)

/* Interrupt numbers in a cpu-intc's domain (the mip bits). */
#define INTC_M_SOFT  3
#define INTC_M_TIMER 7
#define INTC_S_EXT   9
#define INTC_NONE    0xffffffff /* a context wired to nothing */

#define UART_PATH "/soc/serial@10000000"

struct fdt_writer {
	void *fdt;
	int err;
	const char *what; /* the step that failed */
};

/* Each step is skipped once one has failed; the first failure is reported. */
#define FDT_DO(w, call)                            \
	do {                                       \
		if (!(w)->err) {                   \
			(w)->err = (call);         \
			if ((w)->err)              \
				(w)->what = #call; \
		}                                  \
	} while (0)

static void fdt_u64_pair(struct fdt_writer *w, const char *name, uint64_t a, uint64_t b)
{
	fdt64_t cells[2] = { cpu_to_fdt64(a), cpu_to_fdt64(b) };

	FDT_DO(w, fdt_property(w->fdt, name, cells, sizeof(cells)));
}

/* A property of several NUL-terminated strings, written as one literal. */
#define fdt_string_list(w, name, list) FDT_DO(w, fdt_property((w)->fdt, name, list, sizeof(list)))

static bool guest_has_vdev(const struct guest *g, uint64_t base)
{
	unsigned int i;

	for (i = 0; i < g->mmio.nr; i++)
		if (g->mmio.devs[i].base == base)
			return true;
	return false;
}

/* The ISA in both forms Linux reads: riscv,isa, and riscv,isa-base with riscv,isa-extensions. */
static void write_isa(struct fdt_writer *w, const struct guest_isa *isa)
{
	char list[GUEST_ISA_MAX_EXTS * sizeof(isa->exts[0])];
	unsigned int i, len = 0;

	for (i = 0; i < isa->nr_exts; i++) {
		unsigned int n = strlen(isa->exts[i]) + 1;

		memcpy(list + len, isa->exts[i], n);
		len += n;
	}
	FDT_DO(w, fdt_property_string(w->fdt, "riscv,isa", isa->string));
	FDT_DO(w, fdt_property_string(w->fdt, "riscv,isa-base", "rv64i"));
	FDT_DO(w, fdt_property(w->fdt, "riscv,isa-extensions", list, len));
}

static void write_cpu(struct fdt_writer *w, const struct guest_isa *isa, unsigned int i)
{
	char name[16];

	snprintf(name, sizeof(name), "cpu@%u", i);
	FDT_DO(w, fdt_begin_node(w->fdt, name));
	FDT_DO(w, fdt_property_string(w->fdt, "device_type", "cpu"));
	FDT_DO(w, fdt_property_u32(w->fdt, "reg", i));
	FDT_DO(w, fdt_property_string(w->fdt, "status", "okay"));
	FDT_DO(w, fdt_property_string(w->fdt, "compatible", "riscv"));
	write_isa(w, isa);
	FDT_DO(w, fdt_property_string(w->fdt, "mmu-type", "riscv,sv39"));
	FDT_DO(w, fdt_begin_node(w->fdt, "interrupt-controller"));
	FDT_DO(w, fdt_property_u32(w->fdt, "#address-cells", 0));
	FDT_DO(w, fdt_property_u32(w->fdt, "#interrupt-cells", 1));
	FDT_DO(w, fdt_property(w->fdt, "interrupt-controller", NULL, 0));
	FDT_DO(w, fdt_property_string(w->fdt, "compatible", "riscv,cpu-intc"));
	FDT_DO(w, fdt_property_u32(w->fdt, "phandle", CPU_INTC_PHANDLE_BASE + i));
	FDT_DO(w, fdt_end_node(w->fdt));
	FDT_DO(w, fdt_end_node(w->fdt));
}

static void write_cpus(struct fdt_writer *w, const struct guest *g)
{
	struct guest_isa isa;
	unsigned int i;

	guest_isa_build(&isa, host_platform.isa, vcpu_offers_sstc(&g->vcpus[0]));
	FDT_DO(w, fdt_begin_node(w->fdt, "cpus"));
	FDT_DO(w, fdt_property_u32(w->fdt, "#address-cells", 1));
	FDT_DO(w, fdt_property_u32(w->fdt, "#size-cells", 0));
	FDT_DO(w, fdt_property_u32(w->fdt, "timebase-frequency", host_platform.timebase_frequency));
	for (i = 0; i < g->nr_vcpus; i++)
		write_cpu(w, &isa, i);
	FDT_DO(w, fdt_end_node(w->fdt));
}

/* As QEMU virt does for a kernel it boots: entropy to seed the guest's random generator. */
static void write_rng_seed(struct fdt_writer *w, const struct guest *g)
{
	uint8_t seed[GUEST_RNG_SEED_BYTES];
	unsigned int n = guest_rng_seed(g, seed, sizeof(seed));

	if (n)
		FDT_DO(w, fdt_property(w->fdt, "rng-seed", seed, n));
}

static void write_chosen(struct fdt_writer *w, const struct guest *g, const char *bootargs)
{
	FDT_DO(w, fdt_begin_node(w->fdt, "chosen"));
	if (bootargs[0])
		FDT_DO(w, fdt_property_string(w->fdt, "bootargs", bootargs));
	if (g->initrd_size) {
		FDT_DO(w, fdt_property_u64(w->fdt, "linux,initrd-start", g->initrd_gpa));
		FDT_DO(w, fdt_property_u64(w->fdt, "linux,initrd-end",
					   g->initrd_gpa + g->initrd_size));
	}
	if (guest_has_vdev(g, VDEV_UART_BASE))
		FDT_DO(w, fdt_property_string(w->fdt, "stdout-path", UART_PATH));
	write_rng_seed(w, g);
	FDT_DO(w, fdt_end_node(w->fdt));
}

static void write_aliases(struct fdt_writer *w, const struct guest *g)
{
	if (!guest_has_vdev(g, VDEV_UART_BASE))
		return;
	FDT_DO(w, fdt_begin_node(w->fdt, "aliases"));
	FDT_DO(w, fdt_property_string(w->fdt, "serial0", UART_PATH));
	FDT_DO(w, fdt_end_node(w->fdt));
}

/* Linux's syscon-poweroff/syscon-reboot write a value to the test device. */
static void write_syscon_action(struct fdt_writer *w, const char *node, const char *compatible,
				uint32_t value)
{
	FDT_DO(w, fdt_begin_node(w->fdt, node));
	FDT_DO(w, fdt_property_string(w->fdt, "compatible", compatible));
	FDT_DO(w, fdt_property_u32(w->fdt, "regmap", TEST_PHANDLE));
	FDT_DO(w, fdt_property_u32(w->fdt, "offset", 0));
	FDT_DO(w, fdt_property_u32(w->fdt, "value", value));
	FDT_DO(w, fdt_end_node(w->fdt));
}

static void write_poweroff(struct fdt_writer *w, const struct guest *g)
{
	if (!guest_has_vdev(g, VDEV_SIFIVE_TEST_BASE))
		return;
	write_syscon_action(w, "poweroff", "syscon-poweroff", SIFIVE_TEST_PASS);
	write_syscon_action(w, "reboot", "syscon-reboot", SIFIVE_TEST_RESET);
}

static void write_test(struct fdt_writer *w)
{
	FDT_DO(w, fdt_begin_node(w->fdt, "test@100000"));
	fdt_string_list(w, "compatible", "sifive,test1\0sifive,test0\0syscon");
	fdt_u64_pair(w, "reg", VDEV_SIFIVE_TEST_BASE, VDEV_SIFIVE_TEST_SIZE);
	FDT_DO(w, fdt_property_u32(w->fdt, "phandle", TEST_PHANDLE));
	FDT_DO(w, fdt_end_node(w->fdt));
}

/* Per hart: <&intc a &intc b>. */
static void write_intc_pairs(struct fdt_writer *w, const struct guest *g, const char *name,
			     uint32_t a, uint32_t b)
{
	fdt32_t cells[4 * GUEST_MAX_VCPUS];
	unsigned int i;

	for (i = 0; i < g->nr_vcpus; i++) {
		cells[4 * i + 0] = cpu_to_fdt32(CPU_INTC_PHANDLE_BASE + i);
		cells[4 * i + 1] = cpu_to_fdt32(a);
		cells[4 * i + 2] = cpu_to_fdt32(CPU_INTC_PHANDLE_BASE + i);
		cells[4 * i + 3] = cpu_to_fdt32(b);
	}
	FDT_DO(w, fdt_property(w->fdt, name, cells, 4 * sizeof(cells[0]) * g->nr_vcpus));
}

static void write_clint(struct fdt_writer *w, const struct guest *g)
{
	FDT_DO(w, fdt_begin_node(w->fdt, "clint@2000000"));
	fdt_string_list(w, "compatible", "sifive,clint0\0riscv,clint0");
	fdt_u64_pair(w, "reg", VDEV_CLINT_BASE, VDEV_CLINT_SIZE);
	write_intc_pairs(w, g, "interrupts-extended", INTC_M_SOFT, INTC_M_TIMER);
	FDT_DO(w, fdt_end_node(w->fdt));
}

/* Contexts 2h (M-mode, wired to nothing) and 2h + 1 (S-mode), as drivers/plic.c models. */
static void write_plic(struct fdt_writer *w, const struct guest *g)
{
	FDT_DO(w, fdt_begin_node(w->fdt, "plic@c000000"));
	fdt_string_list(w, "compatible", "sifive,plic-1.0.0\0riscv,plic0");
	fdt_u64_pair(w, "reg", VDEV_PLIC_BASE, VDEV_PLIC_SIZE);
	FDT_DO(w, fdt_property_u32(w->fdt, "#address-cells", 0));
	FDT_DO(w, fdt_property_u32(w->fdt, "#interrupt-cells", 1));
	FDT_DO(w, fdt_property(w->fdt, "interrupt-controller", NULL, 0));
	FDT_DO(w, fdt_property_u32(w->fdt, "riscv,ndev", VDEV_PLIC_NDEV));
	write_intc_pairs(w, g, "interrupts-extended", INTC_NONE, INTC_S_EXT);
	FDT_DO(w, fdt_property_u32(w->fdt, "phandle", PLIC_PHANDLE));
	FDT_DO(w, fdt_end_node(w->fdt));
}

/* Without a PLIC the UART has no interrupt: Linux's 8250 driver then polls it. */
static void write_uart(struct fdt_writer *w, const struct guest *g)
{
	FDT_DO(w, fdt_begin_node(w->fdt, "serial@10000000"));
	FDT_DO(w, fdt_property_string(w->fdt, "compatible", "ns16550a"));
	fdt_u64_pair(w, "reg", VDEV_UART_BASE, VDEV_UART_SIZE);
	FDT_DO(w, fdt_property_u32(w->fdt, "clock-frequency", VDEV_UART_CLOCK));
	if (guest_has_vdev(g, VDEV_PLIC_BASE)) {
		FDT_DO(w, fdt_property_u32(w->fdt, "interrupts", VDEV_UART_IRQ));
		FDT_DO(w, fdt_property_u32(w->fdt, "interrupt-parent", PLIC_PHANDLE));
	}
	FDT_DO(w, fdt_end_node(w->fdt));
}

/* A populated virtio-mmio slot, as QEMU virt describes its transports. */
static void write_virtio_mmio(struct fdt_writer *w, const struct guest *g, unsigned int slot)
{
	uint64_t base = VDEV_VIRTIO_MMIO_ADDR(slot);
	char name[32];

	snprintf(name, sizeof(name), "virtio_mmio@%llx", (unsigned long long)base);
	FDT_DO(w, fdt_begin_node(w->fdt, name));
	FDT_DO(w, fdt_property_string(w->fdt, "compatible", "virtio,mmio"));
	fdt_u64_pair(w, "reg", base, VDEV_VIRTIO_MMIO_SIZE);
	FDT_DO(w, fdt_property_u32(w->fdt, "interrupts", VDEV_VIRTIO_MMIO_IRQ(slot)));
	FDT_DO(w, fdt_property_u32(w->fdt, "interrupt-parent", PLIC_PHANDLE));
	FDT_DO(w, fdt_end_node(w->fdt));
}

static void write_soc(struct fdt_writer *w, const struct guest *g)
{
	unsigned int slot;

	if (!g->mmio.nr)
		return;
	FDT_DO(w, fdt_begin_node(w->fdt, "soc"));
	FDT_DO(w, fdt_property_u32(w->fdt, "#address-cells", 2));
	FDT_DO(w, fdt_property_u32(w->fdt, "#size-cells", 2));
	FDT_DO(w, fdt_property_string(w->fdt, "compatible", "simple-bus"));
	FDT_DO(w, fdt_property(w->fdt, "ranges", NULL, 0));
	if (guest_has_vdev(g, VDEV_SIFIVE_TEST_BASE))
		write_test(w);
	if (guest_has_vdev(g, VDEV_UART_BASE))
		write_uart(w, g);
	if (guest_has_vdev(g, VDEV_PLIC_BASE))
		write_plic(w, g);
	if (guest_has_vdev(g, VDEV_CLINT_BASE))
		write_clint(w, g);
	/* The virtio models depend on the PLIC (Kconfig): their interrupt goes there. */
	for (slot = 0; slot < VDEV_VIRTIO_MMIO_SLOTS; slot++)
		if (guest_has_vdev(g, VDEV_VIRTIO_MMIO_ADDR(slot)))
			write_virtio_mmio(w, g, slot);
	FDT_DO(w, fdt_end_node(w->fdt));
}

static void write_memory(struct fdt_writer *w, const struct guest *g)
{
	char name[32];

	snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)g->mem.ram_gpa);
	FDT_DO(w, fdt_begin_node(w->fdt, name));
	FDT_DO(w, fdt_property_string(w->fdt, "device_type", "memory"));
	fdt_u64_pair(w, "reg", g->mem.ram_gpa, g->mem.ram_size);
	FDT_DO(w, fdt_end_node(w->fdt));
}

int guest_build_fdt(struct guest *g, const char *bootargs)
{
	struct fdt_writer w = { .fdt = gpa_ram_ptr(&g->mem, g->fdt_gpa, GUEST_FDT_MAX) };

	if (!w.fdt)
		return -1;
	FDT_DO(&w, fdt_create(w.fdt, GUEST_FDT_MAX));
	FDT_DO(&w, fdt_finish_reservemap(w.fdt));
	FDT_DO(&w, fdt_begin_node(w.fdt, ""));
	FDT_DO(&w, fdt_property_u32(w.fdt, "#address-cells", 2));
	FDT_DO(&w, fdt_property_u32(w.fdt, "#size-cells", 2));
	FDT_DO(&w, fdt_property_string(w.fdt, "compatible", "riscv-virtio"));
	FDT_DO(&w, fdt_property_string(w.fdt, "model", "riscv-virtio,qemu (SVPN guest)"));
	write_chosen(&w, g, bootargs);
	write_aliases(&w, g);
	write_poweroff(&w, g);
	write_cpus(&w, g);
	write_memory(&w, g);
	write_soc(&w, g);
	FDT_DO(&w, fdt_end_node(w.fdt));
	FDT_DO(&w, fdt_finish(w.fdt));
	if (w.err) {
		pr_err("guest %s: device tree: %s in %s\n", g->name, fdt_strerror(w.err), w.what);
		return -1;
	}
	return 0;
}
