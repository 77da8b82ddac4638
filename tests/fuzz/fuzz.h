/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every harness here shares: reading typed values off the fuzz input,
 * and the invariant check. A harness is libFuzzer's entry point over SVPN
 * sources built for the host (tests/fuzz/Makefile).
 */
#ifndef _FUZZ_H
#define _FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * A broken promise is a crash: libFuzzer saves the input that caused it.
 * __builtin_trap() rather than assert() so that NDEBUG cannot remove it.
 */
#define FUZZ_CHECK(cond)                  \
	do {                              \
		if (!(cond))              \
			__builtin_trap(); \
	} while (0)

/* The fuzz input, consumed front to back; reads past its end give zeroes. */
struct fuzz_input {
	const uint8_t *data;
	size_t size;
};

static inline bool fuzz_empty(const struct fuzz_input *in)
{
	return !in->size;
}

/* @n little-endian bytes (n <= 8) as an integer. */
static inline uint64_t fuzz_uint(struct fuzz_input *in, unsigned int n)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < n && in->size; i++, in->data++, in->size--)
		v |= (uint64_t)in->data[0] << (8 * i);
	return v;
}

static inline uint8_t fuzz_u8(struct fuzz_input *in)
{
	return (uint8_t)fuzz_uint(in, 1);
}

static inline uint32_t fuzz_u32(struct fuzz_input *in)
{
	return (uint32_t)fuzz_uint(in, 4);
}

static inline uint64_t fuzz_u64(struct fuzz_input *in)
{
	return fuzz_uint(in, 8);
}

#endif /* _FUZZ_H */
