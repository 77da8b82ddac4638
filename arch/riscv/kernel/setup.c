// SPDX-License-Identifier: GPL-2.0
/*
 * start_svpn(): the boot hart's path from head.S to the first guest.
 * Console first (so every later failure can be reported), then the host
 * device tree, then memory, then the banner and the host's own devices.
 */
#include <asm/csr.h>
#include <asm/hart.h>
#include <asm/memory.h>
#include <asm/mstub.h>
#include <asm/page.h>
#include <asm/sbi_call.h>
#include <generated/version.h>
#include <libfdt.h>
#include <string.h>
#include <svpn/console.h>
#include <svpn/exitcodes.h>
#include <svpn/host_irq.h>
#include <svpn/host_uart.h>
#include <svpn/host_virtio.h>
#include <svpn/mm.h>
#include <svpn/panic.h>
#include <svpn/platform.h>
#include <svpn/printk.h>
#include <svpn/setup.h>

#define HOST_FDT_MAX (64 * 1024)

extern char __svpn_end[];
extern unsigned long boot_pgd[PTRS_PER_PT];

struct platform host_platform;
/* SVPN keeps its own copy: the original lies in RAM that becomes free pages. */
static char host_fdt[HOST_FDT_MAX] __aligned(8);
static struct console early_console, main_console;

static void setup_early_console(void)
{
	if (!IS_ENABLED(CONFIG_EARLY_CONSOLE))
		return;
#ifdef CONFIG_EARLY_CONSOLE_BASE
	host_uart_init(&early_console, CONFIG_EARLY_CONSOLE_BASE, 0, 1);
	console_register(&early_console);
#endif
}

static void copy_host_fdt(unsigned long dtb_pa)
{
	const void *fdt;
	unsigned long size;

	if (!dtb_pa || !pa_in_linear_map(dtb_pa, sizeof(struct fdt_header)))
		panic("no usable host device tree (a1 = %#lx at entry)", dtb_pa);
	fdt = __va(dtb_pa);
	if (fdt_magic(fdt) != FDT_MAGIC)
		panic("host device tree at %#lx: bad magic %#x", dtb_pa, fdt_magic(fdt));
	size = fdt_totalsize(fdt);
	if (size > HOST_FDT_MAX || !pa_in_linear_map(dtb_pa, size))
		panic("host device tree at %#lx is %lu bytes; SVPN accepts up to %u", dtb_pa, size,
		      HOST_FDT_MAX);
	memcpy(host_fdt, fdt, size);
}

static void parse_host_fdt(void)
{
	char err[PLATFORM_ERR_LEN];

	if (platform_parse_fdt(host_fdt, &host_platform, err, sizeof(err)))
		panic("host device tree: %s", err);
}

static void setup_console(void)
{
	const struct platform_uart *u = &host_platform.uart;

	if (!IS_ENABLED(CONFIG_HOST_UART_NS16550))
		return;
	if (!pa_in_linear_map(u->reg.base, u->reg.size))
		panic("host UART at %#llx is outside SVPN's linear map",
		      (unsigned long long)u->reg.base);
	host_uart_init(&main_console, u->reg.base, u->reg_shift, u->reg_io_width);
	console_register(&main_console);
}

static void check_ram(void)
{
	uint64_t mib = host_platform.ram.size >> 20;
	uint64_t end = host_platform.ram.base + host_platform.ram.size;

	if (host_platform.ram.base != RAM_BASE)
		panic("host RAM starts at %#llx; this build expects %#lx",
		      (unsigned long long)host_platform.ram.base, RAM_BASE);
	if (mib < CONFIG_MIN_HOST_RAM_MB || end < __pa(__svpn_end))
		panic("host has %llu MiB of RAM; SVPN needs at least %d MiB "
		      "(CONFIG_MIN_HOST_RAM_MB; run QEMU with more, e.g. -m 512M)",
		      (unsigned long long)mib, CONFIG_MIN_HOST_RAM_MB);
}

/* The DTB has been copied, so only the initrd (the guest images) stays reserved. */
static void setup_memory(void)
{
	const struct platform *p = &host_platform;
	const uint64_t initrd[1][2] = { { p->initrd_start, p->initrd_end - p->initrd_start } };

	mm_init(p, initrd, p->initrd_end > p->initrd_start);
	/* SVPN runs in the linear map from here on: drop the boot identity map. */
	boot_pgd[RAM_BASE / PGD_SIZE] = 0;
	__asm__ __volatile__("sfence.vma" ::: "memory");
}

static void print_region(const char *name, uint64_t base, uint64_t size)
{
	if (size)
		printk("  %#010llx-%#010llx  %s\n", (unsigned long long)base,
		       (unsigned long long)(base + size - 1), name);
}

static void print_banner(void)
{
	const struct platform *p = &host_platform;
	unsigned long svpn_size = __pa(__svpn_end) - SVPN_LOAD_PA;

	printk("\nSVPN %s: RISC-V trap-and-emulate hypervisor (board %s)\n", SVPN_VERSION,
	       CONFIG_BOARD_NAME);
	printk("config: NR_CPUS=%d LOGLEVEL=%d DEBUG_ASSERT=%s PAGE_POISON=%s\n", CONFIG_NR_CPUS,
	       CONFIG_LOGLEVEL, IS_ENABLED(CONFIG_DEBUG_ASSERT) ? "y" : "n",
	       IS_ENABLED(CONFIG_DEBUG_PAGE_POISON) ? "y" : "n");
	printk("host: %u hart(s) (%u online), boot hart %lu, timebase %u Hz, Sstc %s\n",
	       p->nr_harts, nr_harts, this_hart()->hartid, p->timebase_frequency,
	       this_hart()->features & MSTUB_F_SSTC ? "yes" : "no (timer via M-mode stub)");
	printk("memory map:\n");
	print_region("M-mode stub (PMP: no S/U access)", RAM_BASE, MSTUB_SIZE);
	print_region("SVPN image", SVPN_LOAD_PA, svpn_size);
	print_region("RAM", p->ram.base, p->ram.size);
	print_region("guest images (initrd)", p->initrd_start, p->initrd_end - p->initrd_start);
	print_region("uart (ns16550a)", p->uart.reg.base, p->uart.reg.size);
	print_region("plic", p->plic.base, p->plic.size);
	print_region("clint", p->clint.base, p->clint.size);
	print_region("reset (sifive,test0)", p->reset.base, p->reset.size);
	printk("free: %lu KiB of %lu KiB\n", mm_free_pages() * (PAGE_SIZE / 1024),
	       mm_total_pages() * (PAGE_SIZE / 1024));
}

void __noreturn start_svpn(unsigned long hartid, unsigned long dtb_pa)
{
	hart_init_boot(hartid);
	setup_early_console();
	copy_host_fdt(dtb_pa);
	parse_host_fdt();
	setup_console();
	check_ram();
	mstub_set_platform(
		host_platform.clint.base ? host_platform.clint.base : CONFIG_EARLY_CLINT_BASE,
		host_platform.reset.base ? host_platform.reset.base : CONFIG_EARLY_RESET_BASE);
	setup_memory();
	smp_boot_secondaries();
	print_banner();
	host_irq_init(this_hart()->hartid);
	host_virtio_probe();
	svpn_main();
}
