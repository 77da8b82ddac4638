/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SVPN_COMPILER_H
#define _SVPN_COMPILER_H

#include <stddef.h>

#define __noreturn     __attribute__((noreturn))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#ifndef __aligned
#define __aligned(x) __attribute__((aligned(x)))
#endif
#ifndef __used
#define __used __attribute__((used))
#endif
#define likely(x)			__builtin_expect(!!(x), 1)
#define unlikely(x)			__builtin_expect(!!(x), 0)
#define ARRAY_SIZE(a)			(sizeof(a) / sizeof((a)[0]))
#define READ_ONCE(x)			(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v)		(*(volatile __typeof__(x) *)&(x) = (v))
#define ALIGN_UP(x, a)			(((x) + (a)-1) & ~((__typeof__(x))(a)-1))
#define ALIGN_DOWN(x, a)		((x) & ~((__typeof__(x))(a)-1))
#define IS_ALIGNED(x, a)		(((x) & ((__typeof__(x))(a)-1)) == 0)
#define container_of(ptr, type, member) ((type *)((char *)(ptr) - __builtin_offsetof(type, member)))

#endif /* _SVPN_COMPILER_H */
