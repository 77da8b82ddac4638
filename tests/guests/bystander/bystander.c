// SPDX-License-Identifier: GPL-2.0
/*
 * bystander: a well-behaved 1-vCPU guest to run beside a hostile or racing
 * one (tests/guests/run-race.sh, fuzzing campaigns). Whatever the other guest
 * does to SVPN, this one must see its RAM keep exactly what it wrote and must
 * run to its own end.
 *
 * Bootargs: seconds=S (default 5) mib=M (default 4, 1..64).
 * For S seconds of guest time it rewrites and re-reads M MiB of its RAM at
 * 0x80400000 (above the 2 MiB image), each pass with a new pattern, every word
 * checked against the pattern the previous pass wrote; then it writes a final
 * pattern that depends only on S and M, reads it back into a checksum and
 * prints
 *	bystander: ok checksum=<16 hex digits>
 * (the same for the same S and M on every run, however many passes the time
 * allowed) and shuts down with success. A word that differs prints
 *	bystander: FAIL pass P addr A got G want W
 * and it shuts down with SBI reason "system failure" (exit status 1).
 * Progress: "bystander: t=Ns passes=P" about once a second.
 *
 * Needs at least 4 + M MiB of guest RAM (SVPN's default is 128).
 */
#include "guest.h"
#include "smp.h"

const char guest_name[] = GUEST_NAME;

#define WORK_BASE 0x80400000UL
#define MIB	  0x100000UL
#define CHUNK	  (64 * 1024UL) /* the clock is read between chunks */

/* The word a pass with this seed stores at addr: every address and pass differ. */
static inline unsigned long pattern(unsigned long seed, unsigned long addr)
{
	return (addr * 0x9e3779b97f4a7c15UL) ^ seed;
}

static void __noreturn mismatch(unsigned long pass, unsigned long addr, unsigned long got,
				unsigned long want)
{
	printf("bystander: FAIL pass %lu addr %lx got %lx want %lx\n", pass, addr, got, want);
	fail_count++;
	guest_end();
}

/*
 * One pass over [base, base + size): check each word against the old seed
 * and store the new one. Odd passes walk downwards, so the two directions
 * (and the shadow TLB / page-table paths behind them) both get used.
 */
static void pass_once(unsigned long pass, unsigned long base, unsigned long size,
		      unsigned long old_seed, unsigned long new_seed)
{
	unsigned long c, nchunks = size / CHUNK;

	for (c = 0; c < nchunks; c++) {
		unsigned long ci = (pass & 1) ? nchunks - 1 - c : c;
		volatile unsigned long *p = (volatile unsigned long *)(base + ci * CHUNK);
		unsigned long i;

		for (i = 0; i < CHUNK / 8; i++) {
			unsigned long a = (unsigned long)&p[i], w = p[i];

			if (w != pattern(old_seed, a))
				mismatch(pass, a, w, pattern(old_seed, a));
			p[i] = pattern(new_seed, a);
		}
	}
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	unsigned long seconds, mib, size, tb, start, next_report, pass, seed, prev;
	unsigned long h = 0, i;
	volatile unsigned long *p;

	(void)hartid;
	if (fdt_read_chosen(dtb))
		guest_abort("no device tree at a1");
	seconds = bootarg_num("seconds", 5);
	mib = bootarg_num("mib", 4);
	if (mib < 1 || mib > 64)
		guest_abort("bystander: mib must be 1..64");
	if ((unsigned long)__bss_end > WORK_BASE)
		guest_abort("bystander: image runs into the work area");
	size = mib * MIB;
	tb = guest_timebase;
	printf("bystander: seconds=%lu mib=%lu at %lx, timebase %lu\n", seconds, mib, WORK_BASE,
	       tb);

	/* pass 0 only writes: nothing was there before */
	p = (volatile unsigned long *)WORK_BASE;
	seed = mix64(1);
	for (i = 0; i < size / 8; i++)
		p[i] = pattern(seed, (unsigned long)&p[i]);

	start = rdtime();
	next_report = start + tb;
	for (pass = 1; (long)(rdtime() - (start + seconds * tb)) < 0; pass++) {
		prev = seed;
		seed = mix64(pass + 1);
		pass_once(pass, WORK_BASE, size, prev, seed);
		if ((long)(rdtime() - next_report) >= 0) {
			printf("bystander: t=%lus passes=%lu\n", (rdtime() - start) / tb, pass);
			next_report += tb;
		}
	}

	/* the final pattern and so the checksum depend on the arguments only */
	prev = seed;
	seed = mix64(0x5eed0000UL ^ seconds << 8 ^ mib);
	pass_once(pass, WORK_BASE, size, prev, seed);
	for (i = 0; i < size / 8; i++) {
		unsigned long a = (unsigned long)&p[i], w = p[i];

		if (w != pattern(seed, a))
			mismatch(pass + 1, a, w, pattern(seed, a));
		h = (h << 7 | h >> 57) ^ w;
		h *= 0x100000001b3UL;
	}
	printf("bystander: %lu passes over %lu MiB in %lus\n", pass + 1, mib,
	       (rdtime() - start) / tb);
	printf("bystander: ok checksum=%016lx\n", h);
}
