/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The register map of the SiFive PLIC ("sifive,plic-1.0.0", "riscv,plic0";
 * QEMU hw/intc/sifive_plic.c, the RISC-V PLIC specification). SVPN's host
 * PLIC driver (drivers/host/plic.c) and the guests' PLIC model
 * (drivers/plic.c) both use it.
 */
#ifndef _UAPI_HW_SIFIVE_PLIC_H
#define _UAPI_HW_SIFIVE_PLIC_H

#define PLIC_PRIORITY_BASE     0x0    /* + 4 * source */
#define PLIC_PENDING_BASE      0x1000 /* + 4 * word */
#define PLIC_ENABLE_BASE       0x2000 /* + 0x80 * context + 4 * word */
#define PLIC_ENABLE_STRIDE     0x80
#define PLIC_CONTEXT_BASE      0x200000 /* + 0x1000 * context */
#define PLIC_CONTEXT_STRIDE    0x1000
#define PLIC_CONTEXT_THRESHOLD 0x0
#define PLIC_CONTEXT_CLAIM     0x4  /* read: claim; write: complete */
#define PLIC_MAX_SOURCE	       1023 /* sources 1..1023; 0 is "none" */

#endif /* _UAPI_HW_SIFIVE_PLIC_H */
