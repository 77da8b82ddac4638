// SPDX-License-Identifier: GPL-2.0
/*
 * Guest MMIO: the guest's devices and the trap-and-emulate path to them.
 *
 * Device pages are never mapped in a shadow, so every guest load or store
 * to one faults into SVPN and lands here with the guest-physical address.
 * The instruction at the guest's pc is read through the guest's own
 * translation and decoded (mmio_decode.c); it must be an integer load or
 * store that agrees with the fault (direction, and base + offset equal to
 * the faulting virtual address in stval). Anything else (an AMO, an FP
 * access, an instruction fetch) is refused, and so is an access the device
 * does not accept (vdev_access_ok(): its widths and the part of its window
 * that is backed); the caller gives the guest the access fault a real hart
 * would raise.
 */
#include <asm/csr.h>
#include <asm/insn.h>
#include <asm/spinlock.h>
#include <svpn/exitcodes.h>
#include <svpn/guest.h>
#include <svpn/guestpkg.h>
#include <svpn/mmio.h>
#include <svpn/printk.h>
#include <svpn/sched.h>
#include <svpn/shadow.h>
#include <svpn/uart_regs.h>
#include <svpn/vdev.h>
#include <svpn/vcpu.h>
#include "../drivers/clint.h"
#include "../drivers/plic.h"
#include "../drivers/sifive_test.h"
#include "../drivers/uart16550.h"
#include "vcpu_internal.h"

