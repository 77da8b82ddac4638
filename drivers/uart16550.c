// SPDX-License-Identifier: GPL-2.0
/*
 * 16550A UART model.
 *
 * Follows QEMU 7.2's hw/char/serial.c where the guest can tell (reset values,
 * IIR, LSR and MSR semantics, FIFO clearing, the THRE interrupt re-armed when
 * IER.THRI is turned on, RBR reading 0 from an empty FIFO), since guests are
 * tested against QEMU. That includes when the interrupt output is driven:
 * set_irq() is called exactly where QEMU's serial_update_irq() runs, with
 * whatever level results, because QEMU's PLIC takes every raise as a new
 * request (reading RBR with THRE still pending re-raises it; reading IIR
 * while it shows received data does not). IIR reads show the interrupt as
 * of that last update, as QEMU's cached s->iir does. What is simpler here:
 *  - Transmission is instant: a THR write goes straight to putc() (or, in
 *    loopback, to the receiver), so THRE and TEMT read 1 again at once and a
 *    THRE interrupt is pending right after the write (QEMU's is just as
 *    immediate when its character backend takes the byte).
 *  - There are no timers: below the FIFO trigger level, the character
 *    timeout counts as elapsed as soon as a character is there, so the guest
 *    gets a timeout interrupt (IIR 0xcc) instead of waiting 4 character times.
 *  - No modem lines: MSR reads DCD|DSR|CTS, never with delta bits. In
 *    loopback MSR reads MCR's outputs, also without delta bits (as QEMU).
 * Interrupt priorities (highest first): line status (overrun), received data
 * or character timeout, THR empty, modem status.
 */
#include <svpn/uart_regs.h>
#include "uart16550.h"

/* Bits uart_regs.h (shared with the host driver) does not name. */
#define UART_FCR_DMA_SELECT   0x08
#define UART_FCR_TRIGGER(fcr) (((fcr) >> 6) & 0x3)
#define UART_FCR_STORED	      (UART_FCR_ENABLE_FIFO | UART_FCR_DMA_SELECT | 0xc0)
#define UART_IER_ALL	      0x0f
#define UART_MCR_DTR	      0x01
#define UART_MCR_RTS	      0x02
#define UART_MCR_OUT1	      0x04
#define UART_MCR_OUT2	      0x08
#define UART_MCR_ALL	      0x1f
#define UART_LSR_BI	      0x10
#define UART_LSR_INT_ANY      0x1e /* OE | PE | FE | BI */
#define UART_MSR_ANY_DELTA    0x0f
#define UART_MSR_CTS	      0x10
#define UART_MSR_DSR	      0x20
#define UART_MSR_RI	      0x40
#define UART_MSR_DCD	      0x80
#define UART_NR_REGS	      8

static const uint8_t rx_trigger_level[4] = { 1, 4, 8, 14 };

static bool fifo_on(const struct uart16550 *u)
{
	return u->fcr & UART_FCR_ENABLE_FIFO;
}

static unsigned int rx_capacity(const struct uart16550 *u)
{
	return fifo_on(u) ? UART16550_FIFO_SIZE : 1;
}

static uint8_t uart_iir_id(const struct uart16550 *u)
{
	if ((u->ier & UART_IER_RLSI) && (u->lsr & UART_LSR_INT_ANY))
		return UART_IIR_RLSI;
	if ((u->ier & UART_IER_RDI) && u->rx_count) {
		if (!fifo_on(u) || u->rx_count >= rx_trigger_level[UART_FCR_TRIGGER(u->fcr)])
			return UART_IIR_RDI;
		return UART_IIR_CTI;
	}
	if ((u->ier & UART_IER_THRI) && u->thr_ipending)
		return UART_IIR_THRI;
	if ((u->ier & UART_IER_MSI) && (u->msr & UART_MSR_ANY_DELTA))
		return UART_IIR_MSI;
	return UART_IIR_NO_INT;
}

/* QEMU's serial_update_irq(): recompute IIR and drive the output, even unchanged. */
static void uart_update_irq(struct uart16550 *u)
{
	u->iir = uart_iir_id(u);
	u->irq = u->iir != UART_IIR_NO_INT;
	if (u->set_irq)
		u->set_irq(u->ctx, u->irq);
}

