// SPDX-License-Identifier: GPL-2.0
/*
 * The host PLIC, for SVPN's own device drivers (drivers/host/virtio_*.c).
 *
 * One hart takes every host device interrupt: the boot hart, through its
 * S-mode context. A source enabled for several harts' contexts raises SEIP
 * on all of them: each traps out of its guest and all but one then claim
 * nothing. A completion has no hart it belongs to (done() wakes whichever
 * vCPU it concerns), so one hart loses nothing but the spread of the work;
 * and since the boot hart is the one probing the devices, no hart that is
 * already idling needs its sie changed.
 *
 * Sources are registered at boot, each before it is enabled; the table is
 * published with release order and read with acquire.
 */
#include <asm/csr.h>
#include <asm/io.h>
#include <asm/memory.h>
#include <hw/sifive_plic.h>
#include <stdbool.h>
#include <svpn/host_irq.h>
#include <svpn/printk.h>
#include <svpn/setup.h>

#define HOST_IRQ_MAX 16

struct host_irq {
	unsigned int irq;
	void (*handler)(void *ctx);
	void *ctx;
};

static struct host_irq host_irqs[HOST_IRQ_MAX];
static unsigned int nr_host_irqs;
static int plic_state;		/* 0: not set up yet, 1: set up, -1: unusable */
static unsigned long plic_base; /* in the linear map */
static unsigned long plic_claim;
static unsigned int plic_max_irq;
static uint32_t plic_context;
static unsigned long irq_hartid;
static bool plic_live; /* a source is enabled; other harts read it: atomic */

static unsigned long plic_enable_word(unsigned int irq)
{
	return plic_base + PLIC_ENABLE_BASE + PLIC_ENABLE_STRIDE * plic_context + 4 * (irq / 32);
}

/*
 * The boot hart's S context, threshold 0. A source that firmware left
 * enabled there without a handler is disabled when it first interrupts.
 */
static int plic_setup(void)
{
	const struct platform *p = &host_platform;
	uint32_t ctx = PLATFORM_NO_CONTEXT;
	unsigned int i;

	if (!p->plic.size) {
		pr_err("host PLIC: none in the device tree: host devices cannot interrupt\n");
		return -1;
	}
	for (i = 0; i < p->nr_harts; i++)
		if (p->hartids[i] == irq_hartid)
			ctx = p->plic_s_context[i];
	if (ctx == PLATFORM_NO_CONTEXT) {
		pr_err("host PLIC: its interrupts-extended names no S-mode context of hart %lu\n",
		       irq_hartid);
		return -1;
	}
	if (!pa_in_linear_map(p->plic.base, p->plic.size) ||
	    PLIC_CONTEXT_BASE + (uint64_t)PLIC_CONTEXT_STRIDE * (ctx + 1) > p->plic.size) {
		pr_err("host PLIC at %#llx: context %u is outside its window or out of reach\n",
		       (unsigned long long)p->plic.base, ctx);
		return -1;
	}
	plic_base = (unsigned long)__va(p->plic.base);
	plic_context = ctx;
	plic_claim = plic_base + PLIC_CONTEXT_BASE + PLIC_CONTEXT_STRIDE * ctx + PLIC_CONTEXT_CLAIM;
	plic_max_irq = p->plic_ndev && p->plic_ndev < PLIC_MAX_SOURCE ? p->plic_ndev :
									PLIC_MAX_SOURCE;
	writel(0,
	       plic_base + PLIC_CONTEXT_BASE + PLIC_CONTEXT_STRIDE * ctx + PLIC_CONTEXT_THRESHOLD);
	return 0;
}

void host_irq_init(unsigned long hartid)
{
	irq_hartid = hartid;
}

int host_irq_register(unsigned int irq, void (*handler)(void *ctx), void *ctx)
{
	unsigned int n = nr_host_irqs;

	if (!plic_state)
		plic_state = plic_setup() ? -1 : 1;
	if (plic_state < 0)
		return -1;
	if (irq == 0 || irq > plic_max_irq || n == HOST_IRQ_MAX) {
		pr_err("host PLIC: cannot take interrupt %u (sources 1..%u, %u of %u handlers)\n",
		       irq, plic_max_irq, n, HOST_IRQ_MAX);
		return -1;
	}
	host_irqs[n] = (struct host_irq){ irq, handler, ctx };
	__atomic_store_n(&nr_host_irqs, n + 1, __ATOMIC_RELEASE);
	writel(1, plic_base + PLIC_PRIORITY_BASE + 4 * irq);
	writel(readl(plic_enable_word(irq)) | 1U << (irq % 32), plic_enable_word(irq));
	__atomic_store_n(&plic_live, true, __ATOMIC_RELEASE);
	return 0;
}

static void host_irq_handle(unsigned int irq)
{
	unsigned int i, n = __atomic_load_n(&nr_host_irqs, __ATOMIC_ACQUIRE);

	for (i = 0; i < n; i++) {
		if (host_irqs[i].irq == irq) {
			host_irqs[i].handler(host_irqs[i].ctx);
			return;
		}
	}
	/* Enabled by someone else (firmware), or a bug: keep it quiet from now on. */
	writel(readl(plic_enable_word(irq)) & ~(1U << (irq % 32)), plic_enable_word(irq));
	pr_warn("host PLIC: interrupt %u has no handler: disabled\n", irq);
}

void host_irq_dispatch(void)
{
	uint32_t irq;

	/* Only the interrupt hart has SEIE, so only it calls this: no hart check here. */
	while ((irq = readl(plic_claim)) != 0) {
		if (irq <= plic_max_irq)
			host_irq_handle(irq);
		writel(irq, plic_claim);
	}
}

unsigned long host_irq_sie(unsigned long hartid)
{
	return __atomic_load_n(&plic_live, __ATOMIC_ACQUIRE) && hartid == irq_hartid ? SIE_SEIE : 0;
}
