// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for drivers/uart16550.c, driven register by register as a
 * guest driver would, with the transmit and interrupt callbacks recorded.
 * The expected behaviour is QEMU 7.2's hw/char/serial.c, including when the
 * interrupt output is driven (a PLIC takes each raise as a request).
 *
 * Build and run from the top of the tree:
 *   gcc -std=gnu11 -Wall -Wextra -Wno-unused-parameter -I include -o /tmp/test_uart16550 drivers/uart16550.c tests/unit/test_uart16550.c -lcmocka && /tmp/test_uart16550
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>
#include <svpn/uart_regs.h>
#include "../../drivers/uart16550.h"

#define IIR_FIFO 0xc0
#define MCR_DTR	 0x01
#define MCR_RTS	 0x02
#define MCR_OUT1 0x04
#define MCR_OUT2 0x08

struct fixture {
	struct uart16550 u;
	char out[256];
	unsigned int nr_out;
	bool irq;
	unsigned int irq_calls; /* set_irq() calls, whatever the level */
	unsigned int raises;	/* of them with the level high: a PLIC request each */
};

static void rec_putc(void *ctx, char c)
{
	struct fixture *f = ctx;

	assert_true(f->nr_out < sizeof(f->out));
	f->out[f->nr_out++] = c;
}

static void rec_irq(void *ctx, bool level)
{
	struct fixture *f = ctx;

	/* Called at each of QEMU's updates, not only on changes. */
	f->irq = level;
	f->irq_calls++;
	f->raises += level;
}