/* In loopback the modem control outputs are the modem status inputs. */
static uint8_t read_msr(const struct uart16550 *u)
{
	if (!(u->mcr & UART_MCR_LOOP))
		return u->msr;
	return (u->mcr & UART_MCR_RTS ? UART_MSR_CTS : 0) |
	       (u->mcr & UART_MCR_DTR ? UART_MSR_DSR : 0) |
	       (u->mcr & UART_MCR_OUT1 ? UART_MSR_RI : 0) |
	       (u->mcr & UART_MCR_OUT2 ? UART_MSR_DCD : 0);
}

static void rx_clear(struct uart16550 *u)
{
	u->rx_head = 0;
	u->rx_count = 0;
}

static bool rx_push(struct uart16550 *u, uint8_t c)
{
	if (u->rx_count == rx_capacity(u)) {
		u->lsr |= UART_LSR_OE;
		if (fifo_on(u))
			return false;  /* a full FIFO keeps its contents */
		u->rx[u->rx_head] = c; /* the holding register is overwritten */
		return false;
	}
	u->rx[(u->rx_head + u->rx_count) % UART16550_FIFO_SIZE] = c;
	u->rx_count++;
	return true;
}

/* A character arrives (from the line, or looped back): QEMU's serial_receive1(). */
static bool receive(struct uart16550 *u, uint8_t c)
{
	bool kept = rx_push(u, c);

	uart_update_irq(u);
	return kept;
}

static uint8_t read_rbr(struct uart16550 *u)
{
	u->listening = true;
	if (!u->rx_count)
		return fifo_on(u) ? 0 : u->rbr;
	u->rbr = u->rx[u->rx_head];
	u->rx_head = (u->rx_head + 1) % UART16550_FIFO_SIZE;
	u->rx_count--;
	return u->rbr;
}

static void write_thr(struct uart16550 *u, uint8_t c)
{
	/* Written: THR is full until it is sent. */
	u->thr_ipending = false;
	u->lsr &= ~(UART_LSR_THRE | UART_LSR_TEMT);
	uart_update_irq(u);
	/* Sent at once: THR is empty again, then the byte leaves the shift register. */
	u->lsr |= UART_LSR_THRE;
	u->thr_ipending = true;
	uart_update_irq(u);
	if (u->mcr & UART_MCR_LOOP)
		receive(u, c);
	else if (u->putc)
		u->putc(u->ctx, (char)c);
	u->lsr |= UART_LSR_TEMT;
}

static void write_ier(struct uart16550 *u, uint8_t val)
{
	uint8_t changed = (u->ier ^ val) & UART_IER_ALL;

	u->ier = val & UART_IER_ALL;
	/*
	 * Turning THRI on with THR empty raises the THRE interrupt even if an
	 * IIR read had cleared it (QEMU, Bochs; Linux's THRE test relies on it).
	 */
	if (changed & UART_IER_THRI)
		u->thr_ipending = (u->ier & UART_IER_THRI) && (u->lsr & UART_LSR_THRE);
	if (changed)
		uart_update_irq(u);
}

static void write_fcr(struct uart16550 *u, uint8_t val)
{
	/* Turning the FIFOs on or off clears them. */
	if ((val ^ u->fcr) & UART_FCR_ENABLE_FIFO)
		val |= UART_FCR_CLEAR_RCVR | UART_FCR_CLEAR_XMIT;
	if (val & UART_FCR_CLEAR_RCVR)
		rx_clear(u);
	if (val & UART_FCR_CLEAR_XMIT) {
		u->lsr |= UART_LSR_THRE | UART_LSR_TEMT;
		u->thr_ipending = true;
	}
	u->fcr = val & UART_FCR_STORED;
	u->iir_fifo = fifo_on(u) ? UART_IIR_FIFO_ENABLED : 0;
	uart_update_irq(u);
}

static uint8_t read_iir(struct uart16550 *u)
{
	uint8_t val = u->iir | u->iir_fifo;

	/* Reading IIR while it shows THRE acknowledges that interrupt. */
	if (u->iir == UART_IIR_THRI) {
		u->thr_ipending = false;
		uart_update_irq(u);
	}
	return val;
}

