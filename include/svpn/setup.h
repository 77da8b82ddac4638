/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SVPN_SETUP_H
#define _SVPN_SETUP_H

#include <svpn/compiler.h>
#include <svpn/platform.h>

extern struct platform host_platform;

/* What the boot hart does once the machine is set up: create and run guests. */
void svpn_main(void) __noreturn;

#endif /* _SVPN_SETUP_H */
