// SPDX-License-Identifier: GPL-2.0
/*
 * The M-mode stub: the only code SVPN runs in M-mode.
 *
 * It does what S-mode cannot: protect itself with PMP, delegate traps to
 * S-mode, and serve a handful of SBI calls from SVPN (timer without Sstc,
 * IPIs, hart start, system reset). It runs at physical addresses, linked
 * apart from SVPN, and so calls no library function.
 */
#include <asm/csr.h>
#include <asm/memory.h>
#include <asm/mstub.h>
#include <svpn/exitcodes.h>
#include "mstub.h"

extern char mstub_trap_vector[];
extern char _svpn_load_pa[]; /* linker script: SVPN's entry, physical */
unsigned long mstub_try_enable_stce(void);
unsigned long mstub_probe_hpm(void);

/* Exceptions S-mode handles itself; ecalls from S stay here (they are for us). */
#define MSTUB_MEDELEG                                                              \
	(BIT(EXC_INST_MISALIGNED) | BIT(EXC_INST_ACCESS) | BIT(EXC_INST_ILLEGAL) | \
	 BIT(EXC_BREAKPOINT) | BIT(EXC_LOAD_MISALIGNED) | BIT(EXC_LOAD_ACCESS) |   \
	 BIT(EXC_STORE_MISALIGNED) | BIT(EXC_STORE_ACCESS) | BIT(EXC_ECALL_U) |    \
	 BIT(EXC_INST_PAGE_FAULT) | BIT(EXC_LOAD_PAGE_FAULT) | BIT(EXC_STORE_PAGE_FAULT))
#define MSTUB_MIDELEG (MIP_SSIP | MIP_STIP | MIP_SEIP)

enum mstub_hart_state {
	MSTUB_HART_STOPPED = SBI_HSM_STATE_STOPPED,
	MSTUB_HART_START_PENDING = SBI_HSM_STATE_START_PENDING,
	MSTUB_HART_STARTED = SBI_HSM_STATE_STARTED,
};

struct mstub_hart {
	volatile unsigned long state;
	unsigned long start_addr;
	unsigned long opaque;
	volatile unsigned long ipi_pending;
};

static struct mstub_hart harts[CONFIG_NR_CPUS];
static volatile unsigned long clint_base = CONFIG_EARLY_CLINT_BASE;
static volatile unsigned long reset_base = CONFIG_EARLY_RESET_BASE;
static unsigned long features;
static unsigned long hpm_mask;

struct sbiret {
	long error;
	long value;
};

static inline void mmio_write32(unsigned long addr, unsigned int val)
{
	*(volatile unsigned int *)addr = val;
}

static inline void mmio_write64(unsigned long addr, unsigned long val)
{
	*(volatile unsigned long *)addr = val;
}

static void __attribute__((noreturn)) mstub_finish(unsigned int cmd)
{
	mmio_write32(reset_base, cmd);
	for (;;)
		__asm__ __volatile__("wfi");
}

static void __attribute__((noreturn)) mstub_exit(unsigned int code)
{
	if (code == 0)
		mstub_finish(SIFIVE_TEST_PASS);
	mstub_finish(SIFIVE_TEST_FAIL | (code << SIFIVE_TEST_CODE_SHIFT));
}

/*
 * PMP entry 0 denies S and U everything in the stub's region; entry 1 then
 * allows the rest of the address space. Entries are not locked, so M-mode
 * itself is unaffected.
 */
static void mstub_setup_pmp(void)
{
	unsigned long stub_napot = (RAM_BASE >> PMP_SHIFT) | ((MSTUB_SIZE >> 3) - 1);
	unsigned long cfg = (PMP_A_NAPOT << 0) | ((PMP_A_NAPOT | PMP_R | PMP_W | PMP_X) << 8);

	csr_write(CSR_PMPADDR0, stub_napot);
	csr_write(CSR_PMPADDR0 + 1, -1UL);
	csr_write(CSR_PMPCFG0, cfg);
	__asm__ __volatile__("sfence.vma" ::: "memory");
}

