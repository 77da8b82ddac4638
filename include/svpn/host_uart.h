/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SVPN_HOST_UART_H
#define _SVPN_HOST_UART_H

struct console;

void host_uart_init(struct console *con, unsigned long pa, unsigned int reg_shift,
		    unsigned int reg_io_width);

#endif /* _SVPN_HOST_UART_H */
