/* SPDX-License-Identifier: GPL-2.0 */
/* SVPN's calls down to the M-mode stub. */
#ifndef _ASM_RISCV_SBI_CALL_H
#define _ASM_RISCV_SBI_CALL_H

#include <asm/sbi.h>
#include <svpn/compiler.h>

struct sbiret {
	long error;
	long value;
};

struct sbiret sbi_ecall(unsigned long ext, unsigned long fid, unsigned long a0, unsigned long a1,
			unsigned long a2);

void sbi_set_timer(unsigned long when);
void sbi_send_ipi(unsigned long hart_mask, unsigned long base);
int sbi_hart_start(unsigned long hartid, unsigned long start_pa, unsigned long opaque);
void sbi_system_exit(unsigned int code) __noreturn;
void sbi_system_reboot(void) __noreturn;
unsigned long mstub_features(void);
unsigned long mstub_hpm_counters(void);
unsigned long sbi_get_machine_id(unsigned long fid);
void mstub_set_platform(unsigned long clint_pa, unsigned long reset_pa);

#endif /* _ASM_RISCV_SBI_CALL_H */
