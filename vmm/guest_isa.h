/* SPDX-License-Identifier: GPL-2.0 */
/* The guest's ISA (vmm/guest_isa.c), for its device tree. A pure function: host unit tests run it. */
#ifndef _VMM_GUEST_ISA_H
#define _VMM_GUEST_ISA_H

#include <stdbool.h>

#define GUEST_ISA_MAX_EXTS 40
#define GUEST_ISA_LEN	   256

struct guest_isa {
	char string[GUEST_ISA_LEN]; /* riscv,isa: "rv64imafdc_zicsr_..." */
	unsigned int nr_exts;	    /* riscv,isa-extensions, in order ("i", "m", ..., "zicsr") */
	char exts[GUEST_ISA_MAX_EXTS][16];
};

/*
 * The guest's ISA on a host hart whose riscv,isa is @host_isa ("" if the
 * host did not say): the host's letters of "imafdc", Zicsr and Zifencei,
 * the host's pass-through extensions in the host's order, and Sstc when
 * SVPN offers stimecmp (@sstc). riscv,isa-base is always "rv64i".
 */
void guest_isa_build(struct guest_isa *isa, const char *host_isa, bool sstc);

#endif /* _VMM_GUEST_ISA_H */
