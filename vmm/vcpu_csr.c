// SPDX-License-Identifier: GPL-2.0
/*
 * CSR instructions executed by the guest: a table of the CSRs a virtual
 * S-mode hart has, as data (field, WARL mask, who may access it) where the
 * CSR is a plain register, with handlers where it is not. A CSR not in the
 * table, or one the guest's privilege may not touch, is illegal.
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
/* IALIGN is 16 (C is implemented): bit 0 is always zero. */
#define SEPC_WRITABLE	   (~1UL)
/* sscratch, scause and stval hold whatever the guest writes. */
#define ALL_WRITABLE	   (~0UL)

/*
 * A CSR of the virtual hart. Most are plain registers: the value is a field
 * of struct vcpu_csrs, and a write keeps the bits of @wmask and clears the
 * others. Handlers take the field's place where an access has side effects,
 * or where the WARL rule is more than a mask. A CSR with neither @wmask nor
 * @write is read-only.
 */
struct csr_desc {
	const char *name;
	unsigned int num;
	unsigned int field;				  /* offsetof(struct vcpu_csrs, x) */
	unsigned long wmask;				  /* writable bits, when @write is NULL */
	unsigned long (*read)(const struct vcpu *v);	  /* NULL: read the field */
	void (*write)(struct vcpu *v, unsigned long val); /* NULL: write the field */
	bool (*allowed)(const struct vcpu *v);		  /* NULL: always */
};

static unsigned long read_sstatus(const struct vcpu *v)
{
	unsigned long val = v->csr.sstatus | SR_UXL_64;

	if ((val & SR_FS) == SR_FS_DIRTY || (val & SR_VS) == SR_VS_DIRTY)
		val |= SR_SD;
	return val;
}

/* SUM and MXR change what the guest may access: the shadow view follows. */
static void write_sstatus(struct vcpu *v, unsigned long val)
{
	unsigned long old = v->csr.sstatus;

	v->csr.sstatus = (old & ~SSTATUS_WRITABLE) | (val & SSTATUS_WRITABLE);
	if ((old ^ v->csr.sstatus) & (SR_SUM | SR_MXR))
		vcpu_switch_view(v);
}

/* No read-modify-write of sip: other harts may set SEIP meanwhile (vcpu.h). */
static void write_sip(struct vcpu *v, unsigned long val)
{
	vcpu_sip_set(v, val & SIP_WRITABLE);
	vcpu_sip_clear(v, ~val & SIP_WRITABLE);
}

/* Reserved modes (2, 3) leave stvec unchanged, as QEMU's harts do. */
static void write_stvec(struct vcpu *v, unsigned long val)
{
	if ((val & TVEC_MODE_MASK) <= TVEC_MODE_VECTORED)
		v->csr.stvec = val;
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

/* stimecmp is offered when the host has Sstc, as the guest's ISA string says. */
static bool stimecmp_allowed(const struct vcpu *v)
{
	return vcpu_offers_sstc(v);
}

static unsigned long read_time(const struct vcpu *v)
{
	return csr_read(CSR_TIME);
}

static unsigned long read_cycle(const struct vcpu *v)
{
	return csr_read(CSR_CYCLE);
}

static unsigned long read_instret(const struct vcpu *v)
{
	return csr_read(CSR_INSTRET);
}

/* The host's hpmcounters count nothing a guest could use: they read as 0, as on QEMU. */
static unsigned long read_hpmcounter(const struct vcpu *v)
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

/* The name and field of a CSR whose value is the vcpu_csrs field of that name. */
#define CSR_FIELD(x) .name = #x, .field = offsetof(struct vcpu_csrs, x)

/* The order is that of the trap-stats slots (v->stats.csr[]). */
static const struct csr_desc csr_table[] = {
	{ .name = "sstatus", .num = CSR_SSTATUS, .read = read_sstatus, .write = write_sstatus },
	{ CSR_FIELD(sie), .num = CSR_SIE, .wmask = SIE_WRITABLE },
	{ CSR_FIELD(stvec), .num = CSR_STVEC, .write = write_stvec },
	{ CSR_FIELD(scounteren), .num = CSR_SCOUNTEREN, .wmask = COUNTEREN_WRITABLE },
	{ CSR_FIELD(senvcfg), .num = CSR_SENVCFG, .wmask = SENVCFG_WRITABLE },
	{ CSR_FIELD(sscratch), .num = CSR_SSCRATCH, .wmask = ALL_WRITABLE },
	{ CSR_FIELD(sepc), .num = CSR_SEPC, .wmask = SEPC_WRITABLE },
	{ CSR_FIELD(scause), .num = CSR_SCAUSE, .wmask = ALL_WRITABLE },
	{ CSR_FIELD(stval), .num = CSR_STVAL, .wmask = ALL_WRITABLE },
	{ .name = "sip", .num = CSR_SIP, .read = vcpu_read_sip, .write = write_sip },
	{ CSR_FIELD(stimecmp), .num = CSR_STIMECMP, .write = vcpu_set_timer,
	  .allowed = stimecmp_allowed },
	{ CSR_FIELD(satp), .num = CSR_SATP, .write = write_satp },
	{ .name = "cycle", .num = CSR_CYCLE, .read = read_cycle, .allowed = cycle_allowed },
	{ .name = "time", .num = CSR_TIME, .read = read_time, .allowed = time_allowed },
	{ .name = "instret", .num = CSR_INSTRET, .read = read_instret, .allowed = instret_allowed },
};

/* hpmcounter3..31 share one entry, and the stats slot after the table's. */
static const struct csr_desc hpmcounter_desc = { .name = "hpmcounter", .read = read_hpmcounter };

_Static_assert(ARRAY_SIZE(csr_table) + 1 <= VCPU_STAT_CSR_SLOTS, "a stats slot per CSR entry");

static unsigned long *csr_field(struct vcpu *v, const struct csr_desc *d)
{
	return (unsigned long *)((char *)&v->csr + d->field);
}

static unsigned long csr_read_value(struct vcpu *v, const struct csr_desc *d)
{
	return d->read ? d->read(v) : *csr_field(v, d);
}

static void csr_write_value(struct vcpu *v, const struct csr_desc *d, unsigned long val)
{
	if (d->write)
		d->write(v, val);
	else
		*csr_field(v, d) = val & d->wmask;
}

static bool csr_is_writable(const struct csr_desc *d)
{
	return d->write || d->wmask;
}

/* Only the counters the real harts have: the others are illegal, as natively. */
static bool hpmcounter_allowed(const struct vcpu *v, unsigned int num)
{
	unsigned long bit = BIT(num - CSR_CYCLE);

	return (harts[0].hpm_counters & bit) && counter_allowed(v, bit);
}

/*
 * The entry of CSR @num, or NULL if the guest may not access it now. @slot
 * gets its stats slot, its index in csr_table (the hpmcounters: the one
 * after): the index is at hand here, where a pointer difference would cost
 * a division by the entry size on every emulated access.
 */
static const struct csr_desc *csr_lookup(const struct vcpu *v, unsigned int num, size_t *slot)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(csr_table); i++) {
		const struct csr_desc *d = &csr_table[i];

		if (d->num == num) {
			*slot = i;
			return !d->allowed || d->allowed(v) ? d : NULL;
		}
	}
	*slot = ARRAY_SIZE(csr_table);
	if (num >= CSR_HPMCOUNTER3 && num <= CSR_HPMCOUNTER31 && hpmcounter_allowed(v, num))
		return &hpmcounter_desc;
	return NULL;
}

