/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Sv39 translation a guest's own page tables describe, as the privileged
 * spec defines it (section "Virtual Address Translation Process"). Pure
 * logic: page-table entries are read through a callback, so host unit tests
 * walk hand-built tables and SVPN walks guest RAM.
 */
#ifndef _SVPN_SV39_H
#define _SVPN_SV39_H

#include <asm/page.h>
#include <stdbool.h>
#include <stdint.h>

enum sv39_access {
	SV39_READ,
	SV39_WRITE,
	SV39_EXEC,
};

/* Who asks, as the permission check needs it. */
struct sv39_mode {
	bool user; /* guest-U (else guest-S) */
	bool sum;  /* sstatus.SUM */
	bool mxr;  /* sstatus.MXR */
};

enum sv39_result {
	SV39_OK = 0,
	SV39_PAGE_FAULT,   /* the tables say no */
	SV39_ACCESS_FAULT, /* a table entry lies outside guest RAM */
};

struct sv39_walk {
	uint64_t gpa;	  /* translated address */
	uint64_t pte;	  /* the leaf entry, as read */
	uint64_t pte_gpa; /* where the leaf entry lives */
	int level;	  /* 0: 4 KiB, 1: 2 MiB, 2: 1 GiB */
};

/* Read the 8-byte entry at guest-physical @gpa; return false if it is not RAM. */
typedef bool (*sv39_read_pte_fn)(void *ctx, uint64_t gpa, uint64_t *pte);

/* Walk from the root table at @root_gpa; permissions are not checked here. */
enum sv39_result sv39_walk(uint64_t root_gpa, uint64_t va, sv39_read_pte_fn read_pte, void *ctx,
			   struct sv39_walk *w);
/* May @mode perform @access through leaf @pte (ignoring A/D)? */
bool sv39_permits(uint64_t pte, enum sv39_access access, const struct sv39_mode *mode);
/* The A/D bits a hardware walk would set for @access (0 when already set). */
static inline uint64_t sv39_ad_update(uint64_t pte, enum sv39_access access)
{
	uint64_t want = _PAGE_A | (access == SV39_WRITE ? _PAGE_D : 0);

	return want & ~pte;
}

/* Bits 63..39 all equal bit 38 (shifted as unsigned: a signed left shift of a negative is UB). */
static inline bool sv39_va_canonical(uint64_t va)
{
	int64_t sext = (int64_t)(va << (64 - SV39_VA_BITS)) >> (64 - SV39_VA_BITS);

	return sext == (int64_t)va;
}

#endif /* _SVPN_SV39_H */
