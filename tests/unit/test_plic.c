// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for drivers/plic.c, driven register by register as a
 * guest kernel would, with the per-hart SEIP outputs recorded. The expected
 * behaviour is QEMU 7.2's (Debian), the oracle of tests/guests/plic and uart.
 *
 * Build and run from the top of the tree:
 *   gcc -std=gnu11 -Wall -Wextra -Wno-unused-parameter -I include -o /tmp/test_plic drivers/plic.c tests/unit/test_plic.c -lcmocka && /tmp/test_plic
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include "../../drivers/plic.h"

#define NR_HARTS 2

struct fixture {
	struct plic p;
	bool seip[PLIC_MAX_HARTS];
	unsigned int calls;
};

static void rec_seip(void *ctx, unsigned int hart, bool level)
{
	struct fixture *f = ctx;

	assert_true(hart < NR_HARTS);
	assert_int_not_equal(level, f->seip[hart]); /* called on changes only */
	f->seip[hart] = level;
	f->calls++;
}

static int setup(void **state)
{
	struct fixture *f = test_calloc(1, sizeof(*f));

	plic_init(&f->p, NR_HARTS, rec_seip, f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	test_free(*state);
	return 0;
}

static uint32_t priority_off(unsigned int irq)
{
	return PLIC_PRIORITY_BASE + 4 * irq;
}
static uint32_t pending_off(unsigned int word)
{
	return PLIC_PENDING_BASE + 4 * word;
}
static uint32_t enable_off(unsigned int ctx, unsigned int word)
{
	return PLIC_ENABLE_BASE + PLIC_ENABLE_STRIDE * ctx + 4 * word;
}
static uint32_t threshold_off(unsigned int ctx)
{
	return PLIC_CONTEXT_BASE + PLIC_CONTEXT_STRIDE * ctx + PLIC_CONTEXT_THRESHOLD;
}
static uint32_t claim_off(unsigned int ctx)
{
	return PLIC_CONTEXT_BASE + PLIC_CONTEXT_STRIDE * ctx + PLIC_CONTEXT_CLAIM;
}

static void enable_irq(struct fixture *f, unsigned int ctx, unsigned int irq)
{
	uint32_t off = enable_off(ctx, irq / 32);

	plic_write(&f->p, off, plic_read(&f->p, off) | 1u << (irq % 32));
}

static uint32_t claim(struct fixture *f, unsigned int ctx)
{
	return plic_read(&f->p, claim_off(ctx));
}

static void complete(struct fixture *f, unsigned int ctx, uint32_t irq)
{
	plic_write(&f->p, claim_off(ctx), irq);
}

static bool pending(struct fixture *f, unsigned int irq)
{
	return plic_read(&f->p, pending_off(irq / 32)) & (1u << (irq % 32));
}

static void test_reset(void **state)
{
	struct fixture *f = *state;
	unsigned int i, ctx;

	for (i = 0; i <= PLIC_NDEV; i++)
		assert_int_equal(plic_read(&f->p, priority_off(i)), 0);
	for (i = 0; i < PLIC_WORDS; i++)
		assert_int_equal(plic_read(&f->p, pending_off(i)), 0);
	for (ctx = 0; ctx < 2 * NR_HARTS; ctx++) {
		for (i = 0; i < PLIC_WORDS; i++)
			assert_int_equal(plic_read(&f->p, enable_off(ctx, i)), 0);
		assert_int_equal(plic_read(&f->p, threshold_off(ctx)), 0); /* firmware sets 7 */
		assert_int_equal(claim(f, ctx), 0);
	}
	assert_int_equal(f->calls, 0);
}

static void test_priority_registers(void **state)
{
	struct fixture *f = *state;

	plic_write(&f->p, priority_off(1), 7);
	plic_write(&f->p, priority_off(95), 0xffffffff); /* 3 bits, WARL */
	plic_write(&f->p, priority_off(10), 9);
	assert_int_equal(plic_read(&f->p, priority_off(1)), 7);
	assert_int_equal(plic_read(&f->p, priority_off(95)), 7);
	assert_int_equal(plic_read(&f->p, priority_off(10)), 1);
	/* Sources 1..96 have a priority register (riscv,ndev 96), as on QEMU 7.2 ... */
	plic_write(&f->p, priority_off(96), 0xfffffffe);
	assert_int_equal(plic_read(&f->p, priority_off(96)), 6);
	/* ... source 0 and 97 onwards do not. */
	plic_write(&f->p, priority_off(0), 5);
	plic_write(&f->p, priority_off(97), 5);
	plic_write(&f->p, priority_off(1023), 5);
	assert_int_equal(plic_read(&f->p, priority_off(0)), 0);
	assert_int_equal(plic_read(&f->p, priority_off(97)), 0);
	assert_int_equal(plic_read(&f->p, priority_off(1023)), 0);
}

static void test_enable_registers(void **state)
{
	struct fixture *f = *state;
	unsigned int ctx;

	for (ctx = 0; ctx < 2 * NR_HARTS; ctx++) {
		plic_write(&f->p, enable_off(ctx, 0), 0xffffffff);
		plic_write(&f->p, enable_off(ctx, 1), 0x12345678 + ctx);
		plic_write(&f->p, enable_off(ctx, 2), 0xffffffff);
		plic_write(&f->p, enable_off(ctx, 3), 0xffffffff); /* sources 96..127 */
		/* QEMU stores bit 0 (source 0) too; nothing ever makes 0 pending. */
		assert_int_equal(plic_read(&f->p, enable_off(ctx, 0)), 0xffffffff);
		assert_int_equal(plic_read(&f->p, enable_off(ctx, 1)), 0x12345678 + ctx);
		assert_int_equal(plic_read(&f->p, enable_off(ctx, 2)), 0xffffffff); /* 64..95 */
		assert_int_equal(plic_read(&f->p, enable_off(ctx, 3)), 0);
	}
	/* Contexts past the harts' read 0 and ignore writes. */
	plic_write(&f->p, enable_off(2 * NR_HARTS, 0), 0xffffffff);
	assert_int_equal(plic_read(&f->p, enable_off(2 * NR_HARTS, 0)), 0);
	plic_write(&f->p, threshold_off(2 * NR_HARTS), 3);
	assert_int_equal(plic_read(&f->p, threshold_off(2 * NR_HARTS)), 0);
	assert_int_equal(claim(f, 2 * NR_HARTS), 0);
}

static void test_threshold_register(void **state)
{
	struct fixture *f = *state;

	plic_write(&f->p, threshold_off(1), 7);
	assert_int_equal(plic_read(&f->p, threshold_off(1)), 7);
	/* 3 bits, WARL: QEMU keeps the low 3 bits of what is written. */
	plic_write(&f->p, threshold_off(1), 9);
	assert_int_equal(plic_read(&f->p, threshold_off(1)), 1);
	plic_write(&f->p, threshold_off(1), 0xffffffff);
	assert_int_equal(plic_read(&f->p, threshold_off(1)), 7);
	plic_write(&f->p, threshold_off(1), 8);
	assert_int_equal(plic_read(&f->p, threshold_off(1)), 0);
	plic_write(&f->p, threshold_off(1), 3);
	plic_write(&f->p, threshold_off(1), 0);
	assert_int_equal(plic_read(&f->p, threshold_off(1)), 0);
}

/* The whole flow, as Linux's PLIC driver and a device interrupt go through it. */
static void test_claim_complete(void **state)
{
	struct fixture *f = *state;

	plic_write(&f->p, priority_off(10), 1);
	enable_irq(f, PLIC_CONTEXT_S(0), 10);
	plic_set_irq(&f->p, 10, true);
	assert_true(pending(f, 10));
	assert_true(f->seip[0]);
	assert_false(f->seip[1]);

	assert_int_equal(claim(f, PLIC_CONTEXT_S(0)), 10);
	assert_false(pending(f, 10)); /* the claim took the request */
	assert_false(f->seip[0]);
	assert_int_equal(claim(f, PLIC_CONTEXT_S(0)), 0); /* nothing else */

	/* A line still high is not looked at again: the completion alone raises nothing. */
	complete(f, PLIC_CONTEXT_S(0), 10);
	assert_false(pending(f, 10));
	assert_false(f->seip[0]);
	assert_int_equal(claim(f, PLIC_CONTEXT_S(0)), 0);

	/* The device raising it again (QEMU's devices do on each update) is a new request. */
	plic_set_irq(&f->p, 10, true);
	assert_true(f->seip[0]);
	assert_int_equal(claim(f, PLIC_CONTEXT_S(0)), 10);
	plic_set_irq(&f->p, 10, false);
	complete(f, PLIC_CONTEXT_S(0), 10);
	assert_false(pending(f, 10));
	assert_false(f->seip[0]);
	assert_int_equal(claim(f, PLIC_CONTEXT_S(0)), 0);
}

/* QEMU 7.2 (Debian): "Don't clear pending bits on IRQ lowering". */
static void test_level_drop_keeps_pending(void **state)
{
	struct fixture *f = *state;

	plic_write(&f->p, priority_off(5), 2);
	enable_irq(f, PLIC_CONTEXT_S(0), 5);
	plic_set_irq(&f->p, 5, true);
	assert_true(f->seip[0]);
	plic_set_irq(&f->p, 5, false);
	assert_true(pending(f, 5));
	assert_true(f->seip[0]);
	assert_int_equal(claim(f, PLIC_CONTEXT_S(0)), 5);
	assert_false(pending(f, 5));
	assert_false(f->seip[0]);
	/* Raised and dropped while disabled: pending all the same, taken once enabled. */
	plic_set_irq(&f->p, 6, true);
	plic_set_irq(&f->p, 6, false);
	assert_true(pending(f, 6));
	plic_write(&f->p, priority_off(6), 1);
	assert_false(f->seip[0]);
	enable_irq(f, PLIC_CONTEXT_S(0), 6);
	assert_true(f->seip[0]);
	assert_int_equal(claim(f, PLIC_CONTEXT_S(0)), 6);
}

/* A request made while the source is in service waits for the completion. */
static void test_raise_in_service(void **state)
{
	struct fixture *f = *state;

	plic_write(&f->p, priority_off(10), 1);
	enable_irq(f, PLIC_CONTEXT_S(0), 10);
	plic_set_irq(&f->p, 10, true);
	assert_int_equal(claim(f, PLIC_CONTEXT_S(0)), 10);
	/* The handler reads RBR, THRE is still pending: the UART raises its line again. */
	plic_set_irq(&f->p, 10, true);
	plic_set_irq(&f->p, 10, false);
	assert_true(pending(f, 10));
	assert_false(f->seip[0]); /* in service */
	assert_int_equal(claim(f, PLIC_CONTEXT_S(0)), 0);
	complete(f, PLIC_CONTEXT_S(0), 10);
	assert_true(f->seip[0]);
	assert_int_equal(claim(f, PLIC_CONTEXT_S(0)), 10);
	complete(f, PLIC_CONTEXT_S(0), 10);
	assert_false(f->seip[0]);
}

static void test_priority_zero_and_threshold(void **state)
{
	struct fixture *f = *state;

	enable_irq(f, PLIC_CONTEXT_S(0), 3);
	plic_set_irq(&f->p, 3, true);
	assert_true(pending(f, 3));
	assert_false(f->seip[0]); /* priority 0: never */
	assert_int_equal(claim(f, PLIC_CONTEXT_S(0)), 0);

	plic_write(&f->p, priority_off(3), 3);
	assert_true(f->seip[0]);
	plic_write(&f->p, threshold_off(PLIC_CONTEXT_S(0)), 3); /* must exceed it */
	assert_false(f->seip[0]);
	assert_int_equal(claim(f, PLIC_CONTEXT_S(0)), 0);
	plic_write(&f->p, priority_off(3), 4);
	assert_true(f->seip[0]);
	plic_write(&f->p, threshold_off(PLIC_CONTEXT_S(0)), 0);
	assert_true(f->seip[0]);
	assert_int_equal(claim(f, PLIC_CONTEXT_S(0)), 3);
}

static void test_priority_order(void **state)
{
	struct fixture *f = *state;
	static const unsigned int irqs[] = { 1, 7, 33, 40, 64, 95 };
	static const unsigned int prio[] = { 2, 5, 5, 7, 1, 5 };
	unsigned int i;

	for (i = 0; i < 6; i++) {
		plic_write(&f->p, priority_off(irqs[i]), prio[i]);
		enable_irq(f, PLIC_CONTEXT_S(0), irqs[i]);
		plic_set_irq(&f->p, irqs[i], true);
	}
	/* Highest priority first; equal priorities by lowest id. */
	assert_int_equal(claim(f, PLIC_CONTEXT_S(0)), 40);
	assert_int_equal(claim(f, PLIC_CONTEXT_S(0)), 7);
	assert_int_equal(claim(f, PLIC_CONTEXT_S(0)), 33);
	assert_int_equal(claim(f, PLIC_CONTEXT_S(0)), 95);
	/* A threshold hides the rest. */
	plic_write(&f->p, threshold_off(PLIC_CONTEXT_S(0)), 1);
	assert_true(f->seip[0]); /* 1 at priority 2 */
	assert_int_equal(claim(f, PLIC_CONTEXT_S(0)), 1);
	assert_false(f->seip[0]); /* 64 is at priority 1 */
	assert_int_equal(claim(f, PLIC_CONTEXT_S(0)), 0);
	plic_write(&f->p, threshold_off(PLIC_CONTEXT_S(0)), 0);
	assert_int_equal(claim(f, PLIC_CONTEXT_S(0)), 64);
	/* Raised again while in service, 40 comes back first once completed. */
	plic_set_irq(&f->p, 40, true);
	assert_int_equal(claim(f, PLIC_CONTEXT_S(0)), 0);
	complete(f, PLIC_CONTEXT_S(0), 40);
	assert_int_equal(claim(f, PLIC_CONTEXT_S(0)), 40);
}

static void test_complete_rules(void **state)
{
	struct fixture *f = *state;

	plic_write(&f->p, priority_off(9), 1);
	enable_irq(f, PLIC_CONTEXT_S(0), 9);
	plic_set_irq(&f->p, 9, true);
	assert_int_equal(claim(f, PLIC_CONTEXT_S(0)), 9);
	plic_set_irq(&f->p, 9, true); /* pending again, held back while in service */
	/* Completing another id, id 0, or a nonexistent source changes nothing. */
	complete(f, PLIC_CONTEXT_S(0), 8);
	complete(f, PLIC_CONTEXT_S(0), 0);
	complete(f, PLIC_CONTEXT_S(0), 96);
	complete(f, PLIC_CONTEXT_S(0), 0xffffffff);
	assert_false(f->seip[0]);
	assert_int_equal(claim(f, PLIC_CONTEXT_S(0)), 0);
	/* As on QEMU, a completion ends service whether or not the context enables the source. */
	plic_write(&f->p, enable_off(PLIC_CONTEXT_S(0), 0), 0);
	complete(f, PLIC_CONTEXT_S(0), 9);
	assert_true(pending(f, 9));
	assert_false(f->seip[0]); /* disabled */
	enable_irq(f, PLIC_CONTEXT_S(0), 9);
	assert_true(f->seip[0]);
	/* So does a completion through another context, even the M one. */
	assert_int_equal(claim(f, PLIC_CONTEXT_S(0)), 9);
	plic_set_irq(&f->p, 9, true);
	complete(f, PLIC_CONTEXT_M(1), 9);
	assert_true(f->seip[0]);
}

static void test_pending_read_only(void **state)
{
	struct fixture *f = *state;

	plic_write(&f->p, pending_off(0), 0xffffffff);
	assert_int_equal(plic_read(&f->p, pending_off(0)), 0);
	plic_set_irq(&f->p, 31, true);
	plic_set_irq(&f->p, 32, true);
	plic_set_irq(&f->p, 95, true);
	assert_int_equal(plic_read(&f->p, pending_off(0)), 0x80000000);
	assert_int_equal(plic_read(&f->p, pending_off(1)), 1);
	assert_int_equal(plic_read(&f->p, pending_off(2)), 0x80000000);
	plic_write(&f->p, pending_off(1), 0);
	assert_int_equal(plic_read(&f->p, pending_off(1)), 1);
	/* Lines 0 and past 95 do not exist. */
	plic_set_irq(&f->p, 0, true);
	plic_set_irq(&f->p, 96, true);
	plic_set_irq(&f->p, 1000, true);
	assert_int_equal(plic_read(&f->p, pending_off(0)), 0x80000000);
	assert_int_equal(plic_read(&f->p, pending_off(3)), 0);
}

/* M contexts are registers only; each hart's S context drives its own SEIP. */
static void test_contexts(void **state)
{
	struct fixture *f = *state;

	plic_write(&f->p, priority_off(20), 1);
	plic_write(&f->p, priority_off(21), 1);
	enable_irq(f, PLIC_CONTEXT_M(0), 20);
	enable_irq(f, PLIC_CONTEXT_M(1), 20);
	plic_set_irq(&f->p, 20, true);
	assert_int_equal(f->calls, 0); /* M contexts signal nothing */

	enable_irq(f, PLIC_CONTEXT_S(1), 21);
	plic_set_irq(&f->p, 21, true);
	assert_false(f->seip[0]);
	assert_true(f->seip[1]);
	enable_irq(f, PLIC_CONTEXT_S(0), 21);
	assert_true(f->seip[0]);
	/* Claimed by hart 1: gone for hart 0 too. */
	assert_int_equal(claim(f, PLIC_CONTEXT_S(1)), 21);
	assert_false(f->seip[0]);
	assert_false(f->seip[1]);
	assert_int_equal(claim(f, PLIC_CONTEXT_S(0)), 0);
	/* Raised again in service: both harts see it once completed (through either context). */
	plic_set_irq(&f->p, 21, true);
	assert_false(f->seip[0]);
	complete(f, PLIC_CONTEXT_S(0), 21);
	assert_true(f->seip[0]);
	assert_true(f->seip[1]);
	/* The M context's claim register works as a register. */
	assert_int_equal(claim(f, PLIC_CONTEXT_M(0)), 20);
	assert_int_equal(claim(f, PLIC_CONTEXT_M(1)), 0);
}

/*
 * QEMU's sifive_plic_ops accept aligned 32-bit accesses only (.valid 4..4),
 * anywhere in the 0x600000 window: every other width or alignment is an
 * access fault (tests/guests/mmio-widths, natively), so it must never
 * reach a register.
 */
static void test_vdev_widths(void **state)
{
	struct fixture *f = *state;
	struct vdev dev = { .name = "plic", .size = 0x600000, .ops = &plic_vdev_ops, .priv = &f->p };
	static const uint64_t offs[] = { 0x4,	   0x8,	     PLIC_PENDING_BASE, 0x2080,
					 0x201000, 0x201004, 0x5ffff8 };
	unsigned int i, w, b;

	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		assert_true(vdev_access_ok(&dev, offs[i], 4));
		for (w = 1; w <= 8; w *= 2)
			for (b = 0; b < 8; b++)
				assert_int_equal(vdev_access_ok(&dev, offs[i] + b, w),
						 w == 4 && b % 4 == 0);
	}
	/* The window's last word is accepted; past the window is no device. */
	assert_true(vdev_access_ok(&dev, 0x5ffffc, 4));
	assert_false(vdev_access_ok(&dev, 0x5ffffc, 8));
	/* An accepted access reaches the register. */
	dev.ops->write(&dev, priority_off(10), 4, 3);
	assert_int_equal(dev.ops->read(&dev, priority_off(10), 4), 3);
	/* Holes in the map: accepted, read 0 (as QEMU's PLIC answers them). */
	assert_int_equal(dev.ops->read(&dev, PLIC_CONTEXT_BASE + 8, 4), 0);
	assert_int_equal(dev.ops->read(&dev, 0x5ffffc, 4), 0);
	assert_int_equal(dev.ops->read(&dev, PLIC_PENDING_BASE + 0x100, 4), 0);
}