/* What CSRRW, CSRRS or CSRRC (and their immediate forms) write. */
static unsigned long csr_new_value(unsigned int op, unsigned long old, unsigned long src)
{
	switch (op) {
	case SYSTEM_F3_CSRRW:
		return src;
	case SYSTEM_F3_CSRRS:
		return old | src;
	default:
		return old & ~src;
	}
}

/*
 * CSRRW[I] with rd = x0 does not read; CSRRS/C[I] with rs1 = x0 (uimm = 0)
 * does not write. A write to a read-only CSR, or to any CSR above the
 * guest's privilege, is illegal even when the value would not change.
 */
bool vcpu_emulate_csr(struct vcpu *v, unsigned long insn)
{
	unsigned int op = INSN_FUNCT3(insn) & SYSTEM_F3_OP_MASK;
	unsigned int rd = INSN_RD(insn), rs1 = INSN_RS1(insn), num = INSN_CSR(insn);
	unsigned long src = (INSN_FUNCT3(insn) & SYSTEM_F3_CSR_IMM) ? rs1 : vcpu_gpr(v, rs1);
	bool is_write = op == SYSTEM_F3_CSRRW || rs1 != 0;
	size_t slot;
	const struct csr_desc *d = csr_lookup(v, num, &slot);
	unsigned long old = 0;

	/* funct3 4 is no CSR access (HLV/HSV, illegal without H) */
	if (!d || CSR_ADDR_PRIV(num) > v->priv || !op)
		return false;
	if (is_write && (!csr_is_writable(d) || CSR_ADDR_READ_ONLY(num)))
		return false;
	vcpu_stat_inc(v, emulated_csr);
	vcpu_stat_inc(v, csr[slot]);
	if (op != SYSTEM_F3_CSRRW || rd)
		old = csr_read_value(v, d);
	if (is_write)
		csr_write_value(v, d, csr_new_value(op, old, src));
	vcpu_set_gpr(v, rd, old);
	v->regs.sepc += 4;
	return true;
}

void vcpu_csr_print_stats(const struct vcpu *v)
{
#ifdef CONFIG_TRAP_STATS
	unsigned int i;

	for (i = 0; i <= ARRAY_SIZE(csr_table); i++) {
		const struct csr_desc *d = i < ARRAY_SIZE(csr_table) ? &csr_table[i] :
								       &hpmcounter_desc;

		if (v->stats.csr[i])
			printk("svpn: stats:   csr %-28s %lu\n", d->name, v->stats.csr[i]);
	}
#endif
}
