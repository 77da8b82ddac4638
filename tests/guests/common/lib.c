// SPDX-License-Identifier: GPL-2.0
/* Test guest runtime: output, checks, trap handling. */
#include <stdarg.h>
#include "guest.h"
#include "smp.h"

int fail_count;
volatile struct trap_record last_trap;
volatile unsigned long trap_count;
volatile unsigned long irq_count;
trap_hook_t trap_hook;
static volatile int trap_armed;

void *memset(void *s, int c, unsigned long n)
{
	u8 *p = s;

	while (n--)
		*p++ = (u8)c;
	return s;
}

void *memcpy(void *d, const void *s, unsigned long n)
{
	u8 *dp = d;
	const u8 *sp = s;

	while (n--)
		*dp++ = *sp++;
	return d;
}

void puts_raw(const char *s)
{
	while (*s)
		sbi_console_putchar(*s++);
}

static void put_num(unsigned long v, unsigned base, int width, char pad, int neg)
{
	char buf[24];
	int n = 0;

	do {
		buf[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		buf[n++] = '-';
	while (width-- > n)
		sbi_console_putchar(pad);
	while (n)
		sbi_console_putchar(buf[--n]);
}

/* %s %c %d %u %x with optional '0', width and 'l'; %% */
int printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		int width = 0, lng = 0;
		char pad = ' ';

		if (*fmt != '%') {
			sbi_console_putchar(*fmt);
			continue;
		}
		fmt++;
		if (*fmt == '0') {
			pad = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l') {
			lng = 1;
			fmt++;
		}
		switch (*fmt) {
		case 's':
			puts_raw(va_arg(ap, const char *));
			break;
		case 'c':
			sbi_console_putchar(va_arg(ap, int));
			break;
		case 'd': {
			long v = lng ? va_arg(ap, long) : va_arg(ap, int);

			put_num(v < 0 ? -(unsigned long)v : (unsigned long)v, 10, width, pad,
				v < 0);
			break;
		}
		case 'u':
			put_num(lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int), 10,
				width, pad, 0);
			break;
		case 'x':
			put_num(lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int), 16,
				width, pad, 0);
			break;
		case '%':
			sbi_console_putchar('%');
			break;
		default:
			sbi_console_putchar('?');
			break;
		}
	}
	va_end(ap);
	return 0;
}

const char *yesno(int v)
{
	return v ? "yes" : "no";
}

void check_failed(const char *file, int line, const char *expr)
{
	fail_count++;
	printf("FAIL %s:%d: %s\n", file, line, expr);
}

void guest_end(void)
{
	local_irq_disable();
	printf("=== SVPN-TEST END %s fails=%d ===\n", guest_name, fail_count);
	sbi_shutdown(fail_count ? SBI_SRST_RESET_REASON_SYSFAIL : SBI_SRST_RESET_REASON_NONE);
}

void guest_abort(const char *why)
{
	fail_count++;
	printf("FAIL abort: %s\n", why);
	guest_end();
}

void guest_entry(unsigned long hartid, unsigned long dtb)
{
	printf("=== SVPN-TEST BEGIN %s ===\n", guest_name);
	guest_main(hartid, dtb);
	guest_end();
}

void trap_expect(void)
{
	last_trap.cause = last_trap.epc = last_trap.tval = last_trap.status = 0;
	last_trap.vector = 0;
	trap_count = 0;
	trap_armed = 1;
}

void trap_unexpect(void)
{
	trap_armed = 0;
}

int insn_len(unsigned long addr)
{
	/* the instruction may sit in a U page or an execute-only page */
	unsigned long old = csr_read_set(sstatus, SR_SUM | SR_MXR);
	int len = (*(volatile u16 *)addr & 3) == 3 ? 4 : 2;

	csr_write(sstatus, old);
	return len;
}

void print_trap(const char *what, unsigned long label)
{
	if (!trap_count) {
		printf("%s: no trap\n", what);
		return;
	}
	if (!label) {
		printf("%s: scause=%lx stval=%lx sepc=%lx traps=%lu\n", what, last_trap.cause,
		       last_trap.tval, last_trap.epc, trap_count);
		return;
	}
	printf("%s: scause=%lx stval=%lx sepc=label%c%lu traps=%lu\n", what, last_trap.cause,
	       last_trap.tval, last_trap.epc >= label ? '+' : '-',
	       last_trap.epc >= label ? last_trap.epc - label : label - last_trap.epc, trap_count);
}

static void record(struct trap_frame *f)
{
	last_trap.cause = f->cause;
	last_trap.epc = f->epc;
	last_trap.tval = f->tval;
	last_trap.status = f->status;
	last_trap.vector = f->vector;
	trap_count++;
}

void trap_handler(struct trap_frame *f)
{
	/* an interrupt that came just before guest_wfi's wfi: do not sleep after it */
	if ((f->cause & CAUSE_IRQ_FLAG) && f->epc == (unsigned long)guest_wfi)
		f->epc += 4;
	if (trap_hook && trap_hook(f))
		return;

	if (f->cause & CAUSE_IRQ_FLAG) {
		unsigned long irq = f->cause & ~CAUSE_IRQ_FLAG;

		record(f);
		irq_count++;
		if (irq == IRQ_S_SOFT)
			csr_clear(sip, SIP_SSIP);
		else if (irq == IRQ_S_TIMER)
			csr_clear(sie, SIE_STIE);
		else if (irq == IRQ_S_EXT)
			csr_clear(sie, SIE_SEIE);
		else
			csr_clear(sie, 1UL << irq);
		return;
	}
	if (f->cause == EXC_ECALL_U && f->x[17] == UEXIT_MAGIC) {
		/* back to S with SIE=0, as it was when enter_user() was called */
		f->epc = (unsigned long)enter_user_return;
		f->status = (f->status | SR_SPP) & ~SR_SPIE;
		f->x[2] = user_return_sp;
		return;
	}
	if (trap_armed) {
		record(f);
		f->epc += insn_len(f->epc);
		return;
	}
	printf("FAIL unexpected trap: scause=%lx sepc=%lx stval=%lx\n", f->cause, f->epc, f->tval);
	fail_count++;
	guest_end();
}

