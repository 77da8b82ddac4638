// SPDX-License-Identifier: GPL-2.0
/*
 * sbi: BASE (spec version as a property, probe, machine ids), error codes for
 * unknown extensions and functions, HSM hart status, RFENCE to self, SRST
 * argument checking, the legacy console_getchar. Implementation id/version and
 * the exact spec version legitimately differ (OpenSBI 1.1 says 1.0, SVPN 2.0).
 */
#include "guest.h"

const char guest_name[] = GUEST_NAME;

static struct sbiret call(unsigned long ext, unsigned long fid, unsigned long a0, unsigned long a1,
			  unsigned long a2)
{
	return sbi_ecall(ext, fid, a0, a1, a2, 0, 0, 0);
}

static void base(void)
{
	static const struct {
		const char *name;
		unsigned long eid;
	} exts[] = {
		{ "BASE", SBI_EXT_BASE },
		{ "TIME", SBI_EXT_TIME },
		{ "IPI", SBI_EXT_IPI },
		{ "RFENCE", SBI_EXT_RFENCE },
		{ "HSM", SBI_EXT_HSM },
		{ "SRST", SBI_EXT_SRST },
		{ "legacy set_timer", 0x0 },
		{ "legacy console_putchar", 0x1 },
		{ "legacy console_getchar", 0x2 },
		{ "legacy clear_ipi", 0x3 },
		{ "legacy send_ipi", 0x4 },
		{ "legacy remote_fence_i", 0x5 },
		{ "legacy remote_sfence_vma", 0x6 },
		{ "legacy remote_sfence_vma_asid", 0x7 },
		{ "legacy shutdown", 0x8 },
		{ "unknown 0x12345678", 0x12345678 },
		{ "firmware 0x0A000000", 0x0A000000 },
		{ "experimental 0x08000000", 0x08000000 },
		{ "unknown 0x09", 0x09 },
		{ "unknown 0xffffffff", 0xffffffff },
		{ "unknown 2^32+0x10", 0x100000010UL },
	};
	struct sbiret r;
	unsigned long major, minor;

	r = call(SBI_EXT_BASE, SBI_EXT_BASE_GET_SPEC_VERSION, 0, 0, 0);
	major = (r.value >> 24) & 0x7f;
	minor = r.value & 0xffffff;
	printf("get_spec_version error=%ld bit31=%lu spec_version>=0.2 %s\n", r.error,
	       ((unsigned long)r.value >> 31) & 1, yesno(major > 0 || minor >= 2));
	CHECK(r.error == 0 && (major > 0 || minor >= 2));
	r = call(SBI_EXT_BASE, SBI_EXT_BASE_GET_IMP_ID, 0, 0, 0);
	printf("get_impl_id error=%ld\n", r.error);
	r = call(SBI_EXT_BASE, SBI_EXT_BASE_GET_IMP_VERSION, 0, 0, 0);
	printf("get_impl_version error=%ld\n", r.error);
	for (unsigned i = 0; i < ARRAY_SIZE(exts); i++) {
		r = sbi_probe(exts[i].eid);
		printf("probe %s: error=%ld value=%ld\n", exts[i].name, r.error, r.value);
	}
	r = call(SBI_EXT_BASE, SBI_EXT_BASE_GET_MVENDORID, 0, 0, 0);
	printf("mvendorid error=%ld value=%lx\n", r.error, r.value);
	r = call(SBI_EXT_BASE, SBI_EXT_BASE_GET_MARCHID, 0, 0, 0);
	printf("marchid error=%ld value=%lx\n", r.error, r.value);
	r = call(SBI_EXT_BASE, SBI_EXT_BASE_GET_MIMPID, 0, 0, 0);
	printf("mimpid error=%ld value=%lx\n", r.error, r.value);
}

static void not_supported(void)
{
	static const struct {
		const char *name;
		unsigned long eid, fid;
	} calls[] = {
		{ "unknown EID 0x12345678", 0x12345678, 0 },
		{ "unknown EID 0x0A000000", 0x0A000000, 0 },
		{ "unknown EID 0x09", 0x09, 0 },
		{ "unknown EID 2^32+0x10 (BASE in low bits)", 0x100000010UL, 0 },
		{ "BASE fid 7", SBI_EXT_BASE, 7 },
		{ "BASE fid 1000", SBI_EXT_BASE, 1000 },
		{ "BASE fid 2^32", SBI_EXT_BASE, 1UL << 32 },
		{ "TIME fid 1", SBI_EXT_TIME, 1 },
		{ "IPI fid 1", SBI_EXT_IPI, 1 },
		{ "HSM fid 9", SBI_EXT_HSM, 9 },
		{ "SRST fid 1", SBI_EXT_SRST, 1 },
		{ "RFENCE fid 7", SBI_EXT_RFENCE, 7 },
	};

	for (unsigned i = 0; i < ARRAY_SIZE(calls); i++) {
		struct sbiret r = call(calls[i].eid, calls[i].fid, 0, 0, 0);

		printf("%s: error=%ld\n", calls[i].name, r.error);
		CHECK(r.error == SBI_ERR_NOT_SUPPORTED);
	}
}

