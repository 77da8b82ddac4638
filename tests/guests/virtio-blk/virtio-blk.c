// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-blk: a disk through virtio 1.2 (virtio-mmio version 2, a split
 * virtqueue, virtio-blk requests), found by scanning QEMU virt's eight
 * transports for a version-2 block device. Natively the disk is QEMU's
 *	-global virtio-mmio.force-legacy=false
 *	-drive file=IMG,if=none,format=raw,id=d0[,readonly=on]
 *	-device virtio-blk-device,drive=d0
 * under SVPN it is SVPN's own model (run-svpn.sh --disk IMG[,ro]); the lines
 * below must be the same on both. Nothing printed depends on the transport
 * the disk sits on, on the id string, or on features only one side offers.
 *
 * Setup: reset, ACKNOWLEDGE, DRIVER, features (VIRTIO_F_VERSION_1, and
 * VIRTIO_BLK_F_FLUSH and VIRTIO_RING_F_INDIRECT_DESC when offered),
 * FEATURES_OK read back, queue 0 (8 entries), DRIVER_OK. Prints the capacity
 * and whether the disk is read-only (VIRTIO_BLK_F_RO offered): that decides
 * the run. The harness (run-virtio-blk.sh) runs the guest on a writable and
 * on a read-only disk and compares each with the native run of the same kind;
 * it checks that the read-only line says what it asked for.
 *
 * Checks, one line each (a failed CHECK adds a FAIL line):
 *  - writable disk: writes of 1 sector, 8 sectors in one descriptor, 8 in
 *    three (not sector-aligned), 8 through an indirect table; FLUSH; each
 *    read back (into the same layout) and compared; at the end all of them
 *    written again with a second pattern and read back, so that a rerun on
 *    the same image cannot pass on the last run's data;
 *    read-only disk: each write must end in VIRTIO_BLK_S_IOERR and leave the
 *    sectors as they were read before;
 *  - GET_ID (status only: the id string differs), the last sector, reads at
 *    the capacity, across it and at sector 2^64 - 1, a write at 2^64 - 1 that
 *    would wrap to sector 0 (IOERR, as QEMU's virtio_blk_sect_range_ok()
 *    gives), an unknown request type (UNSUPP);
 *  - one read completed by the device's interrupt through the PLIC (source
 *    1 + transport index, the boot hart's S context), all others polled with
 *    VIRTQ_AVAIL_F_NO_INTERRUPT set.
 * Each line gives the outcome and the used length the device reported.
 *
 * With the word svpn.hostile in /chosen/bootargs the guest goes on with
 * hostile.c's requests, which make sense only under SVPN; without it, it says
 * it did not run them. Needs 2 harts (the racing check; see 'harts').
 */
#include "plic.h"
#include "smp.h"
#include "test.h"

const char guest_name[] = GUEST_NAME;

#define SEED_A	     0x5eed0a0a5eed0a0aUL
#define SEED_B	     0x5eed0b0b5eed0b0bUL
#define MIN_SECTORS  64
#define TYPE_UNKNOWN 0x20 /* no request type of virtio 1.2, nor with OUT masked off as QEMU does */

struct arena arena;

/* The requests of the write and read-back checks, each into its own sectors. */
struct layout {
	const char *what;
	u64 sector;
	int nr, indirect;
	u32 len[3];
};
static const struct layout layouts[] = {
	{ "1 sector at 1", 1, 1, 0, { 512 } },
	{ "8 sectors at 8", 8, 1, 0, { 4096 } },
	{ "8 sectors at 16 in 3 descriptors (1000+2096+1000)", 16, 3, 0, { 1000, 2096, 1000 } },
	{ "8 sectors at 24 via an indirect table (512+3072+512)", 24, 3, 1, { 512, 3072, 512 } },
};
static u8 saved[ARRAY_SIZE(layouts)][PAGE]; /* read-only disk: what each held before */
static u8 sector0[SECTOR];

static inline unsigned long pattern_word(u64 sector, unsigned long off, unsigned long seed)
{
	return mix64((sector * SECTOR + off) ^ seed);
}

void fill_pattern(void *buf, u64 sector, unsigned long bytes, unsigned long seed)
{
	unsigned long *p = buf;

	for (unsigned long off = 0; off < bytes; off += 8)
		*p++ = pattern_word(sector, off, seed);
}

