/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the multi-vCPU guests (bystander, race-*): the boot arguments
 * and timebase from the device tree, a spinlock, SBI HSM calls and an entry
 * point for secondary harts started with hart_start.
 */
#ifndef GUEST_SMP_H
#define GUEST_SMP_H

#include "guest.h"

/*
 * Reads /chosen/bootargs, /cpus/timebase-frequency and the first /memory
 * node's reg (#address-cells and #size-cells 2, as on QEMU virt and under
 * SVPN) from the device tree at dtb; returns 0, or -1 when dtb is not a
 * device tree.
 */
int fdt_read_chosen(unsigned long dtb);
extern char guest_bootargs[256];
extern unsigned long guest_timebase; /* ticks of rdtime per second (10 MHz by default) */
extern unsigned long guest_ram_base, guest_ram_size; /* 0, 0: no memory node */
/* "key=<number>" in the boot arguments (decimal or 0x hex), or dflt. */
unsigned long bootarg_num(const char *key, unsigned long dflt);
/* Whether the boot arguments hold "key=value" exactly. */
int bootarg_is(const char *key, const char *value);
/* Whether the boot arguments hold the word flag on its own (no "=value"). */
int bootarg_flag(const char *flag);

/* A test-and-set lock (amoswap.w.aq / amoswap.w.rl), for printf from several harts. */
typedef struct {
	volatile int locked;
} guest_lock_t;
void guest_lock(guest_lock_t *l);
void guest_unlock(guest_lock_t *l);

struct sbiret sbi_hart_start(unsigned long hartid, unsigned long start, unsigned long opaque);
struct sbiret sbi_hart_stop(void);
struct sbiret sbi_hart_get_status(unsigned long hartid);
struct sbiret sbi_hart_suspend(unsigned long type, unsigned long resume, unsigned long opaque);

/*
 * Busy-wait until cond holds, for at most 1 s of guest time (no interrupts
 * needed); evaluates to whether it holds. For one hart waiting on another:
 * a lost event ends the wait, and the test prints what it saw.
 */
#define SPIN_UNTIL(cond)                                        \
	({                                                      \
		unsigned long __end = rdtime() + 10000000UL;    \
		while (!(cond) && (long)(rdtime() - __end) < 0) \
			;                                       \
		!!(cond);                                       \
	})

/*
 * A secondary hart: sbi_hart_start(id, (unsigned long)secondary_entry,
 * (unsigned long)&boot) enters secondary_entry with a0 = id, a1 = &boot; it
 * switches to boot.sp, installs trap_entry (sscratch = 0, sie = 0) and calls
 * boot.fn(id, boot.arg). If fn returns the hart stops with hart_stop.
 */
struct secondary_boot {
	unsigned long sp;
	void (*fn)(unsigned long hartid, void *arg);
	void *arg;
};
extern char secondary_entry[];
/* Starts hartid running fn(hartid, arg) on the stack [stack, stack + size). */
struct sbiret start_secondary(unsigned long hartid, struct secondary_boot *boot, void *stack,
			      unsigned long size, void (*fn)(unsigned long, void *), void *arg);

#endif
