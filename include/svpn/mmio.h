/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest MMIO: decoding the load or store that faulted on a device page
 * (vmm/mmio_decode.c, pure, host-testable) and the guest's devices
 * (vmm/mmio.c).
 */
#ifndef _SVPN_MMIO_H
#define _SVPN_MMIO_H

#include <stdbool.h>
#include <stdint.h>

struct guest;

/* One integer load or store, as far as MMIO emulation needs it. */
struct mmio_insn {
	unsigned int len; /* instruction length: 2 or 4 */
	bool store;
	bool sign_extend;   /* loads: lb/lh/lw (ld needs none) */
	unsigned int width; /* access width in bytes: 1, 2, 4, 8 */
	unsigned int reg;   /* loads: rd; stores: rs2 */
	unsigned int base;  /* rs1 (x2 for the stack-pointer forms) */
	long offset;	    /* added to the base register */
};

/*
 * Decode @insn (a 32-bit instruction, or a 16-bit one in the low half) as
 * an RV64 integer load/store: lb/lh/lw/ld/lbu/lhu/lwu, sb/sh/sw/sd, and the
 * RV64C c.lw/c.ld/c.sw/c.sd/c.lwsp/c.ldsp/c.swsp/c.sdsp. Returns 0, or -1
 * for anything else (FP loads/stores, AMOs, reserved encodings).
 */
int mmio_decode(uint32_t insn, struct mmio_insn *mi);

/* Sign- or zero-extend a @width-byte value read from a device into a register. */
static inline unsigned long mmio_extend(uint64_t val, unsigned int width, bool sign)
{
	unsigned int shift = 64 - 8 * width;

	if (width >= 8)
		return val;
	if (sign)
		return (unsigned long)((int64_t)(val << shift) >> shift);
	return val & ((1ULL << (8 * width)) - 1);
}

/* vmm/mmio.c: put the configured device models on the guest's bus. */
int guest_init_devices(struct guest *g);
/* Feed the guest's UART from SVPN's console while it has room; no-op without one. */
void guest_uart_poll_input(struct guest *g);
/* One character into the guest's UART; false if dropped (no UART, or overrun). */
bool guest_uart_receive(struct guest *g, char c);

#endif /* _SVPN_MMIO_H */
