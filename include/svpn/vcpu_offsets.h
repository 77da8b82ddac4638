/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Offsets into struct vcpu for the trap fast path in entry.S. vmm/vcpu.c
 * checks each against the C layout at compile time.
 */
#ifndef _SVPN_VCPU_OFFSETS_H
#define _SVPN_VCPU_OFFSETS_H

#define VCPU_CSR_SSTATUS  (36 * 8) /* after struct pt_regs */
#define VCPU_CSR_SIE	  (37 * 8)
#define VCPU_CSR_SIP	  (38 * 8)
#define VCPU_CSR_SSCRATCH (40 * 8)
#define VCPU_CSR_STIMECMP (47 * 8)
#define VCPU_PRIV	  (48 * 8)
#define VCPU_FAST_SSTATUS (49 * 8)

#endif /* _SVPN_VCPU_OFFSETS_H */