int has_pattern(const void *buf, u64 sector, unsigned long bytes, unsigned long seed)
{
	const unsigned long *p = buf;

	for (unsigned long off = 0; off < bytes; off += 8)
		if (*p++ != pattern_word(sector, off, seed))
			return 0;
	return 1;
}

int same_bytes(const void *a, const void *b, unsigned long n)
{
	const u8 *x = a, *y = b;

	while (n--)
		if (*x++ != *y++)
			return 0;
	return 1;
}

static unsigned long layout_bytes(const struct layout *l)
{
	unsigned long n = 0;

	for (int i = 0; i < l->nr; i++)
		n += l->len[i];
	return n;
}

/* The layout's segments, laid end to end from buf. */
static void layout_segs(const struct layout *l, u8 *buf, struct seg *s)
{
	for (int i = 0; i < l->nr; i++) {
		s[i].buf = buf;
		s[i].len = l->len[i];
		buf += l->len[i];
	}
}

static enum outcome layout_io(const struct layout *l, u32 type, u8 *buf, u32 *len)
{
	struct seg s[3];

	layout_segs(l, buf, s);
	return vblk_request(&arena.r.req, type, l->sector, s, l->nr, l->indirect, len);
}

enum outcome read8(u64 sector, u32 *len)
{
	struct seg s = { arena.rbuf, 8 * SECTOR };

	return vblk_request(&arena.r.req, VIRTIO_BLK_T_IN, sector, &s, 1, 0, len);
}

static int skipped(const char *verb, const struct layout *l)
{
	if (!l->indirect || vblk_has(VIRTIO_RING_F_INDIRECT_DESC))
		return 0;
	printf("%s %s: skipped, INDIRECT_DESC not offered\n", verb, l->what);
	return 1;
}

/* Writable disk: write each layout; read-only disk: try to (after noting what it holds). */
static void writes(int ro)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(layouts); i++) {
		const struct layout *l = &layouts[i];
		enum outcome oc;
		u32 len;

		if (skipped("write", l))
			continue;
		if (ro) {
			memset(arena.rbuf, 0xaa, PAGE);
			oc = layout_io(l, VIRTIO_BLK_T_IN, arena.rbuf, &len);
			CHECK(oc == OC_OK);
			memcpy(saved[i], arena.rbuf, layout_bytes(l));
		}
		fill_pattern(arena.wbuf, l->sector, layout_bytes(l), SEED_A);
		oc = layout_io(l, VIRTIO_BLK_T_OUT, arena.wbuf, &len);
		printf("write %s: %s len %u\n", l->what, outcome_name(oc), len);
		CHECK(oc == (ro ? OC_IOERR : OC_OK));
	}
}

static void flush(void)
{
	enum outcome oc;
	u32 len;

	if (!vblk_has(VIRTIO_BLK_F_FLUSH)) {
		printf("flush: not offered\n");
		return;
	}
	oc = vblk_request(&arena.r.req, VIRTIO_BLK_T_FLUSH, 0, 0, 0, 0, &len);
	printf("flush: %s len %u\n", outcome_name(oc), len);
	CHECK(oc == OC_OK);
}

static int layout_holds(unsigned int i, int ro, unsigned long seed)
{
	const struct layout *l = &layouts[i];

	if (ro)
		return same_bytes(arena.rbuf, saved[i], layout_bytes(l));
	return has_pattern(arena.rbuf, l->sector, layout_bytes(l), seed);
}

static void read_backs(int ro)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(layouts); i++) {
		const struct layout *l = &layouts[i];
		enum outcome oc;
		int ok;
		u32 len;

		if (skipped("read", l))
			continue;
		memset(arena.rbuf, 0x55, PAGE);
		oc = layout_io(l, VIRTIO_BLK_T_IN, arena.rbuf, &len);
		ok = layout_holds(i, ro, SEED_A);
		printf("read %s: %s len %u, data %s %s\n", l->what, outcome_name(oc), len,
		       ro ? "unchanged" : "as written", yesno(ok));
		CHECK(oc == OC_OK && ok);
	}
}