static uint8_t read_lsr(struct uart16550 *u)
{
	uint8_t val = u->lsr | (u->rx_count ? UART_LSR_DR : 0);

	u->listening = true;
	/* Overrun and break are cleared by reading. */
	if (u->lsr & (UART_LSR_OE | UART_LSR_BI)) {
		u->lsr &= ~(UART_LSR_OE | UART_LSR_BI);
		uart_update_irq(u);
	}
	return val;
}

uint8_t uart16550_read(struct uart16550 *u, unsigned int reg)
{
	bool dlab = u->lcr & UART_LCR_DLAB;
	uint8_t val;

	switch (reg) {
	case UART_RBR:
		if (dlab)
			return (uint8_t)u->divisor;
		val = read_rbr(u);
		uart_update_irq(u);
		return val;
	case UART_IER:
		return dlab ? (uint8_t)(u->divisor >> 8) : u->ier;
	case UART_IIR:
		return read_iir(u);
	case UART_LCR:
		return u->lcr;
	case UART_MCR:
		return u->mcr;
	case UART_LSR:
		return read_lsr(u);
	case UART_MSR:
		return read_msr(u);
	case UART_SCR:
		return u->scr;
	default:
		return 0;
	}
}

void uart16550_write(struct uart16550 *u, unsigned int reg, uint8_t val)
{
	bool dlab = u->lcr & UART_LCR_DLAB;

	switch (reg) {
	case UART_THR:
		if (dlab)
			u->divisor = (u->divisor & 0xff00) | val;
		else
			write_thr(u, val);
		break;
	case UART_IER:
		if (dlab)
			u->divisor = (u->divisor & 0x00ff) | (val << 8);
		else
			write_ier(u, val);
		break;
	case UART_FCR:
		write_fcr(u, val);
		break;
	case UART_LCR:
		u->lcr = val;
		break;
	case UART_MCR:
		u->mcr = val & UART_MCR_ALL;
		break;
	case UART_SCR:
		u->scr = val;
		break;
	default:
		break; /* LSR and MSR are read-only */
	}
}

bool uart16550_listening(const struct uart16550 *u)
{
	return u->listening || (u->ier & UART_IER_RDI);
}

bool uart16550_can_receive(const struct uart16550 *u)
{
	return u->rx_count < rx_capacity(u);
}

bool uart16550_receive(struct uart16550 *u, uint8_t c)
{
	return receive(u, c);
}

void uart16550_init(struct uart16550 *u, void (*putc)(void *ctx, char c),
		    void (*set_irq)(void *ctx, bool level), void *ctx)
{
	*u = (struct uart16550){
		.lsr = UART_LSR_THRE | UART_LSR_TEMT,
		.iir = UART_IIR_NO_INT,
		.mcr = UART_MCR_OUT2,
		.msr = UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS,
		.divisor = 0x0c, /* 9600 baud at 1.8432 MHz, QEMU's reset value */
		.ctx = ctx,
		.putc = putc,
		.set_irq = set_irq,
	};
}

/*
 * As QEMU's serial_mm_ops (reg-shift 0): a MemoryRegion of 8 bytes, .valid
 * and .impl 1..8. So an access that stays within the eight registers, of any
 * width, reaches the byte register at its first byte (wider reads are
 * zero-extended, wider writes keep the low byte); offsets 8..0xff of the
 * 0x100 window are no device, and an access there, or one that runs into
 * them (a doubleword at +4), is an access fault.
 */
static bool uart16550_access_ok(const struct vdev *dev, uint64_t off, unsigned int width)
{
	return off < UART_NR_REGS && width <= UART_NR_REGS - off;
}

static uint64_t uart16550_vdev_read(struct vdev *dev, uint64_t off, unsigned int width)
{
	return uart16550_read(dev->priv, off);
}

static void uart16550_vdev_write(struct vdev *dev, uint64_t off, unsigned int width, uint64_t val)
{
	uart16550_write(dev->priv, off, (uint8_t)val);
}

const struct vdev_ops uart16550_vdev_ops = {
	.access_ok = uart16550_access_ok,
	.read = uart16550_vdev_read,
	.write = uart16550_vdev_write,
};