static void hsm(unsigned long hartid)
{
	struct sbiret r;

	r = call(SBI_EXT_HSM, 2, hartid, 0, 0);
	printf("hart_get_status(self) error=%ld value=%ld\n", r.error, r.value);
	CHECK(r.error == 0 && r.value == 0);
	r = call(SBI_EXT_HSM, 2, 7, 0, 0);
	printf("hart_get_status(7) error=%ld\n", r.error);
	CHECK(r.error == SBI_ERR_INVALID_PARAM);
	r = call(SBI_EXT_HSM, 2, ~0UL, 0, 0);
	printf("hart_get_status(-1) error=%ld\n", r.error);
	r = call(SBI_EXT_HSM, 0, hartid, 0x80200000UL, 0);
	printf("hart_start(self) error=%ld\n", r.error);
	r = call(SBI_EXT_HSM, 0, 7, 0x80200000UL, 0);
	printf("hart_start(7) error=%ld\n", r.error);
}

static void rfence(unsigned long hartid)
{
	static const struct {
		const char *name;
		unsigned long fid;
	} fences[] = {
		{ "remote_fence_i", 0 },
		{ "remote_sfence_vma", 1 },
		{ "remote_sfence_vma_asid", 2 },
	};
	struct sbiret r;

	for (unsigned i = 0; i < ARRAY_SIZE(fences); i++) {
		r = sbi_ecall(SBI_EXT_RFENCE, fences[i].fid, 1, hartid, 0, ~0UL, 0, 0);
		printf("%s(self, all) error=%ld\n", fences[i].name, r.error);
		CHECK(r.error == 0);
		r = sbi_ecall(SBI_EXT_RFENCE, fences[i].fid, 1, hartid, 0x80200000UL, 4096, 0, 0);
		printf("%s(self, one page) error=%ld\n", fences[i].name, r.error);
		r = sbi_ecall(SBI_EXT_RFENCE, fences[i].fid, 1, ~0UL, 0, ~0UL, 0, 0);
		printf("%s(all harts) error=%ld\n", fences[i].name, r.error);
		r = sbi_ecall(SBI_EXT_RFENCE, fences[i].fid, 1, 7, 0, ~0UL, 0, 0);
		printf("%s(hart 7) error=%ld\n", fences[i].name, r.error);
	}
	/* the hypervisor fences (fid 3..6) need the H extension, which the guest does not have */
	for (unsigned long fid = 3; fid <= 6; fid++) {
		r = sbi_ecall(SBI_EXT_RFENCE, fid, 1, hartid, 0, ~0UL, 0, 0);
		printf("rfence fid %lu (hfence) error=%ld\n", fid, r.error);
	}
	/* the legacy fences take a pointer to the hart mask */
	static unsigned long mask = 1;
	printf("legacy remote_fence_i ret=%ld\n",
	       sbi_legacy(SBI_EXT_0_1_REMOTE_FENCE_I, (unsigned long)&mask, 0, 0));
	printf("legacy remote_sfence_vma ret=%ld\n",
	       sbi_legacy(SBI_EXT_0_1_REMOTE_SFENCE_VMA, (unsigned long)&mask, 0, ~0UL));
}

static void srst(void)
{
	static const struct {
		const char *name;
		unsigned long type, reason;
	} bad[] = {
		{ "type 3", 3, 0 },
		{ "type 0x10000000", 0x10000000, 0 },
		{ "type 0xEFFFFFFF", 0xEFFFFFFFUL, 0 },
		{ "shutdown reason 2", 0, 2 },
		{ "shutdown reason 0xDFFFFFFF", 0, 0xDFFFFFFFUL },
		{ "cold reboot reason 2", 1, 2 },
	};
	struct sbiret r;

	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		r = sbi_system_reset(bad[i].type, bad[i].reason);
		printf("system_reset(%s) error=%ld\n", bad[i].name, r.error);
		CHECK(r.error == SBI_ERR_INVALID_PARAM);
	}
	/*
	 * Vendor reset types (0xF0000000..0xFFFFFFFF): OpenSBI 1.1 says INVALID_PARAM,
	 * SBI 2.0 reads as NOT_SUPPORTED ("valid but not implemented"). Not tried:
	 * SBI-implementation or vendor *reasons* (0xE0000000..) with a valid type, and
	 * values above 32 bits; an implementation may legitimately shut down on them.
	 */
	r = sbi_system_reset(0xF0000000UL, 0);
	printf("system_reset(type 0xF0000000 vendor) error is -2 or -3 %s\n",
	       yesno(r.error == SBI_ERR_NOT_SUPPORTED || r.error == SBI_ERR_INVALID_PARAM));
	r = sbi_system_reset(0xFFFFFFFFUL, 0);
	printf("system_reset(type 0xFFFFFFFF vendor) error is -2 or -3 %s\n",
	       yesno(r.error == SBI_ERR_NOT_SUPPORTED || r.error == SBI_ERR_INVALID_PARAM));
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	(void)dtb;
	base();
	not_supported();
	hsm(hartid);
	rfence(hartid);
	srst();
	/* stdin is empty in the tests: -1 */
	printf("legacy console_getchar ret=%ld\n",
	       sbi_legacy(SBI_EXT_0_1_CONSOLE_GETCHAR, 0, 0, 0));
}
