// SPDX-License-Identifier: GPL-2.0
/*
 * Guest creation from a guest package description: RAM, images, device
 * tree, vCPUs. Everything in the package is untrusted input and is checked
 * before use.
 */
#include <asm/hart.h>
#include <asm/memory.h>
#include <asm/page.h>
#include <asm/sbi_call.h>
#include <string.h>
#include <svpn/compiler.h>
#include <svpn/exitcodes.h>
#include <svpn/guest.h>
#include <svpn/guestpkg.h>
#include <svpn/mm.h>
#include <svpn/mmio.h>
#include <svpn/printk.h>
#include <svpn/sched.h>
#include <svpn/shadow.h>
#include "vcpu_internal.h"

static int guest_alloc_ram(struct guest *g, uint64_t size)
{
	void *ram;

	if (size < (4UL << 20) || size % PMD_SIZE) {
		pr_err("guest %s: RAM must be a multiple of 2 MiB, at least 4 MiB (got %llu KiB)\n",
		       g->name, (unsigned long long)(size >> 10));
		return -1;
	}
	ram = alloc_pages(size / PAGE_SIZE);
	if (!ram) {
		pr_err("guest %s: cannot allocate %llu MiB of RAM (%lu KiB free): give QEMU more "
		       "memory (-m) or the guest less (GUEST_MEM)\n",
		       g->name, (unsigned long long)(size >> 20),
		       mm_free_pages() * (PAGE_SIZE / 1024));
		return -1;
	}
	g->mem = (struct gpa_map){ .ram_gpa = GUEST_RAM_BASE,
				   .ram_size = size,
				   .ram_hpa = __pa(ram) };
	return 0;
}

/*
 * Layout, as QEMU lays out virt for a kernel: the kernel at RAM + 2 MiB, the
 * device tree in the last 2 MiB-aligned slot that holds it, the initrd
 * right below the device tree.
 */
static int guest_load_images(struct guest *g, const struct guestpkg_guest *d, const char *pkg)
{
	uint64_t kernel_end = GUEST_KERNEL_OFFSET + d->kernel_size;
	uint64_t top = ALIGN_DOWN(g->mem.ram_size - GUEST_FDT_MAX, PMD_SIZE);

	if (d->initrd_size > top || kernel_end > ALIGN_DOWN(top - d->initrd_size, PAGE_SIZE)) {
		pr_err("guest %s: kernel (%llu KiB) and initrd (%llu KiB) do not fit in %llu MiB "
		       "of RAM\n",
		       g->name, (unsigned long long)(d->kernel_size >> 10),
		       (unsigned long long)(d->initrd_size >> 10),
		       (unsigned long long)(g->mem.ram_size >> 20));
		return -1;
	}
	memcpy(gpa_ram_ptr(&g->mem, g->mem.ram_gpa + GUEST_KERNEL_OFFSET, d->kernel_size),
	       pkg + d->kernel_off, d->kernel_size);
	g->fdt_gpa = g->mem.ram_gpa + top;
	g->initrd_size = d->initrd_size;
	if (d->initrd_size) {
		g->initrd_gpa = g->mem.ram_gpa + ALIGN_DOWN(top - d->initrd_size, PAGE_SIZE);
		memcpy(gpa_ram_ptr(&g->mem, g->initrd_gpa, d->initrd_size), pkg + d->initrd_off,
		       d->initrd_size);
	}
	return 0;
}

static int guest_init_shadows(struct guest *g)
{
	unsigned int i;

	if (shadow_domain_init(&g->shadow, &g->mem))
		goto no_memory;
	for (i = 0; i < g->nr_vcpus; i++) {
		g->vcpus[i].mmu = shadow_mmu_create(&g->shadow);
		if (!g->vcpus[i].mmu)
			goto no_memory;
	}
	return 0;
no_memory:
	pr_err("guest %s: no host memory left for its shadow page tables (%lu KiB free)\n", g->name,
	       mm_free_pages() * (PAGE_SIZE / 1024));
	return -1;
}

static bool guest_desc_ok(const struct guestpkg_guest *d, uint64_t pkg_size)
{
	char err[GUESTPKG_ERR_LEN];
	const char *why = guestpkg_check_guest(d, pkg_size, GUEST_MAX_VCPUS, err, sizeof(err));

	if (why)
		pr_err("%s\n", why);
	return !why;
}

int guest_create(struct guest *g, unsigned int id, const struct guestpkg_guest *d, const void *pkg,
		 uint64_t pkg_size)
{
	unsigned int i;

	memset(g, 0, sizeof(*g));
	g->id = id;
	if (!guest_desc_ok(d, pkg_size))
		return -1;
	memcpy(g->name, d->name, sizeof(g->name));
	g->name[sizeof(g->name) - 1] = 0;
	g->nr_vcpus = d->nr_harts;
	if (sched_assign_guest(g) || guest_alloc_ram(g, d->mem_size) ||
	    guest_load_images(g, d, pkg) || guest_init_devices(g) || guest_init_virtio(g, d) ||
	    guest_build_fdt(g, d->bootargs) || guest_init_shadows(g))
		return -1;
	for (i = 0; i < g->nr_vcpus; i++) {
		struct vcpu *v = &g->vcpus[i];

		v->id = i;
		v->guest = g;
		v->hsm_state = VCPU_STOPPED;
	}
	/* The boot vCPU starts at the kernel, as the Linux boot protocol says. */
	vcpu_reset(&g->vcpus[0], g->mem.ram_gpa + GUEST_KERNEL_OFFSET, 0, g->fdt_gpa);
	g->vcpus[0].hsm_state = VCPU_STARTED;
	pr_info("guest %s: %llu MiB RAM at %#llx (host %#llx), %u vCPU(s), kernel %llu KiB%s\n",
		g->name, (unsigned long long)(g->mem.ram_size >> 20),
		(unsigned long long)g->mem.ram_gpa, (unsigned long long)g->mem.ram_hpa, g->nr_vcpus,
		(unsigned long long)(d->kernel_size >> 10), d->initrd_size ? ", initrd" : "");
	return 0;
}

/*
 * The guest has ended (from one of its vCPUs). Several vCPUs may end it at
 * once (two SRST calls, a poweroff store beside a hart_stop): the first
 * one's status counts and the machine hears of it once. Its other vCPUs
 * stop at their next trap or wakeup (they check g->exited); the machine
 * ends with the last guest (vmm/main.c).
 */
void guest_exit(struct guest *g, int code)
{
	unsigned int i;

	if (__atomic_exchange_n(&g->exited, true, __ATOMIC_ACQ_REL))
		vcpu_park(this_hart()->vcpu); /* another vCPU is ending it */
	guest_console_flush(g);
	guest_print_stats(g);
	pr_info("guest %s: exited with status %d\n", g->name, code);
	guests_note_exit(g, code);
	for (i = 0; i < g->nr_vcpus; i++)
		vcpu_notify(&g->vcpus[i]);
	vcpu_park(this_hart()->vcpu);
}

/*
 * A guest reboot ends the machine with its own status: a panicking Linux
 * with panic=-1 reboots, and that must not look like success, nor loop.
 */
void guest_reboot(struct guest *g)
{
	pr_info("guest %s: reboot requested: it ends with status %d\n", g->name,
		SVPN_EXIT_GUEST_REBOOT);
	guest_exit(g, SVPN_EXIT_GUEST_REBOOT);
}
