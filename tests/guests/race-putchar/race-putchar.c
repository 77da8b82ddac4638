// SPDX-License-Identifier: GPL-2.0
/*
 * race-putchar: both harts of a guest flood the console with long lines
 * without newlines, hart 0 by SBI legacy console_putchar ('a'), hart 1
 * alternating bursts of console_putchar ('b') and UART THR stores ('c').
 * With several guests SVPN gathers each guest's bytes in a line buffer and
 * prints whole lines with a "[name] " prefix. The regression this catches:
 * the buffer's index was updated by the guest's vCPUs without a lock, ran
 * past the end of the buffer and overwrote the rest of struct guest.
 *
 * A correct SVPN prints every byte once, in lines that all carry this guest's
 * prefix: the runner counts the a, b and c bytes against the totals printed
 * at the end:
 *	race-putchar: ok a=N b=N c=N
 * Bootargs: chars=N (bytes per hart, default 20000), burst=B (bytes between
 * newlines-free bursts switch, default 300).
 */
#include "guest.h"
#include "smp.h"

const char guest_name[] = GUEST_NAME;

#define UART_THR 0x10000000UL

static unsigned long chars, burst;
static volatile int go, done1;
static volatile unsigned long sent_b, sent_c;
static struct secondary_boot boot1;
static u8 stack1[8192] __attribute__((aligned(16)));

static void hart1(unsigned long hartid, void *arg)
{
	unsigned long n, b = 0, c = 0;

	(void)hartid;
	(void)arg;
	while (!go)
		;
	for (n = 0; n < chars; n++) {
		if ((n / burst) & 1) {
			*(volatile u8 *)UART_THR = 'c';
			c++;
		} else {
			sbi_console_putchar('b');
			b++;
		}
	}
	sent_b = b;
	sent_c = c;
	__atomic_store_n(&done1, 1, __ATOMIC_RELEASE);
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	unsigned long n;
	struct sbiret r;

	if (fdt_read_chosen(dtb))
		guest_abort("no device tree at a1");
	chars = bootarg_num("chars", 20000);
	burst = bootarg_num("burst", 300);
	if (!burst)
		burst = 1;
	printf("race-putchar: chars=%lu burst=%lu\n", chars, burst);
	r = start_secondary(hartid ^ 1, &boot1, stack1, sizeof(stack1), hart1, 0);
	if (r.error) {
		printf("race-putchar: FAIL hart_start of hart 1: error %ld\n", r.error);
		guest_abort("no second hart");
	}
	go = 1;
	for (n = 0; n < chars; n++)
		sbi_console_putchar('a');
	while (!done1)
		;
	/* the flood had no newline: end its last line before the result */
	sbi_console_putchar('\n');
	printf("race-putchar: ok a=%lu b=%lu c=%lu\n", chars, sent_b, sent_c);
}
