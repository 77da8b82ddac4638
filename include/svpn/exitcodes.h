/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QEMU exit statuses SVPN produces. A guest's own shutdown passes its status
 * through unchanged (0 after a normal SBI shutdown); these are the others.
 * Documented for users in Documentation/architecture.md.
 */
#ifndef _SVPN_EXITCODES_H
#define _SVPN_EXITCODES_H

#define SVPN_EXIT_OK		0 /* guest shut down normally */
#define SVPN_EXIT_GUEST_FAILURE 1 /* guest asked for a system-failure reset */
#define SVPN_EXIT_PANIC		2 /* SVPN itself panicked (bad input or bug) */
#define SVPN_EXIT_MSTUB_FATAL	3 /* the M-mode stub met an impossible trap */
#define SVPN_EXIT_GUEST_REBOOT	4 /* the guest asked for a reboot (a Linux panic=-1 does) */
/* With several guests: this | a bit per guest that ended with a non-zero status. */
#define SVPN_EXIT_GUESTS_FAILED 0x40

#endif /* _SVPN_EXITCODES_H */