/* Writable disk, last: everything again with a second pattern. */
static void rewrite(void)
{
	int ok = 1;

	for (unsigned int i = 0; i < ARRAY_SIZE(layouts); i++) {
		const struct layout *l = &layouts[i];
		u32 len;

		if (l->indirect && !vblk_has(VIRTIO_RING_F_INDIRECT_DESC))
			continue;
		fill_pattern(arena.wbuf, l->sector, layout_bytes(l), SEED_B);
		ok &= layout_io(l, VIRTIO_BLK_T_OUT, arena.wbuf, &len) == OC_OK;
		memset(arena.rbuf, 0x55, PAGE);
		ok &= layout_io(l, VIRTIO_BLK_T_IN, arena.rbuf, &len) == OC_OK;
		ok &= layout_holds(i, 0, SEED_B);
	}
	printf("rewrite all of them with a second pattern and read back: %s\n", ok ? "ok" : "FAIL");
	CHECK(ok);
}

/* One request of n sectors (one descriptor) at sector that must fail. */
static void out_of_range(const char *what, u32 type, u64 sector, u32 n)
{
	struct seg s = { type == VIRTIO_BLK_T_IN ? arena.rbuf : arena.wbuf, n * SECTOR };
	enum outcome oc;
	u32 len;

	oc = vblk_request(&arena.r.req, type, sector, &s, 1, 0, &len);
	printf("%s: %s len %u\n", what, outcome_name(oc), len);
	CHECK(oc == OC_IOERR);
}

static void requests(void)
{
	u64 cap = vblk.capacity;
	struct seg s = { arena.rbuf, VIRTIO_BLK_ID_BYTES };
	enum outcome oc;
	int same0;
	u32 len;

	oc = vblk_request(&arena.r.req, VIRTIO_BLK_T_GET_ID, 0, &s, 1, 0, &len);
	printf("get-id into %u bytes: %s len %u\n", s.len, outcome_name(oc), len);
	CHECK(oc == OC_OK);

	s.len = SECTOR;
	oc = vblk_request(&arena.r.req, VIRTIO_BLK_T_IN, cap - 1, &s, 1, 0, &len);
	printf("read the last sector (capacity - 1): %s len %u\n", outcome_name(oc), len);
	CHECK(oc == OC_OK);

	out_of_range("read 1 sector at the capacity", VIRTIO_BLK_T_IN, cap, 1);
	out_of_range("read 2 sectors at capacity - 1", VIRTIO_BLK_T_IN, cap - 1, 2);
	out_of_range("read 1 sector at 2^64 - 1", VIRTIO_BLK_T_IN, ~0UL, 1);

	/* 2 sectors from 2^64 - 1 would wrap to sector 0 */
	memset(arena.rbuf, 0xaa, PAGE);
	CHECK(vblk_request(&arena.r.req, VIRTIO_BLK_T_IN, 0, &s, 1, 0, &len) == OC_OK);
	memcpy(sector0, arena.rbuf, SECTOR);
	fill_pattern(arena.wbuf, 0, 2 * SECTOR, SEED_B ^ SEED_A);
	out_of_range("write 2 sectors at 2^64 - 1", VIRTIO_BLK_T_OUT, ~0UL, 2);
	memset(arena.rbuf, 0x55, PAGE);
	oc = vblk_request(&arena.r.req, VIRTIO_BLK_T_IN, 0, &s, 1, 0, &len);
	same0 = oc == OC_OK && same_bytes(arena.rbuf, sector0, SECTOR);
	printf("sector 0 after that: %s, unchanged %s\n", outcome_name(oc), yesno(same0));
	CHECK(same0);

	oc = vblk_request(&arena.r.req, TYPE_UNKNOWN, 0, 0, 0, 0, &len);
	printf("request type 0x%x: %s len %u\n", TYPE_UNKNOWN, outcome_name(oc), len);
	CHECK(oc == OC_UNSUPP);
}

/* ---- completion by interrupt ---- */
static unsigned long plic_ctx;
static volatile unsigned long irqs, other_irqs;
static volatile u32 irq_isr;
static volatile u16 irq_used_idx;

static int disk_irq(struct trap_frame *f)
{
	u32 id;

	if (f->cause != (CAUSE_IRQ_FLAG | IRQ_S_EXT))
		return 0;
	while ((id = plic_rd(PLIC_CLAIM(plic_ctx)))) {
		if (id == vblk.irq) {
			u32 isr = vblk_rd(VIRTIO_MMIO_INTERRUPT_STATUS);

			vblk_wr(VIRTIO_MMIO_INTERRUPT_ACK, isr);
			irq_isr |= isr;
			irq_used_idx = vblk.used->idx;
			irqs++;
		} else {
			other_irqs++;
		}
		plic_wr(PLIC_CLAIM(plic_ctx), id);
	}
	return 1;
}