static int setup(void **state)
{
	struct fixture *f = test_calloc(1, sizeof(*f));

	uart16550_init(&f->u, rec_putc, rec_irq, f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	test_free(*state);
	return 0;
}

static uint8_t rd(struct fixture *f, unsigned int reg)
{
	return uart16550_read(&f->u, reg);
}

static void wr(struct fixture *f, unsigned int reg, uint8_t val)
{
	uart16550_write(&f->u, reg, val);
}

/* QEMU's reset values */
static void test_reset_values(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(rd(f, UART_IER), 0);
	assert_int_equal(rd(f, UART_IIR), UART_IIR_NO_INT);
	assert_int_equal(rd(f, UART_LCR), 0);
	assert_int_equal(rd(f, UART_MCR), MCR_OUT2);
	assert_int_equal(rd(f, UART_LSR), UART_LSR_THRE | UART_LSR_TEMT);
	assert_int_equal(rd(f, UART_MSR), 0xb0); /* DCD DSR CTS */
	assert_int_equal(rd(f, UART_SCR), 0);
	wr(f, UART_LCR, UART_LCR_DLAB);
	assert_int_equal(rd(f, UART_DLL), 0x0c);
	assert_int_equal(rd(f, UART_DLM), 0);
	assert_false(f->irq);
	assert_int_equal(f->irq_calls, 0);
	assert_int_equal(rd(f, UART_RBR + 8), 0); /* beyond the registers */
}

static void test_dlab_divisor_latches(void **state)
{
	struct fixture *f = *state;

	wr(f, UART_LCR, UART_LCR_DLAB | 0x03);
	wr(f, UART_DLL, 0x01);
	wr(f, UART_DLM, 0x80);
	assert_int_equal(rd(f, UART_DLL), 0x01);
	assert_int_equal(rd(f, UART_DLM), 0x80);
	assert_int_equal(f->nr_out, 0); /* DLL write did not transmit */
	assert_int_equal(rd(f, UART_LCR), UART_LCR_DLAB | 0x03);
	wr(f, UART_LCR, 0x03);
	assert_int_equal(rd(f, UART_IER), 0); /* IER, not DLM */
	wr(f, UART_THR, 'x');
	assert_int_equal(f->nr_out, 1);
	wr(f, UART_IER, 0x05);
	assert_int_equal(rd(f, UART_IER), 0x05);
	wr(f, UART_LCR, UART_LCR_DLAB);
	assert_int_equal(rd(f, UART_DLL), 0x01); /* latches survived */
	assert_int_equal(rd(f, UART_DLM), 0x80);
	/* IIR/FCR, LSR, MSR, SCR do not depend on DLAB */
	wr(f, UART_SCR, 0x5a);
	assert_int_equal(rd(f, UART_SCR), 0x5a);
	assert_int_equal(rd(f, UART_LSR), UART_LSR_THRE | UART_LSR_TEMT);
}

static void test_scratch_and_masks(void **state)
{
	struct fixture *f = *state;
	unsigned int v;

	for (v = 0; v < 256; v += 17) {
		wr(f, UART_SCR, v);
		assert_int_equal(rd(f, UART_SCR), v);
	}
	wr(f, UART_IER, 0xff);
	assert_int_equal(rd(f, UART_IER), 0x0f);
	wr(f, UART_IER, 0);
	wr(f, UART_MCR, 0xff);
	assert_int_equal(rd(f, UART_MCR), 0x1f);
	wr(f, UART_MCR, MCR_OUT2);
	/* Leaving loopback with OUT1 set: no delta bits (TERI), as on QEMU. */
	assert_int_equal(rd(f, UART_MSR), 0xb0);
	/* LSR and MSR are read-only */
	wr(f, UART_LSR, 0);
	wr(f, UART_MSR, 0);
	assert_int_equal(rd(f, UART_LSR), UART_LSR_THRE | UART_LSR_TEMT);
	assert_int_equal(rd(f, UART_MSR), 0xb0);
}

static void test_transmit(void **state)
{
	struct fixture *f = *state;
	const char *msg = "hello\r\n";
	unsigned int i;

	for (i = 0; msg[i]; i++) {
		assert_true(rd(f, UART_LSR) & UART_LSR_THRE);
		wr(f, UART_THR, msg[i]);
	}
	assert_int_equal(f->nr_out, strlen(msg));
	assert_memory_equal(f->out, msg, strlen(msg));
	assert_int_equal(rd(f, UART_LSR), UART_LSR_THRE | UART_LSR_TEMT);
	assert_false(f->irq); /* IER is 0 */
}

static void test_thre_interrupt(void **state)
{
	struct fixture *f = *state;

	/* Turning THRI on with THR empty raises it at once. */
	wr(f, UART_IER, UART_IER_THRI);
	assert_true(f->irq);
	assert_int_equal(rd(f, UART_IIR), UART_IIR_THRI);
	/* That IIR read acknowledged it. */
	assert_false(f->irq);
	assert_int_equal(rd(f, UART_IIR), UART_IIR_NO_INT);
	/* Each transmitted character empties THR again: pending again. */
	wr(f, UART_THR, 'a');
	assert_true(f->irq);
	wr(f, UART_THR, 'b');
	assert_true(f->irq);
	assert_int_equal(rd(f, UART_IIR), UART_IIR_THRI);
	assert_false(f->irq);
	/* Rewriting IER with THRI still on is no rising edge. */
	wr(f, UART_IER, UART_IER_THRI);
	assert_false(f->irq);
	/* Linux's THRE test: IER = THRI, read IIR, IER = 0, IER = THRI, read IIR. */
	wr(f, UART_IER, 0);
	wr(f, UART_IER, UART_IER_THRI);
	assert_int_equal(rd(f, UART_IIR), UART_IIR_THRI);
	/* Masking drops the line, unmasking with the source still pending restores it. */
	wr(f, UART_THR, 'c');
	assert_true(f->irq);
	wr(f, UART_IER, 0);
	assert_false(f->irq);
	assert_int_equal(rd(f, UART_IIR), UART_IIR_NO_INT);
	/* An FCR transmit clear makes THRE pending too. */
	wr(f, UART_FCR, UART_FCR_CLEAR_XMIT);
	wr(f, UART_IER, UART_IER_RDI);
	assert_false(f->irq);
	wr(f, UART_IER, UART_IER_RDI | UART_IER_THRI);
	assert_true(f->irq);
}

static void test_receive_no_fifo(void **state)
{
	struct fixture *f = *state;

	assert_true(uart16550_can_receive(&f->u));
	assert_true(uart16550_receive(&f->u, 'a'));
	assert_false(uart16550_can_receive(&f->u));
	assert_int_equal(rd(f, UART_LSR), UART_LSR_DR | UART_LSR_THRE | UART_LSR_TEMT);
	assert_int_equal(rd(f, UART_RBR), 'a');
	assert_int_equal(rd(f, UART_LSR), UART_LSR_THRE | UART_LSR_TEMT);
	assert_int_equal(rd(f, UART_RBR), 'a'); /* the holding register keeps it */
	/* Overrun: the newer character replaces the unread one. */
	assert_true(uart16550_receive(&f->u, 'b'));
	assert_false(uart16550_receive(&f->u, 'c'));
	assert_int_equal(rd(f, UART_LSR),
			 UART_LSR_DR | UART_LSR_OE | UART_LSR_THRE | UART_LSR_TEMT);
	assert_int_equal(rd(f, UART_LSR), UART_LSR_DR | UART_LSR_THRE | UART_LSR_TEMT);
	assert_int_equal(rd(f, UART_RBR), 'c');
	assert_int_equal(rd(f, UART_IIR), UART_IIR_NO_INT); /* no FIFO bits */
}

static void test_receive_fifo(void **state)
{
	struct fixture *f = *state;
	unsigned int i;

	wr(f, UART_FCR, UART_FCR_ENABLE_FIFO);
	assert_int_equal(rd(f, UART_IIR), IIR_FIFO | UART_IIR_NO_INT);
	assert_int_equal(rd(f, UART_RBR), 0); /* empty FIFO reads 0, as on QEMU */
	for (i = 0; i < UART16550_FIFO_SIZE; i++) {
		assert_true(uart16550_can_receive(&f->u));
		assert_true(uart16550_receive(&f->u, 'A' + i));
	}
	assert_false(uart16550_can_receive(&f->u));
	/* A full FIFO keeps its contents; the 17th is lost with OE. */
	assert_false(uart16550_receive(&f->u, '!'));
	assert_int_equal(rd(f, UART_LSR),
			 UART_LSR_DR | UART_LSR_OE | UART_LSR_THRE | UART_LSR_TEMT);
	for (i = 0; i < UART16550_FIFO_SIZE; i++) {
		assert_true(rd(f, UART_LSR) & UART_LSR_DR);
		assert_int_equal(rd(f, UART_RBR), 'A' + i);
	}
	assert_int_equal(rd(f, UART_LSR), UART_LSR_THRE | UART_LSR_TEMT);
	/* The ring wraps. */
	for (i = 0; i < 40; i++) {
		assert_true(uart16550_receive(&f->u, i));
		assert_true(uart16550_receive(&f->u, i + 100));
		assert_int_equal(rd(f, UART_RBR), i);
		assert_int_equal(rd(f, UART_RBR), i + 100);
	}
}

static void test_fifo_clear_and_toggle(void **state)
{
	struct fixture *f = *state;

	wr(f, UART_FCR, UART_FCR_ENABLE_FIFO);
	uart16550_receive(&f->u, 'x');
	uart16550_receive(&f->u, 'y');
	wr(f, UART_FCR, UART_FCR_ENABLE_FIFO | UART_FCR_CLEAR_RCVR);
	assert_int_equal(rd(f, UART_LSR) & UART_LSR_DR, 0);
	assert_int_equal(rd(f, UART_IIR), IIR_FIFO | UART_IIR_NO_INT);
	/* Writing FCR without a change and without clear bits keeps the data. */
	uart16550_receive(&f->u, 'z');
	wr(f, UART_FCR, UART_FCR_ENABLE_FIFO);
	assert_int_equal(rd(f, UART_LSR) & UART_LSR_DR, UART_LSR_DR);
	/* Turning the FIFO off clears it. */
	wr(f, UART_FCR, 0);
	assert_int_equal(rd(f, UART_LSR) & UART_LSR_DR, 0);
	assert_int_equal(rd(f, UART_IIR), UART_IIR_NO_INT);
	/* And on again. */
	uart16550_receive(&f->u, 'q');
	wr(f, UART_FCR, UART_FCR_ENABLE_FIFO);
	assert_int_equal(rd(f, UART_LSR) & UART_LSR_DR, 0);
}

static void test_rx_interrupt_and_trigger_levels(void **state)
{
	struct fixture *f = *state;
	static const unsigned int levels[4] = { 1, 4, 8, 14 };
	unsigned int t, i;

	/* Without FIFO: one character is "received data available". */
	wr(f, UART_IER, UART_IER_RDI);
	assert_false(f->irq);
	uart16550_receive(&f->u, 'k');
	assert_true(f->irq);
	assert_int_equal(rd(f, UART_IIR), UART_IIR_RDI);
	assert_true(f->irq); /* reading IIR does not acknowledge data */
	rd(f, UART_RBR);
	assert_false(f->irq);

	for (t = 0; t < 4; t++) {
		wr(f, UART_FCR, UART_FCR_ENABLE_FIFO | UART_FCR_CLEAR_RCVR | (t << 6));
		for (i = 1; i <= levels[t]; i++) {
			uart16550_receive(&f->u, i);
			assert_true(f->irq);
			/* Below the trigger level: a character timeout (at once, no timers). */
			assert_int_equal(rd(f, UART_IIR),
					 IIR_FIFO | (i < levels[t] ? UART_IIR_CTI : UART_IIR_RDI));
		}
		while (rd(f, UART_LSR) & UART_LSR_DR)
			rd(f, UART_RBR);
		assert_false(f->irq);
		assert_int_equal(rd(f, UART_IIR), IIR_FIFO | UART_IIR_NO_INT);
	}
}

static void test_line_status_interrupt(void **state)
{
	struct fixture *f = *state;

	wr(f, UART_IER, UART_IER_RLSI);
	uart16550_receive(&f->u, 1);
	assert_false(f->irq);
	uart16550_receive(&f->u, 2); /* overrun */
	assert_true(f->irq);
	assert_int_equal(rd(f, UART_IIR), UART_IIR_RLSI);
	assert_true(rd(f, UART_LSR) & UART_LSR_OE); /* reading LSR clears OE */
	assert_false(f->irq);
	assert_int_equal(rd(f, UART_IIR), UART_IIR_NO_INT);
}

static void test_iir_priorities(void **state)
{
	struct fixture *f = *state;

	wr(f, UART_IER, 0x0f);
	assert_int_equal(rd(f, UART_IIR), UART_IIR_THRI); /* THRE on enable; acked */
	/* Loopback: MCR drives MSR, without delta bits: no modem status interrupt. */
	wr(f, UART_MCR, UART_MCR_LOOP | MCR_OUT2 | MCR_RTS);
	assert_int_equal(rd(f, UART_IIR), UART_IIR_NO_INT);
	wr(f, UART_THR, 'a'); /* looped back: received data */
	wr(f, UART_THR, 'b'); /* overrun (no FIFO): line status */
	assert_int_equal(rd(f, UART_IIR), UART_IIR_RLSI);
	rd(f, UART_LSR); /* clears OE */
	assert_int_equal(rd(f, UART_IIR), UART_IIR_RDI);
	assert_int_equal(rd(f, UART_RBR), 'b');
	assert_int_equal(rd(f, UART_IIR), UART_IIR_THRI); /* acked by this read */
	assert_int_equal(rd(f, UART_IIR), UART_IIR_NO_INT);
	assert_int_equal(rd(f, UART_MSR), 0x90);
	assert_false(f->irq);
	assert_int_equal(f->nr_out, 0); /* loopback sends nothing out */
}

static void test_loopback_msr(void **state)
{
	struct fixture *f = *state;

	/* Linux's 8250 autoconfig loopback test: MCR = LOOP | 0x0a -> MSR & 0xf0 = 0x90. */
	wr(f, UART_MCR, UART_MCR_LOOP | 0x0a);
	assert_int_equal(rd(f, UART_MSR), 0x90);
	/* MSR follows MCR (RTS->CTS, DTR->DSR, OUT1->RI, OUT2->DCD), never with delta bits. */
	wr(f, UART_MCR, UART_MCR_LOOP | MCR_DTR | MCR_OUT1);
	assert_int_equal(rd(f, UART_MSR), 0x60);
	wr(f, UART_MCR, UART_MCR_LOOP | 0x0f);
	assert_int_equal(rd(f, UART_MSR), 0xf0);
	wr(f, UART_MCR, UART_MCR_LOOP);
	assert_int_equal(rd(f, UART_MSR), 0x00);
	/* Loopback data path, FIFO on */
	wr(f, UART_FCR, UART_FCR_ENABLE_FIFO);
	wr(f, UART_THR, 'L');
	wr(f, UART_THR, 'B');
	assert_int_equal(rd(f, UART_RBR), 'L');
	assert_int_equal(rd(f, UART_RBR), 'B');
	assert_int_equal(f->nr_out, 0);
	/* Out of loopback: the line again (DCD DSR CTS, no deltas), characters go out. */
	wr(f, UART_MCR, MCR_OUT2);
	assert_int_equal(rd(f, UART_MSR), 0xb0);
	assert_int_equal(rd(f, UART_MSR), 0xb0);
	wr(f, UART_THR, 'o');
	assert_int_equal(f->nr_out, 1);
	assert_int_equal(f->out[0], 'o');
	/* Modem status interrupts never happen. */
	wr(f, UART_IER, UART_IER_MSI);
	wr(f, UART_MCR, UART_MCR_LOOP | 0x0f);
	wr(f, UART_MCR, 0);
	assert_int_equal(rd(f, UART_IIR), IIR_FIFO | UART_IIR_NO_INT);
	assert_int_equal(f->raises, 0);
}

/*
 * The output is driven where QEMU's serial_update_irq() runs, and only there:
 * what a PLIC that keeps every raise as a request (QEMU 7.2) gets to see.
 */
static void test_irq_update_points(void **state)
{
	struct fixture *f = *state;
	unsigned int n;

	wr(f, UART_FCR, UART_FCR_ENABLE_FIFO); /* an update, low */
	assert_int_equal(f->irq_calls, 1);
	assert_int_equal(f->raises, 0);
	/* LCR, MCR, SCR and divisor writes do not update; nor IER rewritten unchanged. */
	wr(f, UART_LCR, 0x03);
	wr(f, UART_MCR, UART_MCR_LOOP);
	wr(f, UART_SCR, 1);
	wr(f, UART_IER, 0);
	assert_int_equal(f->irq_calls, 1);

	/* Received data and THRE at once, as in a handler of both. */
	wr(f, UART_THR, 'T'); /* updates: THR full, THR empty, byte received: all low */
	assert_int_equal(f->irq_calls, 4);
	wr(f, UART_IER, UART_IER_RDI | UART_IER_THRI);
	assert_int_equal(f->raises, 1);
	n = f->irq_calls;
	/* Reading IIR that shows received data, and LSR without errors: no update. */
	assert_int_equal(rd(f, UART_IIR), IIR_FIFO | UART_IIR_RDI);
	assert_int_equal(rd(f, UART_LSR), UART_LSR_DR | UART_LSR_THRE | UART_LSR_TEMT);
	assert_int_equal(rd(f, UART_MSR), 0x00);
	assert_int_equal(f->irq_calls, n);
	/* Reading RBR updates: THRE still pending, so the line is raised again. */
	assert_int_equal(rd(f, UART_RBR), 'T');
	assert_int_equal(f->irq_calls, n + 1);
	assert_int_equal(f->raises, 2);
	/* Reading IIR that shows THRE acknowledges it: an update, low. */
	assert_int_equal(rd(f, UART_IIR), IIR_FIFO | UART_IIR_THRI);
	assert_int_equal(f->irq_calls, n + 2);
	assert_false(f->irq);
	assert_int_equal(rd(f, UART_IIR), IIR_FIFO | UART_IIR_NO_INT);
	assert_int_equal(f->irq_calls, n + 2);
	/* An FCR write always updates, even one that changes nothing. */
	wr(f, UART_FCR, UART_FCR_ENABLE_FIFO);
	assert_int_equal(f->irq_calls, n + 3);
}

/*
 * QEMU's serial_mm_ops: an 8-byte MemoryRegion (reg-shift 0) taking 1..8
 * bytes, so an access of any width within the eight registers reaches the
 * byte register at its offset; the rest of the 0x100 window, and an access
 * running into it, is an access fault (tests/guests/mmio-widths, natively).
 */
static void test_vdev_widths(void **state)
{
	struct fixture *f = *state;
	struct vdev dev = { .name = "uart",
			    .size = 0x100,
			    .ops = &uart16550_vdev_ops,
			    .priv = &f->u };
	uint64_t off;
	unsigned int w;

	for (w = 1; w <= 8; w *= 2)
		for (off = 0; off < 0x100; off++)
			assert_int_equal(vdev_access_ok(&dev, off, w), off + w <= 8);
	for (w = 1; w <= 8; w *= 2) {
		assert_int_equal(dev.ops->read(&dev, UART_LSR, w), UART_LSR_THRE | UART_LSR_TEMT);
		dev.ops->write(&dev, UART_SCR, w, 0x1234567800 | w);
		assert_int_equal(dev.ops->read(&dev, UART_SCR, w), w); /* low byte only */
	}
	dev.ops->write(&dev, UART_THR, 4, 0x4142);
	assert_int_equal(f->nr_out, 1);
	assert_int_equal(f->out[0], 0x42);
}

static void test_no_callbacks(void **state)
{
	struct uart16550 u;

	uart16550_init(&u, NULL, NULL, NULL);
	uart16550_write(&u, UART_IER, 0x0f);
	uart16550_write(&u, UART_THR, 'x');
	uart16550_receive(&u, 'y');
	assert_int_equal(uart16550_read(&u, UART_RBR), 'y');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reset_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dlab_divisor_latches, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scratch_and_masks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transmit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_thre_interrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_receive_no_fifo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_receive_fifo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fifo_clear_and_toggle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rx_interrupt_and_trigger_levels, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_line_status_interrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_iir_priorities, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loopback_msr, setup, teardown),
		cmocka_unit_test_setup_teardown(test_irq_update_points, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vdev_widths, setup, teardown),
		cmocka_unit_test(test_no_callbacks),
	};

	return cmocka_run_group_tests_name("uart16550", tests, NULL, NULL);
}
