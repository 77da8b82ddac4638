// SPDX-License-Identifier: GPL-2.0
/*
 * novector: the guest's ISA (its device tree) has no V, so a vector
 * instruction must raise an illegal-instruction exception even after the
 * guest sets sstatus.VS, and even on a host hart that has V. Run by
 * tests/integration/guest-no-vector.sh on -cpu rv64,h=false,v=true; not a
 * differential guest (natively that hart has V and runs the instruction).
 */
#include "guest.h"

const char guest_name[] = GUEST_NAME;

#define VS_INITIAL   (1UL << 9)
/* vsetvli t0, zero, e8, m1 */
#define INSN_VSETVLI 0x000072d7

void guest_main(unsigned long hartid, unsigned long dtb)
{
	unsigned long l;

	(void)hartid;
	(void)dtb;
	csr_set(sstatus, VS_INITIAL);
	printf("novector: sstatus.VS=%lu\n", (csr_read(sstatus) & SR_VS) >> 9);
	trap_expect();
	asm volatile("lla %0, 1f\n1: .4byte " __ASM_STR(INSN_VSETVLI) "\n"
		     : "=&r"(l)::"t0", "memory");
	trap_unexpect();
	print_trap("novector: vsetvli", l);
	CHECK(trap_count == 1 && last_trap.cause == EXC_INST_ILLEGAL);
	guest_end();
}