static void mstub_setup_hart(unsigned long hartid)
{
	csr_write(CSR_MTVEC, (unsigned long)mstub_trap_vector);
	mstub_setup_pmp();
	csr_write(CSR_MEDELEG, MSTUB_MEDELEG);
	csr_write(CSR_MIDELEG, MSTUB_MIDELEG);
	csr_write(CSR_MCOUNTEREN, COUNTEREN_CY | COUNTEREN_TM | COUNTEREN_IR);
	if (mstub_try_enable_stce()) {
		/* The probe left stimecmp disarmed: no timer until SVPN asks. */
		features |= MSTUB_F_SSTC;
	} else {
		mmio_write64(clint_base + CLINT_MTIMECMP_OFFSET + 8 * hartid, -1UL);
	}
	csr_write(CSR_MIP, 0);
	csr_write(CSR_MIE, MIP_MSIP);
}

void mstub_boot_hart(unsigned long hartid, unsigned long dtb)
{
	unsigned long i;

	for (i = 0; i < CONFIG_NR_CPUS; i++)
		harts[i].state = MSTUB_HART_STOPPED;
	harts[hartid].state = MSTUB_HART_STARTED;
	mstub_setup_hart(hartid);
	hpm_mask = mstub_probe_hpm();
	mstub_enter_smode(hartid, (unsigned long)_svpn_load_pa, dtb);
}

/* Wait, with only MSIP enabled, until SVPN starts this hart through HSM. */
void mstub_secondary_hart(unsigned long hartid)
{
	struct mstub_hart *h = &harts[hartid];

	csr_write(CSR_MTVEC, (unsigned long)mstub_trap_vector);
	csr_write(CSR_MIE, MIP_MSIP);
	while (h->state != MSTUB_HART_START_PENDING) {
		__asm__ __volatile__("wfi");
		mmio_write32(clint_base + CLINT_MSIP_OFFSET + 4 * hartid, 0);
	}
	__asm__ __volatile__("fence r, rw" ::: "memory");
	mstub_setup_hart(hartid);
	h->state = MSTUB_HART_STARTED;
	mstub_enter_smode(hartid, h->start_addr, h->opaque);
}

static void mstub_send_ipi(unsigned long hartid)
{
	mmio_write32(clint_base + CLINT_MSIP_OFFSET + 4 * hartid, 1);
}

static struct sbiret mstub_hart_start(unsigned long hartid, unsigned long addr,
				      unsigned long opaque)
{
	struct mstub_hart *h;

	if (hartid >= CONFIG_NR_CPUS)
		return (struct sbiret){ SBI_ERR_INVALID_PARAM, 0 };
	h = &harts[hartid];
	if (h->state != MSTUB_HART_STOPPED)
		return (struct sbiret){ SBI_ERR_ALREADY_AVAILABLE, 0 };
	h->start_addr = addr;
	h->opaque = opaque;
	__asm__ __volatile__("fence w, w" ::: "memory");
	h->state = MSTUB_HART_START_PENDING;
	mstub_send_ipi(hartid);
	return (struct sbiret){ SBI_SUCCESS, 0 };
}

static struct sbiret mstub_ipi(unsigned long mask, unsigned long base)
{
	unsigned long i;

	for (i = 0; i < 64 && base + i < CONFIG_NR_CPUS; i++) {
		if (!(mask & BIT(i)))
			continue;
		harts[base + i].ipi_pending = 1;
		__asm__ __volatile__("fence w, w" ::: "memory");
		mstub_send_ipi(base + i);
	}
	return (struct sbiret){ SBI_SUCCESS, 0 };
}

/* Without Sstc: program mtimecmp and forward the M timer as STIP. */
static struct sbiret mstub_set_timer(unsigned long hartid, unsigned long when)
{
	mmio_write64(clint_base + CLINT_MTIMECMP_OFFSET + 8 * hartid, when);
	csr_clear(CSR_MIP, MIP_STIP);
	csr_set(CSR_MIE, MIP_MTIP);
	return (struct sbiret){ SBI_SUCCESS, 0 };
}

