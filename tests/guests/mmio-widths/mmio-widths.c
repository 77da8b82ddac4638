// SPDX-License-Identifier: GPL-2.0
/*
 * mmio-widths: every access width (1, 2, 4, 8 bytes) at representative
 * offsets of each device (the UART, the PLIC, the CLINT and sifive,test0),
 * loads and stores, each printed as the value it read or the trap it raised.
 * QEMU's devices accept only some widths and back only part of their window
 * (the UART's registers are 8 bytes of a 0x100 window); anything else is an
 * access fault, and a guest must see the same under SVPN.
 *
 * Stores write what the firmware state already holds, or values that mean
 * nothing to the device: never a poweroff code to sifive,test0, never a
 * divisor latch or loopback bit to the UART.
 *
 * Misaligned accesses are the firmware's business, not the device's: natively
 * the hart traps them to OpenSBI, which redoes them byte by byte (a fault
 * then names the first byte that failed), while SVPN hands the device one
 * access. Only the doubleword at UART+4, half past the registers, is probed,
 * and only whether it faults is printed (uart_misaligned()).
 */
#include "guest.h"

const char guest_name[] = GUEST_NAME;

#define UART_BASE  0x10000000UL
#define PLIC_BASE  0x0c000000UL
#define CLINT_BASE 0x02000000UL
#define TEST_BASE  0x00100000UL

struct probe {
	unsigned long off;
	unsigned char width;
	unsigned char store;
	unsigned long val; /* for a store */
};

#define LD(o, w)               \
	{                      \
		(o), (w), 0, 0 \
	}
#define ST(o, w, v)              \
	{                        \
		(o), (w), 1, (v) \
	}

static unsigned long do_load(unsigned long a, int width)
{
	switch (width) {
	case 1:
		return *(volatile u8 *)a;
	case 2:
		return *(volatile u16 *)a;
	case 4:
		return *(volatile u32 *)a;
	default:
		return *(volatile u64 *)a;
	}
}

static void do_store(unsigned long a, int width, unsigned long v)
{
	switch (width) {
	case 1:
		*(volatile u8 *)a = v;
		break;
	case 2:
		*(volatile u16 *)a = v;
		break;
	case 4:
		*(volatile u32 *)a = v;
		break;
	default:
		*(volatile u64 *)a = v;
		break;
	}
}

/* One line per access: "<dev>+<off> <l|s><width>: <value> | trap scause=.. stval=<dev>+.." */
static void run(const char *dev, unsigned long base, const struct probe *p, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++, p++) {
		unsigned long a = base + p->off, val = 0;

		trap_expect();
		if (p->store)
			do_store(a, p->width, p->val);
		else
			val = do_load(a, p->width);
		trap_unexpect();
		if (p->store)
			printf("%s+0x%lx s%u <- 0x%lx: ", dev, p->off, p->width, p->val);
		else
			printf("%s+0x%lx l%u: ", dev, p->off, p->width);
		if (trap_count)
			printf("trap scause=%lx stval=%s+0x%lx\n", last_trap.cause, dev,
			       last_trap.tval - base);
		else if (p->store)
			printf("done\n");
		else
			printf("%lx\n", val);
		/* one trap at most, and only an access fault */
		CHECK(trap_count <= 1);
		CHECK(!trap_count || last_trap.cause == (p->store ? 7 : 5));
	}
}

/*
 * QEMU: serial_mm_ops (valid and impl up to 8 bytes) on a MemoryRegion of
 * 8 << reg-shift = 8 bytes; every width reaches the byte register at its
 * offset. Offsets 8..0xff of the 0x100 window are no device at all.
 */
static const struct probe uart_probes[] = {
	LD(0, 1),	   LD(1, 1),	     LD(2, 1),	     LD(3, 1),		LD(4, 1),
	LD(5, 1),	   LD(6, 1),	     LD(7, 1),	     LD(0, 2),		LD(2, 2),
	LD(4, 2),	   LD(6, 2),	     LD(0, 4),	     LD(4, 4),		LD(0, 8),
	LD(8, 1),	   LD(8, 2),	     LD(8, 4),	     LD(8, 8),		LD(0x10, 8),
	LD(0xf8, 8),	   LD(0xfc, 4),	     LD(0xfe, 2),    LD(0xff, 1),	ST(7, 1, 0x5a),
	LD(7, 1),	   ST(6, 2, 0xab00), LD(6, 1),	     ST(4, 4, 0),	LD(4, 1),
	ST(2, 2, 0x01),	   LD(2, 1),	     ST(3, 1, 0x03), LD(3, 1),		ST(8, 1, 0x11),
	ST(8, 2, 0x11),	   ST(8, 4, 0x11),   ST(8, 8, 0x11), ST(0xff, 1, 0x11), ST(0xfc, 4, 0x11),
	ST(0xf8, 8, 0x11), LD(7, 1),	     ST(7, 1, 0),
};