static void test_single_hart_no_callback(void **state)
{
	struct plic p;

	plic_init(&p, 1, NULL, NULL);
	plic_write(&p, priority_off(10), 1);
	plic_write(&p, enable_off(PLIC_CONTEXT_S(0), 0), 1u << 10);
	plic_set_irq(&p, 10, true);
	assert_true(p.seip[0]);
	assert_int_equal(plic_read(&p, claim_off(PLIC_CONTEXT_S(0))), 10);
	/* Hart 1's contexts do not exist with one hart. */
	plic_write(&p, enable_off(PLIC_CONTEXT_S(1), 0), 1u << 10);
	assert_int_equal(plic_read(&p, enable_off(PLIC_CONTEXT_S(1), 0)), 0);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_reset),
		T(test_priority_registers),
		T(test_enable_registers),
		T(test_threshold_register),
		T(test_claim_complete),
		T(test_level_drop_keeps_pending),
		T(test_raise_in_service),
		T(test_priority_zero_and_threshold),
		T(test_priority_order),
		T(test_complete_rules),
		T(test_pending_read_only),
		T(test_contexts),
		T(test_vdev_widths),
		cmocka_unit_test(test_single_hart_no_callback),
	};

	return cmocka_run_group_tests_name("plic", tests, NULL, NULL);
}
