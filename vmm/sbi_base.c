// SPDX-License-Identifier: GPL-2.0
/* SBI BASE: versions, identity and probing. */
#include <generated/version.h>
#include <asm/sbi_call.h>
#include "sbi.h"

#define SBI_SPEC_VERSION  (2UL << SBI_SPEC_VERSION_MAJOR_SHIFT | 0)
/* SVPN's version as 0x00MMmmpp: major, minor, patch. */
#define SVPN_IMPL_VERSION 0x000100

static struct sbi_ret sbi_base_handler(struct vcpu *v, unsigned long eid, unsigned long fid,
				       const unsigned long *args)
{
	switch (fid) {
	case SBI_EXT_BASE_GET_SPEC_VERSION:
		return sbi_ok(SBI_SPEC_VERSION);
	case SBI_EXT_BASE_GET_IMP_ID:
		return sbi_ok(SBI_IMPL_ID_SVPN);
	case SBI_EXT_BASE_GET_IMP_VERSION:
		return sbi_ok(SVPN_IMPL_VERSION);
	case SBI_EXT_BASE_PROBE_EXT:
		return sbi_ok(sbi_ext_available(v, args[0]));
	case SBI_EXT_BASE_GET_MVENDORID:
	case SBI_EXT_BASE_GET_MARCHID:
	case SBI_EXT_BASE_GET_MIMPID:
		/* The guest runs on the real harts: it sees their identity. */
		return sbi_ok(sbi_get_machine_id(fid));
	}
	return sbi_err(SBI_ERR_NOT_SUPPORTED);
}

const struct sbi_ext sbi_ext_base = {
	.eid_start = SBI_EXT_BASE,
	.eid_end = SBI_EXT_BASE,
	.handler = sbi_base_handler,
};