/* QEMU: sifive_plic_ops, valid 4..4 (aligned); the MemoryRegion is the whole 0x600000. */
static const struct probe plic_probes[] = {
	/* priority of source 1, 2 */
	LD(0x4, 1),
	LD(0x5, 1),
	LD(0x4, 2),
	LD(0x6, 2),
	LD(0x4, 4),
	LD(0x8, 8),
	ST(0x4, 1, 7),
	ST(0x4, 2, 7),
	ST(0x8, 8, 7),
	LD(0x4, 4),
	LD(0x8, 4),
	LD(0xc, 4),
	ST(0x4, 4, 0),
	ST(0x8, 4, 0),
	/* pending */
	LD(0x1000, 1),
	LD(0x1000, 2),
	LD(0x1000, 4),
	LD(0x1000, 8),
	ST(0x1000, 4, 0),
	/* enables of context 1 */
	LD(0x2080, 1),
	LD(0x2080, 2),
	LD(0x2080, 4),
	LD(0x2080, 8),
	ST(0x2080, 1, 0xff),
	ST(0x2080, 2, 0xff),
	ST(0x2080, 8, 0xff),
	LD(0x2080, 4),
	LD(0x2084, 4),
	ST(0x2080, 4, 0),
	/* threshold and claim of context 1 (threshold 7 as the firmware left it) */
	LD(0x201000, 1),
	LD(0x201000, 2),
	LD(0x201000, 4),
	LD(0x201000, 8),
	ST(0x201000, 1, 3),
	ST(0x201000, 2, 3),
	ST(0x201000, 8, 3),
	LD(0x201000, 4),
	ST(0x201000, 4, 7),
	LD(0x201004, 1),
	LD(0x201004, 2),
	LD(0x201004, 4),
	ST(0x201004, 2, 0),
	/* holes and the window's last word */
	LD(0x1100, 4),
	LD(0x201008, 4),
	LD(0x5ffffc, 4),
	LD(0x5ffff8, 8),
	LD(0x5fffff, 1),
	ST(0x5ffffc, 4, 0),
};

/*
 * QEMU: the ACLINT's swi (msip, valid 4..4, 0x4000 bytes) and mtimer
 * (mtimecmp and mtime, valid 4..8, 0x8000 bytes from 0x4000) leave
 * 0xc000..0xffff unbacked. Natively OpenSBI's PMP keeps S-mode out of all
 * of it. Loads only: a store that got through would take OpenSBI's timer.
 */
static const struct probe clint_probes[] = {
	LD(0x0, 1),    LD(0x0, 2),    LD(0x0, 4),    LD(0x0, 8),    LD(0x4000, 4),
	LD(0x4000, 8), LD(0x4008, 8), LD(0xbff8, 1), LD(0xbff8, 2), LD(0xbff8, 4),
	LD(0xbff8, 8), LD(0xbffc, 4), LD(0xc000, 4), LD(0xfff8, 8),
};

/* QEMU: sifive_test_ops, valid 2..4, a 0x1000 MemoryRegion that reads 0. */
static const struct probe test_probes[] = {
	LD(0x0, 1),    LD(0x0, 2),	   LD(0x0, 4),	       LD(0x0, 8),	   LD(0x4, 4),
	LD(0x8, 8),    LD(0xffc, 4),	   LD(0xff8, 8),       LD(0xfff, 1),	   ST(0x0, 1, 0),
	ST(0x0, 8, 0), ST(0x0, 2, 0x1234), ST(0x0, 4, 0x1234), ST(0x4, 4, 0x5555), ST(0x4, 8, 0),
};

/* Natively the fault names UART+8, the first byte OpenSBI's emulation could not reach. */
static void uart_misaligned(void)
{
	trap_expect();
	(void)do_load(UART_BASE + 4, 8);
	trap_unexpect();
	if (trap_count)
		printf("uart+0x4 l8 (misaligned): trap scause=%lx\n", last_trap.cause);
	else
		printf("uart+0x4 l8 (misaligned): no trap\n");
	CHECK(trap_count == 1 && last_trap.cause == 5);
}

/* A store to THR of each width: every one sends its low byte. */
static void uart_thr_widths(void)
{
	printf("THR stores of width 1, 2, 4, 8: ");
	do_store(UART_BASE, 1, 'a');
	do_store(UART_BASE, 2, 0x4100 | 'b');
	do_store(UART_BASE, 4, 0x41424300 | 'c');
	do_store(UART_BASE, 8, 0x4142434445464700UL | 'd');
	printf("\n");
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	(void)hartid;
	(void)dtb;
	csr_write(sie, 0);
	run("uart", UART_BASE, uart_probes, ARRAY_SIZE(uart_probes));
	uart_misaligned();
	uart_thr_widths();
	run("plic", PLIC_BASE, plic_probes, ARRAY_SIZE(plic_probes));
	run("clint", CLINT_BASE, clint_probes, ARRAY_SIZE(clint_probes));
	run("test", TEST_BASE, test_probes, ARRAY_SIZE(test_probes));
}
