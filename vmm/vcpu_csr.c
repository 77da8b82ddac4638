// SPDX-License-Identifier: GPL-2.0
/*
 * CSR instructions executed by the guest: a table of the CSRs a virtual
 * S-mode hart has, each with its read and write (WARL) behaviour. A CSR not
 * in the table, or one the guest's privilege may not touch, is illegal.
 */
#include <asm/csr.h>
#include <asm/hart.h>
#include <asm/insn.h>
#include <asm/mstub.h>
#include <svpn/printk.h>
#include <svpn/shadow.h>
#include <svpn/trace.h>
#include <svpn/vcpu.h>
#include "vcpu_internal.h"

/*
 * The sstatus fields a guest may write; UXL and SD are computed on read.
 * VS is writable as on QEMU's harts without V (the spec allows either), but
 * only in the virtual sstatus: it never reaches the real one (vcpu.c).
 */
#define SSTATUS_WRITABLE   (SR_SIE | SR_SPIE | SR_SPP | SR_FS | SR_VS | SR_SUM | SR_MXR)
#define SIE_WRITABLE	   (SIE_SSIE | SIE_STIE | SIE_SEIE)
#define SIP_WRITABLE	   SIP_SSIP
#define SENVCFG_WRITABLE   (ENVCFG_FIOM | ENVCFG_CBIE | ENVCFG_CBCFE | ENVCFG_CBZE)
#define SATP_WRITABLE	   (SATP_MODE | (SATP_ASID_MASK << SATP_ASID_SHIFT) | SATP_PPN)
#define COUNTEREN_WRITABLE 0xffffffffUL

struct csr_ops {
	const char *name;
	unsigned int num;
	unsigned long (*read)(struct vcpu *v);
	void (*write)(struct vcpu *v, unsigned long val); /* NULL: read-only */
	bool (*allowed)(const struct vcpu *v);		  /* NULL: always */
};

static unsigned long read_sstatus(struct vcpu *v)
{
	unsigned long val = v->csr.sstatus | SR_UXL_64;

	if ((val & SR_FS) == SR_FS_DIRTY || (val & SR_VS) == SR_VS_DIRTY)
		val |= SR_SD;
	return val;
}

static void write_sstatus(struct vcpu *v, unsigned long val)
{
	unsigned long old = v->csr.sstatus;

	v->csr.sstatus = (old & ~SSTATUS_WRITABLE) | (val & SSTATUS_WRITABLE);
	if ((old ^ v->csr.sstatus) & (SR_SUM | SR_MXR))
		vcpu_switch_view(v);
}

static unsigned long read_sie(struct vcpu *v)
{
	return v->csr.sie;
}

static void write_sie(struct vcpu *v, unsigned long val)
{
	v->csr.sie = val & SIE_WRITABLE;
}

static unsigned long read_sip(struct vcpu *v)
{
	return vcpu_read_sip(v);
}

static void write_sip(struct vcpu *v, unsigned long val)
{
	vcpu_sip_set(v, val & SIP_WRITABLE);
	vcpu_sip_clear(v, ~val & SIP_WRITABLE);
}

static unsigned long read_stvec(struct vcpu *v)
{
	return v->csr.stvec;
}

/* Reserved modes (2, 3) leave stvec unchanged, as QEMU's harts do. */
static void write_stvec(struct vcpu *v, unsigned long val)
{
	if ((val & TVEC_MODE_MASK) <= TVEC_MODE_VECTORED)
		v->csr.stvec = val;
}

static unsigned long read_scounteren(struct vcpu *v)
{
	return v->csr.scounteren;
}

static void write_scounteren(struct vcpu *v, unsigned long val)
{
	v->csr.scounteren = val & COUNTEREN_WRITABLE;
}

static unsigned long read_senvcfg(struct vcpu *v)
{
	return v->csr.senvcfg;
}

static void write_senvcfg(struct vcpu *v, unsigned long val)
{
	v->csr.senvcfg = val & SENVCFG_WRITABLE;
}

static unsigned long read_sscratch(struct vcpu *v)
{
	return v->csr.sscratch;
}

static void write_sscratch(struct vcpu *v, unsigned long val)
{
	v->csr.sscratch = val;
}

static unsigned long read_sepc(struct vcpu *v)
{
	return v->csr.sepc;
}

/* IALIGN is 16 (C is implemented): bit 0 is always zero. */
static void write_sepc(struct vcpu *v, unsigned long val)
{
	v->csr.sepc = val & ~1UL;
}

static unsigned long read_scause(struct vcpu *v)
{
	return v->csr.scause;
}

static void write_scause(struct vcpu *v, unsigned long val)
{
	v->csr.scause = val;
}

static unsigned long read_stval(struct vcpu *v)
{
	return v->csr.stval;
}

static void write_stval(struct vcpu *v, unsigned long val)
{
	v->csr.stval = val;
}

static unsigned long read_satp(struct vcpu *v)
{
	return v->csr.satp;
}

/* Only Bare and Sv39 are offered; other modes leave satp unchanged (WARL). */
static void write_satp(struct vcpu *v, unsigned long val)
{
	unsigned long mode = val & SATP_MODE;

	if (mode != SATP_MODE_BARE && mode != SATP_MODE_39)
		return;
	v->csr.satp = val & SATP_WRITABLE;
	vcpu_set_satp(v);
}

static unsigned long read_stimecmp(struct vcpu *v)
{
	return v->csr.stimecmp;
}

static void write_stimecmp(struct vcpu *v, unsigned long val)
{
	vcpu_set_timer(v, val);
}

/* stimecmp is offered when the host has Sstc, as the guest's ISA string says. */
static bool stimecmp_allowed(const struct vcpu *v)
{
	return vcpu_offers_sstc(v);
}

