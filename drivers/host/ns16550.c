// SPDX-License-Identifier: GPL-2.0
/*
 * SVPN's console on the host's 16550. Polled: SVPN only prints lines and
 * reads keys for its guests, so no interrupts are needed here.
 */
#include <asm/memory.h>
#include <svpn/console.h>
#include <svpn/host_uart.h>
#include <svpn/uart_regs.h>

static unsigned int ns16550_read(const struct console *con, unsigned int reg)
{
	unsigned long addr = con->base + (reg << con->reg_shift);

	if (con->reg_io_width == 4)
		return *(volatile unsigned int *)addr;
	return *(volatile unsigned char *)addr;
}

static void ns16550_write(const struct console *con, unsigned int reg, unsigned int val)
{
	unsigned long addr = con->base + (reg << con->reg_shift);

	if (con->reg_io_width == 4)
		*(volatile unsigned int *)addr = val;
	else
		*(volatile unsigned char *)addr = val;
}

static void ns16550_putc(const struct console *con, char c)
{
	while (!(ns16550_read(con, UART_LSR) & UART_LSR_THRE))
		;
	ns16550_write(con, UART_THR, (unsigned char)c);
}

static int ns16550_getc(const struct console *con)
{
	if (!(ns16550_read(con, UART_LSR) & UART_LSR_DR))
		return -1;
	return ns16550_read(con, UART_RBR);
}

/* QEMU's 16550 needs no divisor; on real boards the firmware has set it. */
void host_uart_init(struct console *con, unsigned long pa, unsigned int reg_shift,
		    unsigned int reg_io_width)
{
	con->name = "ns16550";
	con->base = (unsigned long)__va(pa);
	con->reg_shift = reg_shift;
	con->reg_io_width = reg_io_width;
	con->putc = ns16550_putc;
	con->getc = ns16550_getc;
	ns16550_write(con, UART_IER, 0);
	ns16550_write(con, UART_FCR, UART_FCR_ENABLE_FIFO);
}
