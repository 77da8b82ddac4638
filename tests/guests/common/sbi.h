/* SPDX-License-Identifier: GPL-2.0 */
/* SBI calls from the test guests; the numbers are the ones SVPN uses (include/uapi/riscv). */
#ifndef GUEST_SBI_H
#define GUEST_SBI_H

#include <riscv/sbi.h>

struct sbiret {
	long error;
	long value;
};

struct sbiret sbi_ecall(unsigned long ext, unsigned long fid, unsigned long a0, unsigned long a1,
			unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5);
/* Legacy (v0.1) call: returns a0 only. */
long sbi_legacy(unsigned long ext, unsigned long a0, unsigned long a1, unsigned long a2);

void sbi_console_putchar(int c);
struct sbiret sbi_set_timer(unsigned long stime);
struct sbiret sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base);
struct sbiret sbi_probe(unsigned long ext);
void __attribute__((noreturn)) sbi_shutdown(unsigned long reason);
struct sbiret sbi_system_reset(unsigned long type, unsigned long reason);

#endif
