/* SPDX-License-Identifier: GPL-2.0 */
/* SBI calls from the test guests. */
#ifndef GUEST_SBI_H
#define GUEST_SBI_H

#define SBI_EXT_0_1_SET_TIMER		   0x0
#define SBI_EXT_0_1_CONSOLE_PUTCHAR	   0x1
#define SBI_EXT_0_1_CONSOLE_GETCHAR	   0x2
#define SBI_EXT_0_1_CLEAR_IPI		   0x3
#define SBI_EXT_0_1_SEND_IPI		   0x4
#define SBI_EXT_0_1_REMOTE_FENCE_I	   0x5
#define SBI_EXT_0_1_REMOTE_SFENCE_VMA	   0x6
#define SBI_EXT_0_1_REMOTE_SFENCE_VMA_ASID 0x7
#define SBI_EXT_0_1_SHUTDOWN		   0x8
#define SBI_EXT_BASE			   0x10
#define SBI_EXT_TIME			   0x54494D45
#define SBI_EXT_IPI			   0x735049
#define SBI_EXT_RFENCE			   0x52464E43
#define SBI_EXT_HSM			   0x48534D
#define SBI_EXT_SRST			   0x53525354

#define SBI_BASE_GET_SPEC_VERSION 0
#define SBI_BASE_GET_IMP_ID	  1
#define SBI_BASE_GET_IMP_VERSION  2
#define SBI_BASE_PROBE_EXT	  3
#define SBI_BASE_GET_MVENDORID	  4
#define SBI_BASE_GET_MARCHID	  5
#define SBI_BASE_GET_MIMPID	  6

#define SBI_SRST_TYPE_SHUTDOWN	  0
#define SBI_SRST_TYPE_COLD_REBOOT 1
#define SBI_SRST_TYPE_WARM_REBOOT 2
#define SBI_SRST_REASON_NONE	  0
#define SBI_SRST_REASON_SYSFAIL	  1

#define SBI_SUCCESS		0
#define SBI_ERR_FAILED		-1
#define SBI_ERR_NOT_SUPPORTED	-2
#define SBI_ERR_INVALID_PARAM	-3
#define SBI_ERR_DENIED		-4
#define SBI_ERR_INVALID_ADDRESS -5

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
