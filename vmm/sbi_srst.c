// SPDX-License-Identifier: GPL-2.0
/* SBI SRST: the guest shuts down or reboots; QEMU's exit status follows. */
#include <svpn/exitcodes.h>
#include <svpn/guest.h>
#include "sbi.h"
#include "vcpu_internal.h"

static struct sbi_ret sbi_srst_handler(struct vcpu *v, unsigned long eid, unsigned long fid,
				       const unsigned long *args)
{
	unsigned long type = args[0], reason = args[1];

	if (fid != SBI_EXT_SRST_RESET)
		return sbi_err(SBI_ERR_NOT_SUPPORTED);
	if (type > SBI_SRST_RESET_TYPE_WARM_REBOOT && type < SBI_SRST_RESET_TYPE_VENDOR)
		return sbi_err(SBI_ERR_INVALID_PARAM);
	if (reason > SBI_SRST_RESET_REASON_SYSFAIL && reason < SBI_SRST_RESET_REASON_SBI_IMPL)
		return sbi_err(SBI_ERR_INVALID_PARAM);
	if (type > SBI_SRST_RESET_TYPE_WARM_REBOOT)
		return sbi_err(SBI_ERR_NOT_SUPPORTED); /* vendor-specific types */
	if (type != SBI_SRST_RESET_TYPE_SHUTDOWN)
		guest_reboot(v->guest);
	guest_exit(v->guest,
		   reason == SBI_SRST_RESET_REASON_NONE ? SVPN_EXIT_OK : SVPN_EXIT_GUEST_FAILURE);
}

const struct sbi_ext sbi_ext_srst = {
	.eid_start = SBI_EXT_SRST,
	.eid_end = SBI_EXT_SRST,
	.handler = sbi_srst_handler,
};
