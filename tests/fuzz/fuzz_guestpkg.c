// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzing lib/guestpkg.c, the checks of the guest package (the machine's
 * initrd: untrusted). The input is the package, copied to exactly its size
 * as SVPN maps exactly initrd_start..initrd_end. The harness does what
 * vmm/main.c and vmm/guest.c do: check the header, then each guest, then
 * touch every byte of each accepted guest's kernel and initrd (guest.c
 * copies them into guest RAM), so an image outside the package that the
 * checks let through is an ASan report.
 */
#include <stdlib.h>
#include <svpn/guestpkg.h>
#include "fuzz.h"

#define MAX_HARTS 8 /* GUEST_MAX_VCPUS */

static volatile uint8_t sink;

static void touch(const uint8_t *pkg, uint64_t off, uint64_t size)
{
	uint8_t sum = 0;
	uint64_t i;

	for (i = 0; i < size; i++)
		sum += pkg[off + i];
	sink = sum;
}

static void check_guest(const uint8_t *pkg, uint64_t size, const struct guestpkg_guest *d)
{
	char err[GUESTPKG_ERR_LEN];
	const char *why = guestpkg_check_guest(d, size, MAX_HARTS, err, sizeof(err));

	if (why) {
		FUZZ_CHECK(why == err && memchr(err, 0, sizeof(err)));
		return;
	}
	FUZZ_CHECK(d->kernel_size && d->nr_harts >= 1 && d->nr_harts <= MAX_HARTS);
	FUZZ_CHECK(memchr(d->name, 0, sizeof(d->name)) &&
		   memchr(d->bootargs, 0, sizeof(d->bootargs)));
	touch(pkg, d->kernel_off, d->kernel_size);
	touch(pkg, d->initrd_off, d->initrd_size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[GUESTPKG_ERR_LEN];
	const struct guestpkg_header *h;
	uint8_t *pkg = malloc(size ? size : 1);
	const char *why;
	unsigned int i;

	memcpy(pkg, data, size);
	h = (const struct guestpkg_header *)pkg;
	why = guestpkg_check_header(pkg, size, err, sizeof(err));
	if (why) {
		FUZZ_CHECK(why == err && memchr(err, 0, sizeof(err)));
	} else {
		FUZZ_CHECK(h->nr_guests >= 1 && h->nr_guests <= GUESTPKG_MAX_GUESTS);
		for (i = 0; i < h->nr_guests; i++)
			check_guest(pkg, size, &h->guests[i]);
	}
	free(pkg);
	return 0;
}
