// SPDX-License-Identifier: GPL-2.0
/*
 * uart-poll: input read by polling, as boot loaders and bare-metal programs
 * do: receive interrupts stay off, the guest reads LSR until DR, then RBR.
 * run-diff.sh types the file 'input' once the guest prints its ready line.
 */
#include "guest.h"

const char guest_name[] = GUEST_NAME;

#define UART_BASE 0x10000000UL
#define RBR	  0
#define IER	  1
#define LSR	  5
#define LSR_DR	  0x01

#define TICKS_5S 50000000UL /* QEMU virt's timebase is 10 MHz */

static u8 ur(int reg)
{
	return *(volatile u8 *)(UART_BASE + reg);
}

static void uw(int reg, u8 val)
{
	*(volatile u8 *)(UART_BASE + reg) = val;
}

/* One line of input, by polling; stops at the line's end or after 5 s. */
static unsigned int poll_line(char *line, unsigned int max)
{
	unsigned long end = rdtime() + TICKS_5S;
	unsigned int n = 0;

	while (n < max - 1 && (long)(rdtime() - end) < 0) {
		char c;

		if (!(ur(LSR) & LSR_DR))
			continue;
		c = ur(RBR);
		if (c == '\r' || c == '\n')
			break;
		line[n++] = c;
	}
	line[n] = 0;
	return n;
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	char line[64];
	unsigned int n;

	(void)hartid;
	(void)dtb;
	uw(IER, 0);
	printf("uart-poll: ready\n");
	n = poll_line(line, sizeof(line));
	printf("uart-poll: got %u chars: \"%s\"\n", n, line);
	CHECK(n > 0);
	guest_end();
}
