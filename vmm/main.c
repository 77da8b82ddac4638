// SPDX-License-Identifier: GPL-2.0
/*
 * svpn_main(): find the guest package the machine was started with, create
 * its guests, run the first.
 */
#include <asm/memory.h>
#include <asm/sbi_call.h>
#include <string.h>
#include <svpn/exitcodes.h>
#include <svpn/guest.h>
#include <svpn/guestpkg.h>
#include <svpn/panic.h>
#include <svpn/printk.h>
#include <svpn/setup.h>

static struct guest guests[GUESTPKG_MAX_GUESTS];

static const struct guestpkg_header *find_guest_package(uint64_t *size)
{
	const struct platform *p = &host_platform;
	const struct guestpkg_header *h;

	*size = p->initrd_end - p->initrd_start;
	if (!p->initrd_start || p->initrd_end <= p->initrd_start)
		return NULL;
	if (*size < sizeof(*h) || !pa_in_linear_map(p->initrd_start, *size))
		panic("guest package at %#llx (%llu bytes) is truncated or out of reach",
		      (unsigned long long)p->initrd_start, (unsigned long long)*size);
	h = __va(p->initrd_start);
	if (memcmp(h->magic, GUESTPKG_MAGIC, sizeof(h->magic)))
		panic("the machine's initrd is not an SVPN guest package (make one with "
		      "scripts/mkguestpkg.py, or use 'make run GUEST_KERNEL=...')");
	if (h->version != GUESTPKG_VERSION || h->nr_guests < 1 ||
	    h->nr_guests > GUESTPKG_MAX_GUESTS)
		panic("guest package: version %u with %u guests; this SVPN reads version %d "
		      "with 1 to %d", h->version, h->nr_guests, GUESTPKG_VERSION,
		      GUESTPKG_MAX_GUESTS);
	return h;
}

void svpn_main(void)
{
	uint64_t size;
	const struct guestpkg_header *pkg = find_guest_package(&size);

	if (!pkg) {
		pr_info("no guest to run: shutting down\n");
		sbi_system_exit(SVPN_EXIT_OK);
	}
	if (pkg->nr_guests > 1)
		pr_warn("guest package holds %u guests; running only the first for now\n",
			pkg->nr_guests);
	if (guest_create(&guests[0], 0, &pkg->guests[0], pkg, size))
		panic("could not create guest %.*s", GUESTPKG_NAME_LEN, pkg->guests[0].name);
	vcpu_run(&guests[0].vcpus[0]);
}
