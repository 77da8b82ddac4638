// SPDX-License-Identifier: GPL-2.0
#include "sbi.h"
#include "smp.h"

struct sbiret sbi_ecall(unsigned long ext, unsigned long fid, unsigned long a0, unsigned long a1,
			unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5)
{
	register unsigned long r0 asm("a0") = a0;
	register unsigned long r1 asm("a1") = a1;
	register unsigned long r2 asm("a2") = a2;
	register unsigned long r3 asm("a3") = a3;
	register unsigned long r4 asm("a4") = a4;
	register unsigned long r5 asm("a5") = a5;
	register unsigned long r6 asm("a6") = fid;
	register unsigned long r7 asm("a7") = ext;

	asm volatile("ecall"
		     : "+r"(r0), "+r"(r1)
		     : "r"(r2), "r"(r3), "r"(r4), "r"(r5), "r"(r6), "r"(r7)
		     : "memory");
	return (struct sbiret){ .error = (long)r0, .value = (long)r1 };
}

long sbi_legacy(unsigned long ext, unsigned long a0, unsigned long a1, unsigned long a2)
{
	register unsigned long r0 asm("a0") = a0;
	register unsigned long r1 asm("a1") = a1;
	register unsigned long r2 asm("a2") = a2;
	register unsigned long r7 asm("a7") = ext;

	asm volatile("ecall" : "+r"(r0) : "r"(r1), "r"(r2), "r"(r7) : "memory");
	return (long)r0;
}

void sbi_console_putchar(int c)
{
	sbi_legacy(SBI_EXT_0_1_CONSOLE_PUTCHAR, (unsigned char)c, 0, 0);
}

struct sbiret sbi_set_timer(unsigned long stime)
{
	return sbi_ecall(SBI_EXT_TIME, SBI_EXT_TIME_SET_TIMER, stime, 0, 0, 0, 0, 0);
}

struct sbiret sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base)
{
	return sbi_ecall(SBI_EXT_IPI, SBI_EXT_IPI_SEND_IPI, hart_mask, hart_mask_base, 0, 0, 0, 0);
}

struct sbiret sbi_probe(unsigned long ext)
{
	return sbi_ecall(SBI_EXT_BASE, SBI_EXT_BASE_PROBE_EXT, ext, 0, 0, 0, 0, 0);
}

struct sbiret sbi_system_reset(unsigned long type, unsigned long reason)
{
	return sbi_ecall(SBI_EXT_SRST, SBI_EXT_SRST_RESET, type, reason, 0, 0, 0, 0);
}

void sbi_shutdown(unsigned long reason)
{
	sbi_system_reset(SBI_SRST_RESET_TYPE_SHUTDOWN, reason);
	/* SRST missing or refused: the legacy call, then spin. */
	sbi_legacy(SBI_EXT_0_1_SHUTDOWN, 0, 0, 0);
	for (;;)
		asm volatile("wfi");
}

/* ---- HSM (smp.h) ---- */

struct sbiret sbi_hart_start(unsigned long hartid, unsigned long start, unsigned long opaque)
{
	return sbi_ecall(SBI_EXT_HSM, SBI_EXT_HSM_HART_START, hartid, start, opaque, 0, 0, 0);
}

struct sbiret sbi_hart_stop(void)
{
	return sbi_ecall(SBI_EXT_HSM, SBI_EXT_HSM_HART_STOP, 0, 0, 0, 0, 0, 0);
}

struct sbiret sbi_hart_get_status(unsigned long hartid)
{
	return sbi_ecall(SBI_EXT_HSM, SBI_EXT_HSM_HART_GET_STATUS, hartid, 0, 0, 0, 0, 0);
}

struct sbiret sbi_hart_suspend(unsigned long type, unsigned long resume, unsigned long opaque)
{
	return sbi_ecall(SBI_EXT_HSM, SBI_EXT_HSM_HART_SUSPEND, type, resume, opaque, 0, 0, 0);
}

struct sbiret start_secondary(unsigned long hartid, struct secondary_boot *boot, void *stack,
			      unsigned long size, void (*fn)(unsigned long, void *), void *arg)
{
	boot->sp = ((unsigned long)stack + size) & ~15UL;
	boot->fn = fn;
	boot->arg = arg;
	/* the new hart reads *boot with its caches cold: order the stores before the start */
	asm volatile("fence rw, rw" ::: "memory");
	return sbi_hart_start(hartid, (unsigned long)secondary_entry, (unsigned long)boot);
}
