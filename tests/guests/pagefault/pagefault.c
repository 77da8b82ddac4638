// SPDX-License-Identifier: GPL-2.0
/*
 * pagefault: cause, stval and sepc of instruction/load/store page faults from
 * S and U: missing mappings, R/W/X permissions, MXR, the U bit with and
 * without SUM (S never executes U pages; U never reaches S pages).
 * (Memory issue: listed in pending-mm.txt.)
 */
#include "mmu.h"

const char guest_name[] = GUEST_NAME;

extern char pf_u_load[], pf_u_store[], pf_u_jump[];

#define VA_RW	   0x40000000UL
#define VA_RO	   0x40001000UL
#define VA_XO	   0x40002000UL
#define VA_INVALID 0x40003000UL /* V=0, other bits set */
#define VA_URW	   0x40004000UL
#define VA_URO	   0x40005000UL
#define VA_UXO	   0x40006000UL
#define VA_UX	   0x40007000UL
#define VA_NONE	   0x40010000UL
#define ALIAS	   0x1000000000UL /* U alias of the guest image */
#define U_ALIAS(p) (ALIAS + ((unsigned long)(p)-IMAGE_BASE))

static u64 user_stack[256] __attribute__((aligned(16)));

static void s_access(const char *what, char kind, unsigned long va)
{
	unsigned long v = 0;
	int t;

	if (kind == 'l')
		t = try_load(va, &v);
	else if (kind == 's')
		t = try_store(va, 0x77);
	else
		t = try_exec(va, &v);
	if (!t) {
		printf("S %s: ok value=%lx\n", what, v);
		return;
	}
	printf("S %s: scause=%lx stval=%lx", what, last_trap.cause, last_trap.tval);
	if (kind == 'x')
		printf(" sepc=%lx\n", last_trap.epc);
	else
		printf(" SPP=%lu\n", (last_trap.status & SR_SPP) >> 8);
}

static int u_fetch_hook(struct trap_frame *f)
{
	if (f->cause != EXC_INST_PAGE_FAULT)
		return 0;
	last_trap.cause = f->cause;
	last_trap.epc = f->epc;
	last_trap.tval = f->tval;
	last_trap.status = f->status;
	trap_count++;
	f->epc = f->x[1];
	return 1;
}

