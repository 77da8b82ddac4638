// SPDX-License-Identifier: GPL-2.0
/* The SBI dispatcher for guests: find the extension, call it, return a0/a1. */
#include <svpn/guest.h>
#include <svpn/trace.h>
#include "sbi.h"
#include "vcpu_internal.h"

#define REG_A0 10
#define REG_A1 11
#define REG_A6 16
#define REG_A7 17

static const struct sbi_ext *const sbi_exts[] = {
	&sbi_ext_base,
#ifdef CONFIG_VIRT_TIMER
	&sbi_ext_time,
#endif
	&sbi_ext_ipi,	 &sbi_ext_rfence, &sbi_ext_hsm, &sbi_ext_srst,
#ifdef CONFIG_SBI_DBCN
	&sbi_ext_dbcn,
#endif
#ifdef CONFIG_SBI_LEGACY
	&sbi_ext_legacy,
#endif
};

static const struct sbi_ext *sbi_find_ext(const struct vcpu *v, unsigned long eid)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sbi_exts); i++) {
		const struct sbi_ext *ext = sbi_exts[i];

		if (eid >= ext->eid_start && eid <= ext->eid_end)
			return !ext->available || ext->available(v) ? ext : NULL;
	}
	return NULL;
}

bool sbi_ext_available(const struct vcpu *v, unsigned long eid)
{
	return sbi_find_ext(v, eid) != NULL;
}

long sbi_for_each_hart(struct vcpu *v, unsigned long mask, unsigned long base,
		       void (*fn)(struct vcpu *target, const unsigned long *args),
		       const unsigned long *args)
{
	struct guest *g = v->guest;
	unsigned long i, bits = mask;

	if (base == SBI_HART_MASK_ALL) {
		for (i = 0; i < g->nr_vcpus; i++)
			fn(&g->vcpus[i], args);
		return SBI_SUCCESS;
	}
	/* Validate first: a bad mask must not half-happen. */
	for (i = 0; i < 64 && bits; i++, bits >>= 1)
		if ((bits & 1) && (base + i < base || base + i >= g->nr_vcpus))
			return SBI_ERR_INVALID_PARAM;
	for (i = 0; i < 64 && mask; i++, mask >>= 1)
		if (mask & 1)
			fn(&g->vcpus[base + i], args);
	return SBI_SUCCESS;
}

void vcpu_sbi_ecall(struct vcpu *v)
{
	unsigned long eid = v->regs.gpr[REG_A7], fid = v->regs.gpr[REG_A6];
	const struct sbi_ext *ext = sbi_find_ext(v, eid);
	unsigned long args[6];
	struct sbi_ret ret;
	unsigned int i;

	vcpu_stat_inc(v, sbi_calls);
	v->regs.sepc += 4;
	if (!ext) {
		trace_trap(TRACE_LEVEL_EVENTS, v, "sbi eid %#lx fid %lu: not supported", eid, fid);
		v->regs.gpr[REG_A0] = SBI_ERR_NOT_SUPPORTED;
		return;
	}
	for (i = 0; i < ARRAY_SIZE(args); i++)
		args[i] = v->regs.gpr[REG_A0 + i];
	ret = ext->handler(v, eid, fid, args);
	if (ret.error == SBI_SVPN_REGS_SET)
		return; /* the call restarted the vCPU with registers of its own */
	trace_trap(TRACE_LEVEL_EVENTS, v, "sbi eid %#lx fid %lu: %ld, %ld", eid, fid, ret.error,
		   ret.value);
	v->regs.gpr[REG_A0] = ret.error;
	if (!ext->legacy)
		v->regs.gpr[REG_A1] = ret.value;
}