static unsigned long read_time(struct vcpu *v)
{
	return csr_read(CSR_TIME);
}

static unsigned long read_cycle(struct vcpu *v)
{
	return csr_read(CSR_CYCLE);
}

static unsigned long read_instret(struct vcpu *v)
{
	return csr_read(CSR_INSTRET);
}

/* The host's hpmcounters count nothing a guest could use: they read as 0, as on QEMU. */
static unsigned long read_hpmcounter(struct vcpu *v)
{
	return 0;
}

static bool counter_allowed(const struct vcpu *v, unsigned long bit)
{
	return v->priv == VPRIV_S || (v->csr.scounteren & bit);
}

static bool cycle_allowed(const struct vcpu *v)
{
	return counter_allowed(v, COUNTEREN_CY);
}

static bool time_allowed(const struct vcpu *v)
{
	return counter_allowed(v, COUNTEREN_TM);
}

static bool instret_allowed(const struct vcpu *v)
{
	return counter_allowed(v, COUNTEREN_IR);
}

static const struct csr_ops csr_table[] = {
	{ "sstatus", CSR_SSTATUS, read_sstatus, write_sstatus, NULL },
	{ "sie", CSR_SIE, read_sie, write_sie, NULL },
	{ "stvec", CSR_STVEC, read_stvec, write_stvec, NULL },
	{ "scounteren", CSR_SCOUNTEREN, read_scounteren, write_scounteren, NULL },
	{ "senvcfg", CSR_SENVCFG, read_senvcfg, write_senvcfg, NULL },
	{ "sscratch", CSR_SSCRATCH, read_sscratch, write_sscratch, NULL },
	{ "sepc", CSR_SEPC, read_sepc, write_sepc, NULL },
	{ "scause", CSR_SCAUSE, read_scause, write_scause, NULL },
	{ "stval", CSR_STVAL, read_stval, write_stval, NULL },
	{ "sip", CSR_SIP, read_sip, write_sip, NULL },
	{ "stimecmp", CSR_STIMECMP, read_stimecmp, write_stimecmp, stimecmp_allowed },
	{ "satp", CSR_SATP, read_satp, write_satp, NULL },
	{ "cycle", CSR_CYCLE, read_cycle, NULL, cycle_allowed },
	{ "time", CSR_TIME, read_time, NULL, time_allowed },
	{ "instret", CSR_INSTRET, read_instret, NULL, instret_allowed },
};

/* Only the counters the real harts have: the others are illegal, as natively. */
static bool hpmcounter_allowed(const struct vcpu *v, unsigned int num)
{
	unsigned long bit = BIT(num - CSR_CYCLE);

	return (harts[0].hpm_counters & bit) && counter_allowed(v, bit);
}

static const struct csr_ops hpmcounter_ops = { "hpmcounter", 0, read_hpmcounter, NULL, NULL };

static const struct csr_ops *csr_lookup(const struct vcpu *v, unsigned int num)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(csr_table); i++) {
		const struct csr_ops *ops = &csr_table[i];

		if (ops->num == num)
			return !ops->allowed || ops->allowed(v) ? ops : NULL;
	}
	if (num >= CSR_HPMCOUNTER3 && num <= CSR_HPMCOUNTER31 && hpmcounter_allowed(v, num))
		return &hpmcounter_ops;
	return NULL;
}

/*
 * CSRRW[I] with rd = x0 does not read; CSRRS/C[I] with rs1 = x0 (uimm = 0)
 * does not write. A write to a read-only CSR, or to any CSR above the
 * guest's privilege, is illegal even when the value would not change.
 */
bool vcpu_emulate_csr(struct vcpu *v, unsigned long insn)
{
	unsigned int funct3 = INSN_FUNCT3(insn), rd = INSN_RD(insn), rs1 = INSN_RS1(insn);
	unsigned int num = INSN_CSR(insn);
	unsigned long src = (funct3 & SYSTEM_F3_CSR_IMM) ? rs1 : vcpu_gpr(v, rs1);
	bool is_write = (funct3 & 3) == SYSTEM_F3_CSRRW || rs1 != 0;
	const struct csr_ops *ops = csr_lookup(v, num);
	unsigned long old = 0, new;

	/* funct3 4 is no CSR access (HLV/HSV, illegal without H) */
	if (!ops || CSR_ADDR_PRIV(num) > v->priv || (funct3 & 3) == 0)
		return false;
	if (is_write && (!ops->write || CSR_ADDR_READ_ONLY(num)))
		return false;
	vcpu_stat_inc(v, emulated_csr);
	vcpu_stat_inc(
		v, csr[ops == &hpmcounter_ops ? ARRAY_SIZE(csr_table) : (size_t)(ops - csr_table)]);
	if ((funct3 & 3) != SYSTEM_F3_CSRRW || rd)
		old = ops->read(v);
	if (is_write) {
		switch (funct3 & 3) {
		case SYSTEM_F3_CSRRW:
			new = src;
			break;
		case SYSTEM_F3_CSRRS:
			new = old | src;
			break;
		default:
			new = old & ~src;
			break;
		}
		ops->write(v, new);
	}
	vcpu_set_gpr(v, rd, old);
	v->regs.sepc += 4;
	return true;
}

void vcpu_csr_print_stats(const struct vcpu *v)
{
#ifdef CONFIG_TRAP_STATS
	unsigned int i;

	for (i = 0; i <= ARRAY_SIZE(csr_table); i++) {
		const struct csr_ops *ops = i < ARRAY_SIZE(csr_table) ? &csr_table[i] :
									&hpmcounter_ops;

		if (v->stats.csr[i])
			printk("svpn: stats:   csr %-28s %lu\n", ops->name, v->stats.csr[i]);
	}
#endif
}
