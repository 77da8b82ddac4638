// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's device tree, written with libfdt's sequential-write API when
 * the guest is created: a machine shaped like QEMU virt, listing only what
 * the guest really gets. Every libfdt error is reported by name.
 */
#include <libfdt.h>
#include <stdio.h>
#include <svpn/guest.h>
#include <svpn/printk.h>
#include <svpn/setup.h>
#include <svpn/vcpu.h>

#define GUEST_ISA_BASE	"rv64imafdc_zicsr_zifencei"
#define CPU_INTC_PHANDLE_BASE	1

struct fdt_writer {
	void *fdt;
	int err;
	const char *what;	/* the step that failed */
};

/* Each step is skipped once one has failed; the first failure is reported. */
#define FDT_DO(w, call)							\
	do {								\
		if (!(w)->err) {					\
			(w)->err = (call);				\
			if ((w)->err)					\
				(w)->what = #call;			\
		}							\
	} while (0)

static void fdt_u64_pair(struct fdt_writer *w, const char *name, uint64_t a, uint64_t b)
{
	fdt64_t cells[2] = { cpu_to_fdt64(a), cpu_to_fdt64(b) };

	FDT_DO(w, fdt_property(w->fdt, name, cells, sizeof(cells)));
}

static void write_cpu(struct fdt_writer *w, const struct guest *g, unsigned int i)
{
	char name[16];
	const char *isa = vcpu_offers_sstc(&g->vcpus[0]) ? GUEST_ISA_BASE "_sstc" : GUEST_ISA_BASE;

	snprintf(name, sizeof(name), "cpu@%u", i);
	FDT_DO(w, fdt_begin_node(w->fdt, name));
	FDT_DO(w, fdt_property_string(w->fdt, "device_type", "cpu"));
	FDT_DO(w, fdt_property_u32(w->fdt, "reg", i));
	FDT_DO(w, fdt_property_string(w->fdt, "status", "okay"));
	FDT_DO(w, fdt_property_string(w->fdt, "compatible", "riscv"));
	FDT_DO(w, fdt_property_string(w->fdt, "riscv,isa", isa));
	FDT_DO(w, fdt_property_string(w->fdt, "mmu-type", "riscv,sv39"));
	FDT_DO(w, fdt_begin_node(w->fdt, "interrupt-controller"));
	FDT_DO(w, fdt_property_u32(w->fdt, "#interrupt-cells", 1));
	FDT_DO(w, fdt_property(w->fdt, "interrupt-controller", NULL, 0));
	FDT_DO(w, fdt_property_string(w->fdt, "compatible", "riscv,cpu-intc"));
	FDT_DO(w, fdt_property_u32(w->fdt, "phandle", CPU_INTC_PHANDLE_BASE + i));
	FDT_DO(w, fdt_end_node(w->fdt));
	FDT_DO(w, fdt_end_node(w->fdt));
}

static void write_cpus(struct fdt_writer *w, const struct guest *g)
{
	unsigned int i;

	FDT_DO(w, fdt_begin_node(w->fdt, "cpus"));
	FDT_DO(w, fdt_property_u32(w->fdt, "#address-cells", 1));
	FDT_DO(w, fdt_property_u32(w->fdt, "#size-cells", 0));
	FDT_DO(w, fdt_property_u32(w->fdt, "timebase-frequency",
				   host_platform.timebase_frequency));
	for (i = 0; i < g->nr_vcpus; i++)
		write_cpu(w, g, i);
	FDT_DO(w, fdt_end_node(w->fdt));
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
	FDT_DO(w, fdt_end_node(w->fdt));
}

static void write_memory(struct fdt_writer *w, const struct guest *g)
{
	char name[32];

	snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)g->ram_gpa);
	FDT_DO(w, fdt_begin_node(w->fdt, name));
	FDT_DO(w, fdt_property_string(w->fdt, "device_type", "memory"));
	fdt_u64_pair(w, "reg", g->ram_gpa, g->ram_size);
	FDT_DO(w, fdt_end_node(w->fdt));
}

int guest_build_fdt(struct guest *g, const char *bootargs)
{
	struct fdt_writer w = { .fdt = guest_ram_ptr(g, g->fdt_gpa, GUEST_FDT_MAX) };

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
	write_cpus(&w, g);
	write_memory(&w, g);
	FDT_DO(&w, fdt_end_node(w.fdt));
	FDT_DO(&w, fdt_finish(w.fdt));
	if (w.err) {
		pr_err("guest %s: device tree: %s in %s\n", g->name, fdt_strerror(w.err), w.what);
		return -1;
	}
	return 0;
}
