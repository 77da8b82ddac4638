// SPDX-License-Identifier: GPL-2.0
/* SVPN's calls to the M-mode stub, in the SBI calling convention. */
#include <asm/mstub.h>
#include <asm/sbi_call.h>

struct sbiret sbi_ecall(unsigned long ext, unsigned long fid, unsigned long arg0,
			unsigned long arg1, unsigned long arg2)
{
	register unsigned long a0 __asm__("a0") = arg0;
	register unsigned long a1 __asm__("a1") = arg1;
	register unsigned long a2 __asm__("a2") = arg2;
	register unsigned long a6 __asm__("a6") = fid;
	register unsigned long a7 __asm__("a7") = ext;

	__asm__ __volatile__("ecall" : "+r"(a0), "+r"(a1) : "r"(a2), "r"(a6), "r"(a7) : "memory");
	return (struct sbiret){ .error = (long)a0, .value = (long)a1 };
}

void sbi_set_timer(unsigned long when)
{
	sbi_ecall(SBI_EXT_TIME, SBI_EXT_TIME_SET_TIMER, when, 0, 0);
}

void sbi_send_ipi(unsigned long hart_mask, unsigned long base)
{
	sbi_ecall(SBI_EXT_IPI, SBI_EXT_IPI_SEND_IPI, hart_mask, base, 0);
}

int sbi_hart_start(unsigned long hartid, unsigned long start_pa, unsigned long opaque)
{
	return sbi_ecall(SBI_EXT_HSM, SBI_EXT_HSM_HART_START, hartid, start_pa, opaque).error;
}

void sbi_system_exit(unsigned int code)
{
	unsigned long reason = code ? SBI_SRST_RESET_REASON_SVPN_EXIT | code :
				      SBI_SRST_RESET_REASON_NONE;

	sbi_ecall(SBI_EXT_SRST, SBI_EXT_SRST_RESET, SBI_SRST_RESET_TYPE_SHUTDOWN, reason, 0);
	for (;;)
		__asm__ __volatile__("wfi");
}

void sbi_system_reboot(void)
{
	sbi_ecall(SBI_EXT_SRST, SBI_EXT_SRST_RESET, SBI_SRST_RESET_TYPE_COLD_REBOOT,
		  SBI_SRST_RESET_REASON_NONE, 0);
	for (;;)
		__asm__ __volatile__("wfi");
}

unsigned long mstub_features(void)
{
	return sbi_ecall(SBI_EXT_SVPN_MSTUB, MSTUB_FID_GET_FEATURES, 0, 0, 0).value;
}

void mstub_set_platform(unsigned long clint_pa, unsigned long reset_pa)
{
	sbi_ecall(SBI_EXT_SVPN_MSTUB, MSTUB_FID_SET_PLATFORM, clint_pa, reset_pa, 0);
}

/* SBI_EXT_BASE_GET_MVENDORID / _MARCHID / _MIMPID of the real machine. */
unsigned long sbi_get_machine_id(unsigned long fid)
{
	return sbi_ecall(SBI_EXT_BASE, fid, 0, 0, 0).value;
}

unsigned long mstub_hpm_counters(void)
{
	return sbi_ecall(SBI_EXT_SVPN_MSTUB, MSTUB_FID_GET_HPM, 0, 0, 0).value;
}