static void u_access(const char *what, char kind, unsigned long va)
{
	char *fn = kind == 'l' ? pf_u_load : kind == 's' ? pf_u_store : pf_u_jump;
	long r;

	trap_hook = u_fetch_hook;
	trap_expect();
	r = enter_user((void (*)(long))U_ALIAS(fn), U_ALIAS(&user_stack[256]), (long)va);
	trap_unexpect();
	trap_hook = 0;
	if (!trap_count) {
		printf("U %s: ok value=%lx\n", what, r);
		return;
	}
	printf("U %s: scause=%lx stval=%lx SPP=%lu", what, last_trap.cause, last_trap.tval,
	       (last_trap.status & SR_SPP) >> 8);
	if (kind == 'x')
		printf(" sepc=%lx\n", last_trap.epc);
	else
		printf(" sepc=fn+%lu\n", last_trap.epc - U_ALIAS(fn));
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	pte_t *root = pt_new_root();
	unsigned long code = (unsigned long)page_alloc();
	unsigned long ucode = (unsigned long)page_alloc();

	(void)hartid;
	(void)dtb;
	put_ret_code(code, 1);
	put_ret_code(ucode, 2);
	pt_map(root, VA_RW, code, LVL_4K, PTE_RW | PTE_AD);
	pt_map(root, VA_RO, code, LVL_4K, _PAGE_R | _PAGE_A);
	pt_map(root, VA_XO, code, LVL_4K, _PAGE_X | _PAGE_A);
	*pt_entry(root, VA_INVALID, LVL_4K) = pte_make(code, PTE_RWX | PTE_AD); /* V=0 */
	pt_map(root, VA_URW, ucode, LVL_4K, _PAGE_U | PTE_RW | PTE_AD);
	pt_map(root, VA_URO, ucode, LVL_4K, _PAGE_U | _PAGE_R | _PAGE_A);
	pt_map(root, VA_UXO, ucode, LVL_4K, _PAGE_U | _PAGE_X | _PAGE_A);
	pt_map(root, VA_UX, ucode, LVL_4K, _PAGE_U | PTE_RWX | PTE_AD);
	pt_map(root, ALIAS, IMAGE_BASE, LVL_2M, _PAGE_U | PTE_RWX | PTE_AD);
	satp_sv39(root, 0);

	printf("-- S-mode, SUM=0 MXR=0\n");
	s_access("load RW", 'l', VA_RW);
	s_access("store RW", 's', VA_RW + 8);
	s_access("exec RW (no X)", 'x', VA_RW);
	s_access("load R", 'l', VA_RO);
	s_access("store R", 's', VA_RO + 16);
	s_access("exec R", 'x', VA_RO);
	s_access("load X-only", 'l', VA_XO);
	s_access("store X-only", 's', VA_XO);
	s_access("exec X-only", 'x', VA_XO);
	s_access("load V=0", 'l', VA_INVALID);
	s_access("store V=0", 's', VA_INVALID);
	s_access("exec V=0", 'x', VA_INVALID);
	s_access("load unmapped", 'l', VA_NONE + 0x18);
	s_access("store unmapped", 's', VA_NONE + 0x20);
	s_access("exec unmapped", 'x', VA_NONE + 0x24);
	s_access("load U page", 'l', VA_URW);
	s_access("store U page", 's', VA_URW + 8);
	s_access("exec U page", 'x', VA_UX);
	CHECK(last_trap.cause == EXC_INST_PAGE_FAULT);

	printf("-- S-mode, MXR=1\n");
	csr_set(sstatus, SR_MXR);
	s_access("load X-only", 'l', VA_XO);
	s_access("load U X-only (SUM=0)", 'l', VA_UXO);
	csr_clear(sstatus, SR_MXR);

	printf("-- S-mode, SUM=1\n");
	csr_set(sstatus, SR_SUM);
	s_access("load U page", 'l', VA_URW);
	s_access("store U page", 's', VA_URW + 8);
	s_access("store U R-only page", 's', VA_URO + 8);
	s_access("exec U page", 'x', VA_UX);
	CHECK(last_trap.cause == EXC_INST_PAGE_FAULT);
	s_access("load U X-only", 'l', VA_UXO);
	csr_set(sstatus, SR_MXR);
	s_access("load U X-only (MXR=1)", 'l', VA_UXO);
	csr_clear(sstatus, SR_MXR | SR_SUM);

	printf("-- U-mode\n");
	u_access("load U RW", 'l', VA_URW);
	u_access("store U RW", 's', VA_URW + 16);
	u_access("exec U page", 'x', VA_UX);
	u_access("load U R", 'l', VA_URO);
	u_access("store U R", 's', VA_URO + 8);
	u_access("load U X-only", 'l', VA_UXO);
	u_access("exec U X-only", 'x', VA_UXO);
	u_access("load S page", 'l', VA_RW);
	CHECK(last_trap.cause == EXC_LOAD_PAGE_FAULT);
	u_access("store S page", 's', VA_RW + 8);
	u_access("exec S page", 'x', VA_XO);
	u_access("load S image (identity)", 'l', IMAGE_BASE);
	u_access("load unmapped", 'l', VA_NONE);
	csr_set(sstatus, SR_SUM);
	u_access("load S page with SUM=1", 'l', VA_RW);
	CHECK(last_trap.cause == EXC_LOAD_PAGE_FAULT);
	csr_clear(sstatus, SR_SUM);
	csr_set(sstatus, SR_MXR);
	u_access("load U X-only with MXR=1", 'l', VA_UXO);
	csr_clear(sstatus, SR_MXR);

	satp_bare();
}