static void __attribute__((noreturn)) mstub_reset(unsigned long type, unsigned long reason)
{
	if (type != SBI_SRST_RESET_TYPE_SHUTDOWN)
		mstub_finish(SIFIVE_TEST_RESET);
	if (reason == SBI_SRST_RESET_REASON_NONE)
		mstub_exit(SVPN_EXIT_OK);
	if ((reason & ~SBI_SRST_RESET_REASON_EXIT_MASK) == SBI_SRST_RESET_REASON_SVPN_EXIT)
		mstub_exit(reason & SBI_SRST_RESET_REASON_EXIT_MASK);
	mstub_exit(SVPN_EXIT_GUEST_FAILURE);
}

static struct sbiret mstub_ecall(unsigned long hartid, struct mstub_regs *r)
{
	switch (r->a7) {
	case SBI_EXT_BASE:
		/* The machine's identity, which only M-mode can read. */
		if (r->a6 == SBI_EXT_BASE_GET_MVENDORID)
			return (struct sbiret){ SBI_SUCCESS, (long)csr_read(CSR_MVENDORID) };
		if (r->a6 == SBI_EXT_BASE_GET_MARCHID)
			return (struct sbiret){ SBI_SUCCESS, (long)csr_read(CSR_MARCHID) };
		if (r->a6 == SBI_EXT_BASE_GET_MIMPID)
			return (struct sbiret){ SBI_SUCCESS, (long)csr_read(CSR_MIMPID) };
		break;
	case SBI_EXT_TIME:
		return mstub_set_timer(hartid, r->a0);
	case SBI_EXT_IPI:
		return mstub_ipi(r->a0, r->a1);
	case SBI_EXT_HSM:
		if (r->a6 == SBI_EXT_HSM_HART_START)
			return mstub_hart_start(r->a0, r->a1, r->a2);
		break;
	case SBI_EXT_SRST:
		mstub_reset(r->a0, r->a1);
	case SBI_EXT_SVPN_MSTUB:
		if (r->a6 == MSTUB_FID_SET_PLATFORM) {
			clint_base = r->a0;
			reset_base = r->a1;
			return (struct sbiret){ SBI_SUCCESS, 0 };
		}
		if (r->a6 == MSTUB_FID_GET_FEATURES)
			return (struct sbiret){ SBI_SUCCESS, (long)features };
		if (r->a6 == MSTUB_FID_GET_HPM)
			return (struct sbiret){ SBI_SUCCESS, (long)hpm_mask };
		break;
	}
	return (struct sbiret){ SBI_ERR_NOT_SUPPORTED, 0 };
}

static void mstub_interrupt(unsigned long hartid, unsigned long irq)
{
	if (irq == IRQ_M_TIMER) {
		/* One-shot: SVPN re-arms through set_timer. */
		csr_clear(CSR_MIE, MIP_MTIP);
		csr_set(CSR_MIP, MIP_STIP);
	} else if (irq == IRQ_M_SOFT) {
		mmio_write32(clint_base + CLINT_MSIP_OFFSET + 4 * hartid, 0);
		if (harts[hartid].ipi_pending) {
			harts[hartid].ipi_pending = 0;
			csr_set(CSR_MIP, MIP_SSIP);
		}
	} else {
		mstub_exit(SVPN_EXIT_MSTUB_FATAL);
	}
}

void mstub_trap(struct mstub_regs *regs)
{
	unsigned long cause = csr_read(CSR_MCAUSE);
	unsigned long hartid = csr_read(CSR_MHARTID);
	struct sbiret ret;

	if (cause & CAUSE_IRQ_FLAG) {
		mstub_interrupt(hartid, cause & ~CAUSE_IRQ_FLAG);
		return;
	}
	if (cause != EXC_ECALL_S)
		mstub_exit(SVPN_EXIT_MSTUB_FATAL); /* nothing else reaches M-mode */
	ret = mstub_ecall(hartid, regs);
	regs->a0 = ret.error;
	regs->a1 = ret.value;
	csr_write(CSR_MEPC, csr_read(CSR_MEPC) + 4);
}
