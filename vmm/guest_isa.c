// SPDX-License-Identifier: GPL-2.0
/*
 * The ISA a guest's harts report: what the host hart has that runs in real
 * U-mode exactly as it would in the guest's virtual S-mode (no privileged
 * state behind it), plus what SVPN itself provides. An extension SVPN
 * would have to emulate and does not (H, V, Svpbmt, Zicbom/Zicboz/Zicbop,
 * Zawrs, the hpm counters) is never listed: a guest would use it.
 */
#include <stdio.h>
#include <string.h>
#include "guest_isa.h"

/* Single letters, in the order the ISA string gives them. */
static const char guest_letters[] = "imafdc";

/* Unprivileged multi-letter extensions whose instructions need nothing of S-mode. */
static const char *const passthrough[] = {
	"zicntr", "zihintpause", "zihintntl", "zicond", "zmmul",  "zba",  "zbb",  "zbc",
	"zbs",	  "zbkb",	 "zbkc",      "zbkx",	"zkt",	  "zknd", "zkne", "zknh",
	"zksed",  "zksh",	 "zfa",	      "zfh",	"zfhmin", "zca",  "zcb",  "zcd",
};

static bool is_passthrough(const char *ext, size_t len)
{
	unsigned int i;

	for (i = 0; i < sizeof(passthrough) / sizeof(passthrough[0]); i++)
		if (strlen(passthrough[i]) == len && !memcmp(passthrough[i], ext, len))
			return true;
	return false;
}

static bool has_ext(const struct guest_isa *isa, const char *ext, size_t len)
{
	unsigned int i;

	for (i = 0; i < isa->nr_exts; i++)
		if (strlen(isa->exts[i]) == len && !memcmp(isa->exts[i], ext, len))
			return true;
	return false;
}

/* Append @ext (@len bytes) to both forms, once; false when full. */
static bool add_ext(struct guest_isa *isa, const char *ext, size_t len)
{
	size_t used = strlen(isa->string);

	if (has_ext(isa, ext, len))
		return true;

	if (isa->nr_exts == GUEST_ISA_MAX_EXTS || used + 1 + len >= sizeof(isa->string) ||
	    len >= sizeof(isa->exts[0]))
		return false;
	memcpy(isa->exts[isa->nr_exts], ext, len);
	isa->exts[isa->nr_exts++][len] = 0;
	/* Single letters run together after "rv64", the rest each after a '_'. */
	if (len > 1)
		isa->string[used++] = '_';
	memcpy(isa->string + used, ext, len);
	isa->string[used + len] = 0;
	return true;
}

/* The single letters of the host's base ("rv64imafdc..." up to the first '_'). */
static void add_letters(struct guest_isa *isa, const char *host, size_t base_len)
{
	/* G is IMAFD with Zicsr and Zifencei (always listed below). */
	bool g = memchr(host, 'g', base_len);
	const char *c;

	for (c = guest_letters; *c; c++)
		if (memchr(host, *c, base_len) || (g && strchr("imafd", *c)))
			add_ext(isa, c, 1);
}

void guest_isa_build(struct guest_isa *isa, const char *host_isa, bool sstc)
{
	const char *p;
	size_t base_len;

	memset(isa, 0, sizeof(*isa));
	strcpy(isa->string, "rv64");
	/* No host string: the base every RV64GC host has. */
	if (strncmp(host_isa, "rv64", 4))
		host_isa = "rv64imafdc";
	host_isa += 4;
	base_len = strcspn(host_isa, "_");
	add_letters(isa, host_isa, base_len);
	/* SVPN emulates every CSR access and FENCE.I reaches the host as it is. */
	add_ext(isa, "zicsr", 5);
	add_ext(isa, "zifencei", 8);
	for (p = host_isa + base_len; *p == '_'; p += strcspn(p + 1, "_") + 1) {
		size_t len = strcspn(p + 1, "_");

		if (is_passthrough(p + 1, len))
			add_ext(isa, p + 1, len);
	}
	if (sstc)
		add_ext(isa, "sstc", 4);
}
