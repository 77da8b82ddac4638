// SPDX-License-Identifier: GPL-2.0
/*
 * Checking the guest package SVPN was started with (include/svpn/guestpkg.h).
 * Everything in it is untrusted: these checks run before any field is used.
 * Pure C, no SVPN runtime: vmm/main.c and vmm/guest.c call them at boot,
 * tests/fuzz/fuzz_guestpkg.c feeds them random packages on the host.
 */
#include <stdio.h>
#include <string.h>
#include <svpn/guestpkg.h>

bool guestpkg_range_ok(uint64_t pkg_size, uint64_t off, uint64_t size)
{
	/* Written so that no sum can wrap around. */
	return off <= pkg_size && size <= pkg_size - off;
}

const char *guestpkg_check_header(const void *pkg, uint64_t size, char *err, size_t len)
{
	const struct guestpkg_header *h = pkg;

	if (size < sizeof(*h)) {
		snprintf(err, len, "guest package (%llu bytes) is truncated",
			 (unsigned long long)size);
		return err;
	}
	if (memcmp(h->magic, GUESTPKG_MAGIC, sizeof(h->magic))) {
		snprintf(err, len,
			 "the machine's initrd is not an SVPN guest package (make one with "
			 "scripts/mkguestpkg.py, or use 'make run GUEST_KERNEL=...')");
		return err;
	}
	if (h->version != GUESTPKG_VERSION || h->nr_guests < 1 ||
	    h->nr_guests > GUESTPKG_MAX_GUESTS) {
		snprintf(err, len,
			 "guest package: version %u with %u guests; this SVPN reads version %d "
			 "with 1 to %d",
			 h->version, h->nr_guests, GUESTPKG_VERSION, GUESTPKG_MAX_GUESTS);
		return err;
	}
	return NULL;
}

const char *guestpkg_check_guest(const struct guestpkg_guest *d, uint64_t pkg_size,
				 unsigned int max_harts, char *err, size_t len)
{
	if (!d->kernel_size || !guestpkg_range_ok(pkg_size, d->kernel_off, d->kernel_size) ||
	    !guestpkg_range_ok(pkg_size, d->initrd_off, d->initrd_size)) {
		snprintf(err, len, "guest package: images lie outside the package");
		return err;
	}
	if (!memchr(d->bootargs, 0, sizeof(d->bootargs)) || !memchr(d->name, 0, sizeof(d->name))) {
		snprintf(err, len, "guest package: unterminated bootargs or name");
		return err;
	}
	if (d->nr_harts < 1 || d->nr_harts > max_harts) {
		snprintf(err, len, "guest package: %u harts; SVPN offers 1 to %u", d->nr_harts,
			 max_harts);
		return err;
	}
	if (d->flags & ~GUESTPKG_F_ALL) {
		snprintf(err, len, "guest package: unknown flags %#x", d->flags & ~GUESTPKG_F_ALL);
		return err;
	}
	/* start + sectors must not wrap; the host disk's size is checked when the guest is made. */
	if ((d->flags & GUESTPKG_F_DISK) && d->disk_start + d->disk_sectors < d->disk_start) {
		snprintf(err, len, "guest package: disk window %llu+%llu sectors wraps",
			 (unsigned long long)d->disk_start, (unsigned long long)d->disk_sectors);
		return err;
	}
	return NULL;
}
