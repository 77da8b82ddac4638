/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A 16550A UART model (drivers/uart16550.c), shaped after QEMU's serial
 * device so that Linux's 8250 driver and QEMU-tested guests see the same
 * thing. Byte registers at offsets 0..7 (reg-shift 0).
 */
#ifndef _DRIVERS_UART16550_H
#define _DRIVERS_UART16550_H

#include <stdbool.h>
#include <stdint.h>
#include <svpn/vdev.h>

#define UART16550_FIFO_SIZE 16

struct uart16550 {
	uint8_t ier, lcr, mcr, lsr, msr, scr, fcr;
	uint8_t iir;	  /* interrupt id as of the last update (QEMU's s->iir) */
	uint8_t iir_fifo; /* IIR's FIFO bits */
	uint16_t divisor;
	uint8_t rbr; /* last received character (FIFO off) */
	uint8_t rx[UART16550_FIFO_SIZE];
	unsigned int rx_head, rx_count;
	bool thr_ipending; /* THRE interrupt pending (cleared by IIR read) */
	bool irq;	   /* the interrupt output's level as last driven */
	bool listening;	   /* the guest looked at the receive side (LSR, RBR, RDI) */

	void *ctx;
	void (*putc)(void *ctx, char c);
	void (*set_irq)(void *ctx, bool level);
};

/*
 * Reset state; @putc and @set_irq may be NULL. @set_irq is called with the
 * output's level each time QEMU's model would update it, high or low, even
 * if the level did not change: a PLIC takes each high call as a new request.
 */
void uart16550_init(struct uart16550 *u, void (*putc)(void *ctx, char c),
		    void (*set_irq)(void *ctx, bool level), void *ctx);
uint8_t uart16550_read(struct uart16550 *u, unsigned int reg);
void uart16550_write(struct uart16550 *u, unsigned int reg, uint8_t val);
/* A character from the line. Returns false if it was lost (overrun). */
bool uart16550_receive(struct uart16550 *u, uint8_t c);
/* Whether a received character would fit (QEMU holds input back otherwise). */
bool uart16550_can_receive(const struct uart16550 *u);
/*
 * Whether the guest has shown it takes input from this UART: it read LSR
 * or RBR (a polling program) or enabled the receive interrupt. Until then
 * a host may keep input for another consumer (SBI console_getchar).
 */
bool uart16550_listening(const struct uart16550 *u);

/* Bus glue: priv is the struct uart16550. */
extern const struct vdev_ops uart16550_vdev_ops;

#endif /* _DRIVERS_UART16550_H */
