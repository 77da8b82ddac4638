// SPDX-License-Identifier: GPL-2.0
/*
 * svpn_main(): find the guest package the machine was started with, create
 * its guests, start each guest's boot vCPU on its home hart, and end the
 * machine when the last guest has gone.
 */
#include <asm/hart.h>
#include <asm/memory.h>
#include <asm/sbi_call.h>
#include <string.h>
#include <svpn/exitcodes.h>
#include <svpn/guest.h>
#include <svpn/guestpkg.h>
#include <svpn/mm.h>
#include <svpn/panic.h>
#include <svpn/printk.h>
#include <svpn/sched.h>
#include <svpn/setup.h>
#include "vcpu_internal.h"

static struct guest guests[GUESTPKG_MAX_GUESTS];
static unsigned int nr_guests;
static unsigned int nr_guests_alive;
static spinlock_t guests_lock = SPINLOCK_INIT;

static const struct guestpkg_header *find_guest_package(uint64_t *size)
{
	const struct platform *p = &host_platform;
	const struct guestpkg_header *h;
	char err[GUESTPKG_ERR_LEN];
	const char *why;

	*size = p->initrd_end - p->initrd_start;
	if (!p->initrd_start || p->initrd_end <= p->initrd_start)
		return NULL;
	if (*size < sizeof(*h) || !pa_in_linear_map(p->initrd_start, *size))
		panic("guest package at %#llx (%llu bytes) is truncated or out of reach",
		      (unsigned long long)p->initrd_start, (unsigned long long)*size);
	h = __va(p->initrd_start);
	why = guestpkg_check_header(h, *size, err, sizeof(err));
	if (why)
		panic("%s", why);
	return h;
}

unsigned int guest_count(void)
{
	return nr_guests;
}

/*
 * One guest has ended (guest_exit() calls this once per guest). The
 * machine ends with the last one: with one guest, with that guest's status;
 * with several, 0 if all succeeded, else SVPN_EXIT_GUESTS_FAILED | a bit
 * per failed guest (bit i = guest i).
 */
void guests_note_exit(struct guest *g, int code)
{
	unsigned int i, failed = 0, alive;

	spin_lock(&guests_lock);
	g->exit_code = code;
	alive = --nr_guests_alive;
	spin_unlock(&guests_lock);
	if (alive)
		return;
	if (nr_guests == 1)
		sbi_system_exit(code);
	for (i = 0; i < nr_guests; i++) {
		printk("svpn: guest %s: exit status %d\n", guests[i].name, guests[i].exit_code);
		if (guests[i].exit_code)
			failed |= 1U << i;
	}
	sbi_system_exit(failed ? SVPN_EXIT_GUESTS_FAILED | failed : SVPN_EXIT_OK);
}

void svpn_main(void)
{
	const struct guestpkg_header *pkg;
	uint64_t size;
	unsigned int i;

	pkg = find_guest_package(&size);
	if (!pkg) {
		pr_info("no guest to run: shutting down\n");
		sbi_system_exit(SVPN_EXIT_OK);
	}
	for (i = 0; i < pkg->nr_guests; i++) {
		if (guest_create(&guests[i], i, &pkg->guests[i], pkg, size))
			panic("could not create guest %u (%.*s)", i, GUESTPKG_NAME_LEN,
			      pkg->guests[i].name);
	}
	nr_guests = nr_guests_alive = pkg->nr_guests;
	/* Every image has been copied into its guest: the package is free memory now. */
	mm_release(host_platform.initrd_start, size);
	pr_info("guest package released: %llu KiB returned to the page allocator\n",
		(unsigned long long)(size >> 10));
	/* Guest 0's boot vCPU has the boot hart as its home; the others are posted. */
	for (i = 1; i < nr_guests; i++)
		vcpu_schedule_start(&guests[i].vcpus[0]);
	vcpu_run(&guests[0].vcpus[0]);
}