static void plic_source(unsigned int src, int on)
{
	unsigned long en = PLIC_ENABLE(plic_ctx) + 4 * (src / 32);

	plic_wr(PLIC_PRIO(src), on ? 1 : 0);
	plic_wr(en, on ? plic_rd(en) | 1u << (src % 32) : plic_rd(en) & ~(1u << (src % 32)));
}

/*
 * Wait for the disk's interrupt, testing with SIE clear: wfi wakes for an
 * interrupt pending in sie whatever sstatus.SIE says, and it is taken in
 * the window after the wfi where SIE is set. (WFI_UNTIL tests with SIE set:
 * an interrupt taken between its test and its wfi is lost to the wait, and
 * nothing wakes the wfi; natively that hung about one run in six.) The SBI
 * timer at the deadline ends a wait for an interrupt that never comes.
 */
static void wait_disk_irq(void)
{
	unsigned long end = rdtime() + VBLK_TIMEOUT_S * guest_timebase;

	csr_set(sie, SIE_STIE);
	sbi_set_timer(end);
	while (!irqs && (long)(rdtime() - end) < 0) {
		wfi();
		local_irq_enable();
		local_irq_disable();
	}
	sbi_set_timer(~0UL);
	csr_clear(sie, SIE_STIE);
}

static void interrupt_read(unsigned long hartid, int ro)
{
	const struct layout *l = &layouts[1];
	struct seg s = { arena.rbuf, 8 * SECTOR };
	u16 head, used_before = vblk.used_idx;
	enum outcome oc;
	int ok;
	u32 len;

	plic_ctx = PLIC_S_CONTEXT(hartid);
	vblk_wr(VIRTIO_MMIO_INTERRUPT_ACK, vblk_rd(VIRTIO_MMIO_INTERRUPT_STATUS));
	plic_source(vblk.irq, 1);
	plic_wr(PLIC_THRESH(plic_ctx), 0);
	plic_drain(plic_ctx);
	irqs = other_irqs = irq_isr = 0;
	trap_hook = disk_irq;
	csr_write(sie, SIE_SEIE);
	memset(arena.rbuf, 0x55, PAGE);
	head = vblk_start(&arena.r.req, VIRTIO_BLK_T_IN, l->sector, &s, 1, 0, 1);
	wait_disk_irq();
	csr_write(sie, 0);
	trap_hook = 0;
	plic_source(vblk.irq, 0);

	oc = vblk_wait(head, &arena.r.req.status, &len);
	ok = layout_holds(1, ro, SEED_A);
	printf("read %s, completion by interrupt: %s len %u, data %s %s\n", l->what,
	       outcome_name(oc), len, ro ? "unchanged" : "as written", yesno(ok));
	printf("  interrupts from the disk's source %lu, others %lu, InterruptStatus %x, used entry there %s\n",
	       irqs, other_irqs, irq_isr, yesno(irqs && irq_used_idx != used_before));
	CHECK(oc == OC_OK && ok);
	CHECK(irqs >= 1 && (irq_isr & VIRTIO_MMIO_INT_VRING) && irq_used_idx != used_before);
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	const char *err;
	int ro;

	if (fdt_read_chosen(dtb))
		guest_abort("no device tree at a1");
	if (vblk_find())
		guest_abort("no virtio-blk device behind a virtio-mmio version 2 transport");
	err = vblk_init();
	if (err)
		guest_abort(err);
	ro = vblk_offers(VIRTIO_BLK_F_RO);
	printf("virtio-blk: capacity %lu sectors, read-only %s\n", vblk.capacity, yesno(ro));
	if (vblk.capacity < MIN_SECTORS)
		guest_abort("the disk has fewer than 64 sectors");

	writes(ro);
	flush();
	read_backs(ro);
	requests();
	interrupt_read(hartid, ro);
	if (!ro)
		rewrite();
	if (bootarg_flag("svpn.hostile"))
		hostile_checks(hartid);
	else
		printf("hostile requests: not run (no svpn.hostile in the boot arguments)\n");
}