/* ---- boot arguments, timebase, locks (smp.h) ---- */
char guest_bootargs[256];
unsigned long guest_timebase = 10000000;
unsigned long guest_ram_base, guest_ram_size;

static u32 fdt_be32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

static int str_eq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* Whether the node name s is prefix, or prefix@unit-address. */
static int node_is(const char *s, const char *prefix)
{
	while (*prefix && *s == *prefix)
		s++, prefix++;
	return !*prefix && (!*s || *s == '@');
}

static unsigned long fdt_be64(const void *p)
{
	return (unsigned long)fdt_be32(p) << 32 | fdt_be32((const u8 *)p + 4);
}

int fdt_read_chosen(unsigned long dtb)
{
	const u8 *fdt = (const u8 *)dtb, *p, *strs;
	char node[32] = "";
	int depth = 0;

	if (!dtb || fdt_be32(fdt) != 0xd00dfeedU)
		return -1;
	p = fdt + fdt_be32(fdt + 8);
	strs = fdt + fdt_be32(fdt + 12);
	for (;;) {
		u32 tok = fdt_be32(p);

		p += 4;
		if (tok == 1) { /* FDT_BEGIN_NODE */
			const char *name = (const char *)p;
			unsigned long n = 0;

			while (name[n])
				n++;
			if (++depth == 2) {
				unsigned long i;

				for (i = 0; i < n && i < sizeof(node) - 1; i++)
					node[i] = name[i];
				node[i] = 0;
			}
			p += (n + 1 + 3) & ~3UL;
		} else if (tok == 2) { /* FDT_END_NODE */
			depth--;
		} else if (tok == 3) { /* FDT_PROP */
			u32 len = fdt_be32(p);
			const char *pname = (const char *)strs + fdt_be32(p + 4);
			const u8 *val = p + 8;

			if (depth == 2 && str_eq(node, "chosen") && str_eq(pname, "bootargs")) {
				unsigned long i;

				for (i = 0; i < len && i < sizeof(guest_bootargs) - 1 && val[i];
				     i++)
					guest_bootargs[i] = val[i];
				guest_bootargs[i] = 0;
			} else if (depth == 2 && str_eq(node, "cpus") &&
				   str_eq(pname, "timebase-frequency") && len == 4 &&
				   fdt_be32(val)) {
				guest_timebase = fdt_be32(val);
			} else if (depth == 2 && node_is(node, "memory") && str_eq(pname, "reg") &&
				   len >= 16 && !guest_ram_size) {
				guest_ram_base = fdt_be64(val);
				guest_ram_size = fdt_be64(val + 8);
			}
			p += 8 + ((len + 3) & ~3UL);
		} else if (tok != 4) { /* not FDT_NOP: FDT_END or garbage */
			break;
		}
	}
	return 0;
}

/* The value of "key=value" in the boot arguments, or 0. */
static const char *bootarg_value(const char *key)
{
	const char *s = guest_bootargs;

	while (*s) {
		const char *k = key, *t = s;

		while (*k && *t == *k)
			k++, t++;
		if (!*k && *t == '=')
			return t + 1;
		while (*s && *s != ' ')
			s++;
		while (*s == ' ')
			s++;
	}
	return 0;
}

unsigned long bootarg_num(const char *key, unsigned long dflt)
{
	const char *v = bootarg_value(key);
	unsigned long n = 0, base = 10;

	if (!v || *v < '0' || *v > '9')
		return dflt;
	if (v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
		base = 16;
		v += 2;
	}
	for (;; v++) {
		unsigned long d;

		if (*v >= '0' && *v <= '9')
			d = *v - '0';
		else if (base == 16 && *v >= 'a' && *v <= 'f')
			d = *v - 'a' + 10;
		else if (base == 16 && *v >= 'A' && *v <= 'F')
			d = *v - 'A' + 10;
		else
			break;
		n = n * base + d;
	}
	return n;
}

int bootarg_flag(const char *flag)
{
	const char *s = guest_bootargs;

	while (*s) {
		const char *f = flag;

		while (*f && *s == *f)
			f++, s++;
		if (!*f && (!*s || *s == ' '))
			return 1;
		while (*s && *s != ' ')
			s++;
		while (*s == ' ')
			s++;
	}
	return 0;
}

int bootarg_is(const char *key, const char *value)
{
	const char *v = bootarg_value(key);

	if (!v)
		return 0;
	while (*value && *v == *value)
		v++, value++;
	return !*value && (!*v || *v == ' ');
}

void guest_lock(guest_lock_t *l)
{
	int old;

	for (;;) {
		asm volatile("amoswap.w.aq %0, %2, %1"
			     : "=r"(old), "+A"(l->locked)
			     : "r"(1)
			     : "memory");
		if (!old)
			return;
		while (l->locked)
			;
	}
}

void guest_unlock(guest_lock_t *l)
{
	asm volatile("amoswap.w.rl zero, zero, %0" : "+A"(l->locked)::"memory");
}
