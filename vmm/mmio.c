// SPDX-License-Identifier: GPL-2.0
/* Guest MMIO dispatch: no device models yet, so nothing is claimed. */
#include <svpn/vcpu.h>
#include "../mm/shadow_internal.h"

bool guest_mmio_fault(struct vcpu *v, unsigned long cause, unsigned long gpa)
{
	return false;
}