#ifdef CONFIG_TRACE_MMIO
#define trace_mmio(v, fmt, ...) \
	printk("trace: mmio: vcpu%u pc %#lx: " fmt "\n", (v)->id, (v)->regs.sepc, ##__VA_ARGS__)
#else
#define trace_mmio(v, fmt, ...) \
	do {                    \
	} while (0)
#endif

struct guest_vdevs {
#ifdef CONFIG_VDEV_UART16550
	struct uart16550 uart;
#endif
#ifdef CONFIG_VDEV_PLIC
	struct plic plic;
#endif
#ifdef CONFIG_VDEV_CLINT
	struct clint clint;
#endif
#ifdef CONFIG_VDEV_SIFIVE_TEST
	struct sifive_test test;
#endif
	char unused; /* the struct is never empty */
};

static struct guest_vdevs guest_vdevs[GUESTPKG_MAX_GUESTS];

/* A guest polling LSR must see input arrive without any interrupt. */
static bool is_guest_uart(const struct guest *g, const struct vdev *dev)
{
#ifdef CONFIG_VDEV_UART16550
	return dev->priv == &g->vdevs->uart;
#else
	return false;
#endif
}

/* Page faults from the shadow; access faults, should a caller ever pass them. */
static int fault_is_store(unsigned long cause)
{
	switch (cause) {
	case EXC_LOAD_PAGE_FAULT:
	case EXC_LOAD_ACCESS:
		return 0;
	case EXC_STORE_PAGE_FAULT:
	case EXC_STORE_ACCESS:
		return 1;
	default:
		return -1; /* an instruction fetch from a device */
	}
}

/*
 * Under the device lock, right after a write: did that write ask for a
 * poweroff or reboot? The request is taken once, by the vCPU whose store
 * made it, and never seen again by later accesses.
 */
static bool take_exit_request(struct guest *g)
{
	bool requested = g->exit_requested;

	g->exit_requested = false;
	return requested;
}

/* The guest wrote its poweroff/reboot device. */
static void guest_device_exit(struct guest *g)
{
	if (g->reboot_requested)
		guest_reboot(g);
	guest_exit(g, g->exit_request);
}

bool guest_mmio_fault(struct vcpu *v, unsigned long cause, unsigned long gpa)
{
	struct vdev *dev = vdev_bus_find(&v->guest->mmio, gpa);
	int store = fault_is_store(cause);
	struct mmio_insn mi;
	uint32_t insn = 0;
	uint64_t off, val;

	if (!dev || store < 0)
		return false;
	if (shadow_fetch_insn(v->mmu, v->regs.sepc, &insn) || mmio_decode(insn, &mi) ||
	    mi.store != store || vcpu_gpr(v, mi.base) + mi.offset != v->regs.stval) {
		trace_mmio(v,
			   "%s+%#llx: insn %08x is no load/store matching the fault: "
			   "access fault",
			   dev->name, (unsigned long long)(gpa - dev->base), insn);
		return false;
	}
	off = gpa - dev->base;
	/*
	 * A width the device rejects, an offset it does not back, or an access
	 * past the window's end: on QEMU the bus refuses it and the hart raises
	 * an access fault, with no side effect on the device.
	 */
	if (!vdev_access_ok(dev, off, mi.width)) {
		trace_mmio(v, "%s %s+%#llx/%u: not accepted by the device: access fault",
			   mi.store ? "write" : "read", dev->name, (unsigned long long)off,
			   mi.width);
		return false;
	}
	if (mi.store) {
		bool exit;

		val = mmio_extend(vcpu_gpr(v, mi.reg), mi.width, false);
		/* Traced first: a write to the test device does not return. */
		trace_mmio(v, "write %s+%#llx/%u <- %#llx", dev->name, (unsigned long long)off,
			   mi.width, (unsigned long long)val);
		v->regs.sepc += mi.len;
		spin_lock(&v->guest->dev_lock);
		dev->ops->write(dev, off, mi.width, val);
		exit = take_exit_request(v->guest);
		spin_unlock(&v->guest->dev_lock);
		if (exit)
			guest_device_exit(v->guest);
	} else {
		if (is_guest_uart(v->guest, dev))
			guest_uart_poll_input(v->guest);
		spin_lock(&v->guest->dev_lock);
		val = dev->ops->read(dev, off, mi.width);
		spin_unlock(&v->guest->dev_lock);
		val = mmio_extend(val, mi.width, mi.sign_extend);
		vcpu_set_gpr(v, mi.reg, val);
		trace_mmio(v, "read %s+%#llx/%u -> %#llx", dev->name, (unsigned long long)off,
			   mi.width, (unsigned long long)val);
		v->regs.sepc += mi.len;
	}
	return true;
}

/* --- Wiring the models to the guest and to SVPN --------------------------- */

void vdev_add(struct guest *g, const char *name, uint64_t base, uint64_t size,
	      const struct vdev_ops *ops, void *priv, int *err)
{
	struct vdev dev = { .name = name, .base = base, .size = size, .ops = ops, .priv = priv };

	if (!*err && vdev_bus_add(&g->mmio, &dev)) {
		pr_err("guest %s: cannot place device %s at %#llx\n", g->name, name,
		       (unsigned long long)base);
		*err = -1;
	}
}

#ifdef CONFIG_VDEV_PLIC
/*
 * SVPN is the guest's firmware: leave the PLIC as OpenSBI 1.1 leaves QEMU's.
 * Its plic_cold_irqchip_init() sets every priority to 0 and, for each hart,
 * plic_warm_irqchip_init() clears the M and S contexts' enables and sets both
 * thresholds to 7, masking everything until the kernel's PLIC driver lowers
 * its S context's threshold. The model resets to all zeros, as QEMU's PLIC
 * does, so only the thresholds need writing here: a guest that reads 7 reads
 * what its firmware left, natively and under SVPN alike.
 */
static void guest_plic_firmware_setup(struct plic *p)
{
	unsigned int ctx;

	for (ctx = 0; ctx < 2 * p->nr_harts; ctx++) /* each hart's M and S context */
		plic_write(p,
			   PLIC_CONTEXT_BASE + PLIC_CONTEXT_STRIDE * ctx + PLIC_CONTEXT_THRESHOLD,
			   PLIC_MAX_PRIORITY);
}

/* The guest's external interrupt line: vcpu.c delivers it on the next resume. */
static void guest_set_seip(void *ctx, unsigned int hart, bool level)
{
	struct guest *g = ctx;

	if (hart >= g->nr_vcpus)
		return;
	if (level) {
		vcpu_sip_set(&g->vcpus[hart], SIP_SEIP);
		vcpu_notify(&g->vcpus[hart]);
	} else {
		vcpu_sip_clear(&g->vcpus[hart], SIP_SEIP);
	}
}
#endif

/* A device's interrupt line into the guest's PLIC; called with the device lock held. */
void guest_set_irq(struct guest *g, unsigned int irq, bool level)
{
#ifdef CONFIG_VDEV_PLIC
	plic_set_irq(&g->vdevs->plic, irq, level);
#endif
}

#ifdef CONFIG_VDEV_UART16550
static void guest_uart_putc(void *ctx, char c)
{
	guest_console_write(ctx, &c, 1);
}

/*
 * SVPN is the guest's firmware: leave the UART as OpenSBI 1.1 leaves QEMU's
 * (8N1, 115200 baud from 3.6864 MHz, FIFO on, interrupts and modem control
 * off), so a guest finds the same registers as on a native QEMU + OpenSBI.
 */
static void guest_uart_firmware_setup(struct uart16550 *u)
{
	static const uint8_t seq[][2] = {
		{ UART_IER, 0x00 }, { UART_LCR, UART_LCR_DLAB }, { UART_DLL, 2 },
		{ UART_DLM, 0 },    { UART_LCR, 0x03 },		 { UART_FCR, UART_FCR_ENABLE_FIFO },
		{ UART_MCR, 0x00 }, { UART_SCR, 0x00 },
	};
	unsigned int i;

	for (i = 0; i < sizeof(seq) / sizeof(seq[0]); i++)
		uart16550_write(u, seq[i][0], seq[i][1]);
}

static void guest_uart_irq(void *ctx, bool level)
{
	guest_set_irq(ctx, VDEV_UART_IRQ, level);
}
#endif

bool guest_uart_receive(struct guest *g, char c)
{
#ifdef CONFIG_VDEV_UART16550
	return uart16550_receive(&g->vdevs->uart, (uint8_t)c);
#else
	return false;
#endif
}

void guest_uart_poll_input(struct guest *g)
{
#ifdef CONFIG_VDEV_UART16550
	int c;

	struct uart16550 *u = &g->vdevs->uart;

	/*
	 * Input goes to the UART once the guest listens to it: it enabled
	 * receive interrupts (Linux's 8250 driver, when ttyS0 is opened) or
	 * read LSR or RBR (a boot loader polling for a key). Until then it
	 * stays for SBI console_getchar (Documentation/devices.md).
	 */
	if (!uart16550_listening(u))
		return;
	spin_lock(&g->dev_lock);
	while (uart16550_can_receive(u) && (c = guest_console_getc(g)) >= 0)
		uart16550_receive(u, (uint8_t)c);
	spin_unlock(&g->dev_lock);
#endif
}

#ifdef CONFIG_VDEV_CLINT
static uint64_t guest_time(void *ctx)
{
	return csr_read(CSR_TIME);
}
#endif

#ifdef CONFIG_VDEV_SIFIVE_TEST
/* Called under the device lock: the exit happens once the access is done. */
static void guest_test_exit(void *ctx, int code)
{
	struct guest *g = ctx;

	g->exit_request = code;
	g->exit_requested = true;
}

static void guest_test_reboot(void *ctx)
{
	struct guest *g = ctx;

	g->reboot_requested = true;
	g->exit_requested = true;
}
#endif

int guest_init_devices(struct guest *g)
{
	struct guest_vdevs *d;
	int err = 0;

	if (g->id >= GUESTPKG_MAX_GUESTS)
		return -1;
	d = &guest_vdevs[g->id];
	*d = (struct guest_vdevs){ 0 };
	g->vdevs = d;
	g->mmio.nr = 0;
#ifdef CONFIG_VDEV_SIFIVE_TEST
	sifive_test_init(&d->test, guest_test_exit, guest_test_reboot, g);
	vdev_add(g, "test", VDEV_SIFIVE_TEST_BASE, VDEV_SIFIVE_TEST_SIZE, &sifive_test_vdev_ops,
		 &d->test, &err);
#endif
#ifdef CONFIG_VDEV_CLINT
	clint_init(&d->clint, guest_time, g);
	vdev_add(g, "clint", VDEV_CLINT_BASE, VDEV_CLINT_SIZE, &clint_vdev_ops, &d->clint, &err);
#endif
#ifdef CONFIG_VDEV_PLIC
	plic_init(&d->plic, g->nr_vcpus, guest_set_seip, g);
	guest_plic_firmware_setup(&d->plic);
	vdev_add(g, "plic", VDEV_PLIC_BASE, VDEV_PLIC_SIZE, &plic_vdev_ops, &d->plic, &err);
#endif
#ifdef CONFIG_VDEV_UART16550
	uart16550_init(&d->uart, guest_uart_putc, guest_uart_irq, g);
	guest_uart_firmware_setup(&d->uart);
	vdev_add(g, "uart", VDEV_UART_BASE, VDEV_UART_SIZE, &uart16550_vdev_ops, &d->uart, &err);
#endif
	return err;
}
