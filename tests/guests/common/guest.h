/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test guest library. A guest defines GUEST_NAME's main:
 *
 *	void guest_main(unsigned long hartid, unsigned long dtb);
 *
 * Everything it prints goes between the BEGIN and END marker lines that the
 * differential harness (run-diff.sh) compares. Print observed values (the
 * native run is the oracle), and use CHECK() for invariants that must hold on
 * any correct implementation: a failed CHECK prints a "FAIL ..." line and makes
 * the guest shut down with reason "system failure".
 */
#ifndef GUEST_H
#define GUEST_H

#include "csr.h"
#include "frame.h"
#include "sbi.h"

#define __noreturn    __attribute__((noreturn))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long u64;

extern const char guest_name[];
void guest_main(unsigned long hartid, unsigned long dtb);

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void puts_raw(const char *s);
void *memset(void *s, int c, unsigned long n);
void *memcpy(void *d, const void *s, unsigned long n);

extern int fail_count;
void check_failed(const char *file, int line, const char *expr);
#define CHECK(cond)                                              \
	do {                                                     \
		if (!(cond))                                     \
			check_failed(__FILE__, __LINE__, #cond); \
	} while (0)
const char *yesno(int v);

/* End the test: print the END marker, shut down (reason = failure if any CHECK failed). */
void __noreturn guest_end(void);
/* Stop right away after an unexpected event. */
void __noreturn guest_abort(const char *why);

/* splitmix64's finaliser: neighbouring inputs give unrelated words (patterns, seeds). */
static inline unsigned long mix64(unsigned long x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9UL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebUL;
	return x ^ x >> 31;
}

/* ---- traps ---- */
struct trap_record {
	unsigned long cause, epc, tval, status;
	long vector;
};
/* The last trap taken (exception or interrupt) and how many were taken. */
extern volatile struct trap_record last_trap;
extern volatile unsigned long trap_count;
extern volatile unsigned long irq_count;

/*
 * A hook sees every trap first; it returns 1 if it handled it (the frame is
 * written back as the hook left it), 0 for the default handling:
 *  - interrupt: recorded, then the source is masked (SSIP cleared, sie.STIE /
 *    sie.SEIE cleared) so the guest does not loop;
 *  - ecall from U with a7 = UEXIT_MAGIC: enter_user() returns a0 (S resumes
 *    with SIE=0, SPIE=0: the sret that gets there is an S-to-S sret);
 *  - other exception while trap_expect() is armed: recorded, instruction skipped
 *    (2 or 4 bytes, read from sepc);
 *  - anything else: FAIL line and shutdown.
 */
typedef int (*trap_hook_t)(struct trap_frame *f);
extern trap_hook_t trap_hook;

void trap_expect(void); /* arm: clears trap_count and last_trap */
void trap_unexpect(void);
/* Length of the instruction at addr (2 or 4), read from memory. */
int insn_len(unsigned long addr);

/* Print "<what>: scause=.. stval=.. sepc=label+N" or "<what>: no trap" (label 0: sepc=<hex>). */
void print_trap(const char *what, unsigned long label);

/* Execute raw instruction bits at a label; evaluates to the label's address. */
#define INSN32(word)                                                       \
	({                                                                 \
		unsigned long __l;                                         \
		asm volatile("lla %0, 1f\n1: .4byte " __ASM_STR(word) "\n" \
			     : "=&r"(__l)::"memory");                      \
		__l;                                                       \
	})
#define INSN16(hw)                                                                                \
	({                                                                                        \
		unsigned long __l;                                                                \
		asm volatile("lla %0, 1f\n1: .2byte " __ASM_STR(hw) "\n" : "=&r"(__l)::"memory"); \
		__l;                                                                              \
	})

/* U-mode */
long enter_user(void (*fn)(long), unsigned long user_sp, long arg);
extern unsigned long user_return_sp;
extern char enter_user_return[];
extern char trap_entry[], trap_vector_table[];
extern char __image_start[], __image_end[], __bss_start[], __bss_end[], __stack_top[];

static inline unsigned long rdtime(void)
{
	return csr_read(time);
}

/* Busy-wait until rdtime passes t (no interrupts needed). */
static inline void wait_time(unsigned long t)
{
	while ((long)(rdtime() - t) < 0)
		;
}

/*
 * wfi until cond holds, for at most 2 s of guest time. A wfi may return early
 * (the spec allows it) and QEMU's timer interrupts come from host timer
 * callbacks, so tests wait for events rather than counting wakeups. cond is
 * tested with sstatus.SIE clear, so the interrupt that makes it true cannot be
 * taken between the test and the wfi (which wakes for a pending interrupt
 * enabled in sie whatever SIE says); setting SIE again then takes it. An
 * interrupt taken with sepc == guest_wfi skips the wfi too (see start.S).
 */
void guest_wfi(void);
#define WFI_UNTIL(cond)                                               \
	do {                                                          \
		unsigned long __sie = csr_read(sstatus) & SR_SIE;     \
		for (unsigned long __end = rdtime() + 20000000UL;;) { \
			csr_clear(sstatus, SR_SIE);                   \
			if ((cond) || (long)(rdtime() - __end) >= 0)  \
				break;                                \
			guest_wfi();                                  \
			csr_set(sstatus, __sie);                      \
		}                                                     \
		csr_set(sstatus, __sie);                              \
	} while (0)

#endif
