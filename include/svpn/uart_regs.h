/* SPDX-License-Identifier: GPL-2.0 */
/* 16550 register offsets and bits: shared by the host driver and the guest model. */
#ifndef _SVPN_UART_REGS_H
#define _SVPN_UART_REGS_H

#define UART_RBR 0 /* receive buffer (read, DLAB=0) */
#define UART_THR 0 /* transmit holding (write, DLAB=0) */
#define UART_DLL 0 /* divisor latch low (DLAB=1) */
#define UART_IER 1 /* interrupt enable (DLAB=0) */
#define UART_DLM 1 /* divisor latch high (DLAB=1) */
#define UART_IIR 2 /* interrupt identification (read) */
#define UART_FCR 2 /* FIFO control (write) */
#define UART_LCR 3 /* line control */
#define UART_MCR 4 /* modem control */
#define UART_LSR 5 /* line status */
#define UART_MSR 6 /* modem status */
#define UART_SCR 7 /* scratch */

#define UART_IER_RDI  0x01 /* receive data available */
#define UART_IER_THRI 0x02 /* THR empty */
#define UART_IER_RLSI 0x04 /* receiver line status */
#define UART_IER_MSI  0x08 /* modem status */

#define UART_IIR_NO_INT	      0x01
#define UART_IIR_ID	      0x0e
#define UART_IIR_MSI	      0x00
#define UART_IIR_THRI	      0x02
#define UART_IIR_RDI	      0x04
#define UART_IIR_RLSI	      0x06
#define UART_IIR_CTI	      0x0c
#define UART_IIR_FIFO_ENABLED 0xc0

#define UART_FCR_ENABLE_FIFO 0x01
#define UART_FCR_CLEAR_RCVR  0x02
#define UART_FCR_CLEAR_XMIT  0x04

#define UART_LCR_DLAB 0x80

#define UART_MCR_LOOP 0x10

#define UART_LSR_DR   0x01 /* data ready */
#define UART_LSR_OE   0x02 /* overrun */
#define UART_LSR_THRE 0x20 /* THR empty */
#define UART_LSR_TEMT 0x40 /* transmitter empty */

#endif /* _SVPN_UART_REGS_H */
