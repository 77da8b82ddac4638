// SPDX-License-Identifier: GPL-2.0
/*
 * Emulation of the privileged instructions a guest kernel executes in real
 * U-mode: CSR accesses, SRET, WFI, SFENCE.VMA. Anything else that traps as
 * illegal is illegal for the guest too, and is forwarded to it.
 */
#include <asm/csr.h>
#include <asm/insn.h>
#include <asm/page.h>
#include <svpn/shadow.h>
#include <svpn/trace.h>
#include <svpn/vcpu.h>
#include "vcpu_internal.h"

/*
 * QEMU reports the instruction in stval; other harts may report 0, and then
 * the instruction is read from guest memory at pc, as the guest sees it.
 */
static bool vcpu_trapped_insn(struct vcpu *v, unsigned long stval, unsigned long *insn)
{
	uint32_t bits;

	if (stval) {
		*insn = stval;
		return true;
	}
	if (shadow_fetch_insn(v->mmu, v->regs.sepc, &bits))
		return false;
	*insn = bits;
	return true;
}

static void vcpu_emulate_sret(struct vcpu *v)
{
	struct vcpu_csrs *c = &v->csr;
	enum vpriv prev = (c->sstatus & SR_SPP) ? VPRIV_S : VPRIV_U;

	vcpu_stat_inc(v, sret);
	c->sstatus &= ~(SR_SIE | SR_SPP);
	if (c->sstatus & SR_SPIE)
		c->sstatus |= SR_SIE;
	c->sstatus |= SR_SPIE;
	v->regs.sepc = c->sepc;
	trace_trap(TRACE_LEVEL_EVENTS, v, "sret to %c-mode", prev == VPRIV_S ? 'S' : 'U');
	vcpu_set_priv(v, prev);
}

/* rs2's bits above ASIDLEN are ignored, as the spec says (satp holds no more). */
static void vcpu_emulate_sfence(struct vcpu *v, unsigned long insn)
{
	unsigned int rs1 = INSN_RS1(insn), rs2 = INSN_RS2(insn);

	vcpu_stat_inc(v, sfence);
	shadow_sfence(v->mmu, rs1 ? vcpu_gpr(v, rs1) : SHADOW_FLUSH_ALL,
		      rs2 ? vcpu_gpr(v, rs2) & SATP_ASID_MASK : SHADOW_FLUSH_ALL);
	v->regs.sepc += 4;
}

/* SYSTEM opcode with funct3 = 0: the privileged instructions without CSR. */
static bool vcpu_emulate_priv(struct vcpu *v, unsigned long insn)
{
	if (v->priv != VPRIV_S)
		return false; /* all of them are illegal from (virtual) U-mode */
	if (insn == INSN_SRET) {
		vcpu_emulate_sret(v);
		return true;
	}
	if (insn == INSN_WFI) {
		v->regs.sepc += 4;
		vcpu_wait_for_interrupt(v);
		return true;
	}
	if (INSN_FUNCT7(insn) == INSN_FUNCT7_SFENCE_VMA && INSN_RD(insn) == 0) {
		vcpu_emulate_sfence(v, insn);
		return true;
	}
	return false; /* MRET, hypervisor instructions, reserved encodings */
}

/* Longest run of CSR instructions emulated in one trap. */
#define CLUSTER_MAX 8

static bool is_csr_insn(unsigned long insn)
{
	return INSN_LEN(insn) == 4 && (insn & INSN_OPCODE_MASK) == INSN_OPCODE_SYSTEM &&
	       INSN_FUNCT3(insn) != SYSTEM_F3_PRIV;
}

/*
 * Guest kernels run CSR instructions in runs (Linux's trap entry saves
 * sscratch, sstatus, sepc, scause, stval back to back), and each would be a
 * trap of its own. After emulating one, look at the next instructions
 * through the vCPU's own shadow and emulate them in this trap too, as long
 * as each is a CSR access the guest may make and no interrupt has become
 * deliverable in between (Agesen et al., USENIX ATC 2012).
 */
/*
 * What decides how the next instruction is fetched. The run stays in the
 * page the trapping instruction was fetched from, with these unchanged, so
 * the guest could fetch each instruction of it too.
 */
static unsigned long fetch_context(const struct vcpu *v)
{
	return v->csr.satp ^ (v->csr.sstatus & (SR_SUM | SR_MXR)) ^ v->priv;
}

/*
 * The page is looked up once: while the context holds, it stays mapped as
 * it was (only an SFENCE.VMA, which ends the run, makes a changed guest
 * mapping visible), and its host address is guest RAM, which stays.
 */
static void vcpu_emulate_csr_cluster(struct vcpu *v, unsigned long trap_pc, unsigned long context)
{
	const uint16_t *page = NULL;
	unsigned int n;

	for (n = 1; n < CLUSTER_MAX; n++) {
		unsigned long pc = v->regs.sepc, off = pc & ~PAGE_MASK;
		uint32_t insn;

		/* Cheapest tests first: most runs end at a non-CSR instruction. */
		if ((pc & PAGE_MASK) != (trap_pc & PAGE_MASK) || off > PAGE_SIZE - 4 || (off & 1) ||
		    fetch_context(v) != context)
			return;
		if (!page && !(page = shadow_peek_page(v->mmu, pc)))
			return;
		insn = page[off / 2] | (uint32_t)page[off / 2 + 1] << 16;
		if (!is_csr_insn(insn) || vcpu_interrupt_deliverable(v) ||
		    !vcpu_emulate_csr(v, insn))
			return;
		vcpu_stat_inc(v, clustered);
		trace_trap(TRACE_LEVEL_ALL, v, "insn %08x emulated in the same trap", insn);
	}
}

void vcpu_emulate_insn(struct vcpu *v, unsigned long stval)
{
	unsigned long insn, pc = v->regs.sepc, context = fetch_context(v);
	bool ok = false;

	if (!vcpu_trapped_insn(v, stval, &insn)) {
		vcpu_inject_illegal(v, 0);
		return;
	}
	insn &= 0xffffffffUL;
	if (INSN_LEN(insn) == 4 && (insn & INSN_OPCODE_MASK) == INSN_OPCODE_SYSTEM) {
		if (INSN_FUNCT3(insn) == SYSTEM_F3_PRIV)
			ok = vcpu_emulate_priv(v, insn);
		else if ((ok = vcpu_emulate_csr(v, insn)) && IS_ENABLED(CONFIG_CSR_CLUSTERS))
			vcpu_emulate_csr_cluster(v, pc, context);
	}
	trace_trap(TRACE_LEVEL_ALL, v, "insn %08lx %s", insn, ok ? "emulated" : "illegal");
	if (!ok)
		vcpu_inject_illegal(v, stval);
}
