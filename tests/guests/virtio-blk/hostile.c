// SPDX-License-Identifier: GPL-2.0
/*
 * Hostile requests, for SVPN only (the boot arguments must hold
 * svpn.hostile): natively QEMU maps guest "RAM" outside RAM through bounce
 * buffers, writes device registers or gives up in its own ways, so only
 * SVPN's answers are pinned. Each request is wrong in one way:
 *	a data buffer at 0x0 (read and write), in the PLIC's registers, at the
 *	end of RAM, across the end of RAM, where addr + len wraps; the status
 *	byte at 0x0; a descriptor loop; a chain longer than the queue (an
 *	indirect table of queue size + 1, when INDIRECT_DESC is offered); an
 *	indirect descriptor inside an indirect table; an indirect table
 *	outside RAM;
 * and one races: hart A submits a good read and notifies while hart B flips
 * the data descriptor's address between the buffer and addresses outside RAM
 * (0, the end of RAM, across it, wrapping), round after round.
 *
 * Each must end in VIRTIO_BLK_S_IOERR, or the device sets DEVICE_NEEDS_RESET
 * (then the guest resets and re-initialises it); for the race, a completion
 * with the right data in the original buffer is fine too. After each, a good
 * read of 8 sectors the guest wrote before must work. Throughout, the pages
 * around the buffers, the buffer the device only reads, and canary pages at
 * the end and in the middle of RAM (the part of "across the end of RAM"
 * that is in RAM is the last page) must keep their patterns. Prints
 *	hostile <case>: ioerr | needs-reset | ok | timeout | ...
 *	hostile race-desc: rounds=R bad=0
 *	hostile race-desc: outcomes ok=.. ioerr=.. needs-reset=.. (vary from run to run)
 * Boot argument race=N: rounds of the race (default 200).
 */
#include "plic.h"
#include "smp.h"
#include "test.h"

#define H_SECTOR    40 /* 8 sectors with a known pattern: the good reads */
#define H_SEED	    0x686f7374696c6521UL
#define GUARD_SEED  0x6775617264736565UL
#define CANARY_SEED 0x63616e6172797979UL
#define RACE_ROUNDS 200

static struct vblk_req *const req = &arena.r.req;
static unsigned long ram_end;

/* What the device must leave alone; each page holds a pattern of its own address. */
static struct {
	const char *what;
	u8 *at;
	unsigned long seed;
} watched[4];

static void watch_fill(unsigned int i)
{
	fill_pattern(watched[i].at, (unsigned long)watched[i].at / SECTOR, PAGE, watched[i].seed);
}

static int watch_ok(unsigned int i)
{
	return has_pattern(watched[i].at, (unsigned long)watched[i].at / SECTOR, PAGE,
			   watched[i].seed);
}

/*
 * Whether the watched pages and the device-readable buffer are as written: if
 * not, a FAIL line, and the pattern again, so that the next case is judged on
 * its own.
 */
static int intact(const char *name)
{
	int ok = 1;

	for (unsigned int i = 0; i < ARRAY_SIZE(watched); i++) {
		if (watch_ok(i))
			continue;
		printf("FAIL hostile %s: the %s changed\n", name, watched[i].what);
		watch_fill(i);
		ok = 0;
	}
	if (!has_pattern(arena.wbuf, H_SECTOR, 8 * SECTOR, H_SEED)) {
		printf("FAIL hostile %s: the device-readable buffer changed\n", name);
		fill_pattern(arena.wbuf, H_SECTOR, 8 * SECTOR, H_SEED);
		ok = 0;
	}
	return ok;
}

/* The known sectors, from arena.wbuf. */
static enum outcome write_known(void)
{
	struct seg s = { arena.wbuf, 8 * SECTOR };
	u32 len;

	return vblk_request(req, VIRTIO_BLK_T_OUT, H_SECTOR, &s, 1, 0, &len);
}

/* Reset and set up the device again if it asked for it (or did not answer). */
static void recover(enum outcome oc)
{
	const char *err;

	if (oc == OC_OK || oc == OC_IOERR || oc == OC_UNSUPP) {
		if (!(vblk_rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET))
			return;
	}
	err = vblk_init();
	if (err)
		guest_abort(err);
}

/* The good request after each case: the known sectors, read into rbuf. */
static int good_read(const char *name)
{
	enum outcome oc;
	u32 len;

	memset(arena.rbuf, 0x55, PAGE);
	oc = read8(H_SECTOR, &len);
	if (oc == OC_OK && has_pattern(arena.rbuf, H_SECTOR, 8 * SECTOR, H_SEED))
		return 1;
	printf("FAIL hostile %s: the good read after it: %s%s\n", name, outcome_name(oc),
	       oc == OC_OK ? ", other data than written" : "");
	write_known(); /* for the next case */
	return 0;
}

/* ---- the requests: descriptors from 0, submitted with head 0 ---- */
static void header(u32 type)
{
	req->hdr.type = type;
	req->hdr.reserved = 0;
	req->hdr.sector = H_SECTOR;
	req->status = 0xff;
}

/* Descriptor 0: the header, 1: data at addr, 2: the status byte at status. */
static void three(u32 type, u64 addr, u32 len, u64 status)
{
	volatile struct virtq_desc *d = vblk.desc;

	header(type);
	desc_set(&d[0], (unsigned long)&req->hdr, sizeof(req->hdr), VIRTQ_DESC_F_NEXT, 1);
	desc_set(&d[1], addr, len,
		 VIRTQ_DESC_F_NEXT | (type == VIRTIO_BLK_T_IN ? VIRTQ_DESC_F_WRITE : 0), 2);
	desc_set(&d[2], status, 1, VIRTQ_DESC_F_WRITE, 0);
}

static unsigned long status_byte(void)
{
	return (unsigned long)&req->status;
}

static void buf_at_zero_in(void)
{
	three(VIRTIO_BLK_T_IN, 0, SECTOR, status_byte());
}

static void buf_at_zero_out(void)
{
	three(VIRTIO_BLK_T_OUT, 0, SECTOR, status_byte());
}

static void buf_in_mmio(void)
{
	three(VIRTIO_BLK_T_IN, PLIC_BASE, SECTOR, status_byte());
}

static void buf_at_ram_end(void)
{
	three(VIRTIO_BLK_T_IN, ram_end, SECTOR, status_byte());
}

static void buf_across_ram_end(void)
{
	three(VIRTIO_BLK_T_IN, ram_end - SECTOR / 2, SECTOR, status_byte());
}

static void buf_wraps(void)
{
	three(VIRTIO_BLK_T_IN, -(SECTOR / 2UL), SECTOR, status_byte());
}

static void status_at_zero(void)
{
	three(VIRTIO_BLK_T_IN, (unsigned long)arena.rbuf, SECTOR, 0);
}

static void desc_loop(void)
{
	three(VIRTIO_BLK_T_IN, (unsigned long)arena.rbuf, SECTOR, status_byte());
	vblk.desc[2].flags |= VIRTQ_DESC_F_NEXT;
	vblk.desc[2].next = 1; /* back to the data descriptor */
}

/* An indirect table of the queue size + 1: header, 7 sectors one by one, status. */
static void chain_too_long(void)
{
	const unsigned int n = VBLK_QSIZE + 1;
	volatile struct virtq_desc *t = req->table;

	header(VIRTIO_BLK_T_IN);
	desc_set(&t[0], (unsigned long)&req->hdr, sizeof(req->hdr), VIRTQ_DESC_F_NEXT, 1);
	for (unsigned int i = 1; i < n - 1; i++)
		desc_set(&t[i], (unsigned long)arena.rbuf + (i - 1) * SECTOR, SECTOR,
			 VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, i + 1);
	desc_set(&t[n - 1], status_byte(), 1, VIRTQ_DESC_F_WRITE, 0);
	desc_set(&vblk.desc[0], (unsigned long)t, n * sizeof(*t), VIRTQ_DESC_F_INDIRECT, 0);
}

/* The ring's descriptor points to a table whose first entry is indirect again. */
static void nested_indirect(void)
{
	volatile struct virtq_desc *t = req->table;

	header(VIRTIO_BLK_T_IN);
	desc_set(&t[0], (unsigned long)&t[1], 3 * sizeof(*t), VIRTQ_DESC_F_INDIRECT, 0);
	desc_set(&t[1], (unsigned long)&req->hdr, sizeof(req->hdr), VIRTQ_DESC_F_NEXT, 1);
	desc_set(&t[2], (unsigned long)arena.rbuf, SECTOR, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE,
		 2);
	desc_set(&t[3], status_byte(), 1, VIRTQ_DESC_F_WRITE, 0);
	desc_set(&vblk.desc[0], (unsigned long)t, sizeof(*t), VIRTQ_DESC_F_INDIRECT, 0);
}

static void table_outside_ram(void)
{
	header(VIRTIO_BLK_T_IN);
	desc_set(&vblk.desc[0], ram_end, 3 * sizeof(struct virtq_desc), VIRTQ_DESC_F_INDIRECT, 0);
}

static const struct hostile_case {
	const char *name;
	void (*build)(void);
	int needs_indirect;
} cases[] = {
	{ "buf-at-0-read", buf_at_zero_in, 0 },
	{ "buf-at-0-write", buf_at_zero_out, 0 },
	{ "buf-in-plic-read", buf_in_mmio, 0 },
	{ "buf-at-ram-end-read", buf_at_ram_end, 0 },
	{ "buf-across-ram-end-read", buf_across_ram_end, 0 },
	{ "buf-addr-len-wraps-read", buf_wraps, 0 },
	{ "status-at-0", status_at_zero, 0 },
	{ "desc-loop", desc_loop, 0 },
	{ "chain-longer-than-queue", chain_too_long, 1 },
	{ "indirect-in-indirect", nested_indirect, 0 },
	{ "indirect-table-outside-ram", table_outside_ram, 0 },
};

static void run_case(const struct hostile_case *c)
{
	enum outcome oc;
	int mem_ok;
	u32 len;

	if (c->needs_indirect && !vblk_has(VIRTIO_RING_F_INDIRECT_DESC)) {
		printf("hostile %s: skipped, INDIRECT_DESC not offered\n", c->name);
		return;
	}
	memset(arena.rbuf, 0x55, PAGE);
	c->build();
	vblk_submit(0, 0);
	oc = vblk_wait(0, &req->status, &len);
	printf("hostile %s: %s\n", c->name, outcome_name(oc));
	mem_ok = intact(c->name);
	recover(oc);
	CHECK(oc == OC_IOERR || oc == OC_NEEDS_RESET);
	CHECK(mem_ok);
	CHECK(good_read(c->name));
}

/* ---- the race ---- */
static struct secondary_boot boot1;
static u8 stack1[8192] __attribute__((aligned(16)));
static volatile unsigned long race_round, race_acked, race_flips;
static volatile int race_stop;
static u64 race_bad[4];

/* Hart B: while round r is on, flip descriptor 1 to a bad address and back. */
static void flipper(unsigned long hartid, void *arg)
{
	volatile u64 *addr = &vblk.desc[1].addr;
	u64 good = (unsigned long)arena.rbuf;
	unsigned long k = 0;

	(void)hartid;
	(void)arg;
	while (!race_stop) {
		unsigned long r = race_round;

		if (!r || r == race_acked)
			continue;
		while (race_round == r) {
			*addr = race_bad[k++ % ARRAY_SIZE(race_bad)];
			asm volatile("fence rw, rw" ::: "memory");
			*addr = good;
			asm volatile("fence rw, rw" ::: "memory");
			race_flips++;
		}
		race_acked = r;
	}
}

static void race(unsigned long hartid)
{
	unsigned long rounds = bootarg_num("race", RACE_ROUNDS), bad = 0,
		      count[OC_TIMEOUT + 1] = {};
	struct sbiret sr;

	race_bad[0] = 0;
	race_bad[1] = ram_end;
	race_bad[2] = ram_end - 4 * SECTOR; /* half of it in the last (canary) page */
	race_bad[3] = -(4UL * SECTOR);	    /* addr + len wraps */
	sr = start_secondary(hartid ^ 1, &boot1, stack1, sizeof(stack1), flipper, 0);
	if (sr.error) {
		printf("hostile race-desc: no second hart (hart_start error %ld)\n", sr.error);
		CHECK(!sr.error);
		return;
	}
	for (unsigned long r = 1; r <= rounds; r++) {
		unsigned long flips = race_flips;
		enum outcome oc;
		int ok;
		u32 len;

		memset(arena.rbuf, 0x55, PAGE);
		three(VIRTIO_BLK_T_IN, (unsigned long)arena.rbuf, 8 * SECTOR, status_byte());
		race_round = r;
		if (!SPIN_UNTIL(race_flips != flips)) {
			printf("FAIL hostile race-desc: hart B does not flip\n");
			bad++;
			break;
		}
		vblk_submit(0, 0);
		oc = vblk_wait(0, &req->status, &len);
		race_round = 0;
		if (!SPIN_UNTIL(race_acked == r)) {
			printf("FAIL hostile race-desc: hart B does not stop\n");
			bad++;
			break;
		}
		vblk.desc[1].addr = (unsigned long)arena.rbuf;
		count[oc]++;
		ok = oc == OC_IOERR || oc == OC_NEEDS_RESET ||
		     (oc == OC_OK && has_pattern(arena.rbuf, H_SECTOR, 8 * SECTOR, H_SEED));
		if (!ok)
			printf("FAIL hostile race-desc: round %lu: %s%s\n", r, outcome_name(oc),
			       oc == OC_OK ? " with other data in the buffer" : "");
		ok &= intact("race-desc");
		recover(oc);
		if (oc != OC_OK)
			ok &= good_read("race-desc");
		bad += !ok;
	}
	race_stop = 1;
	printf("hostile race-desc: rounds=%lu bad=%lu\n", rounds, bad);
	printf("hostile race-desc: outcomes ok=%lu ioerr=%lu needs-reset=%lu (vary from run to run)\n",
	       count[OC_OK], count[OC_IOERR], count[OC_NEEDS_RESET]);
	CHECK(bad == 0);
}

void hostile_checks(unsigned long hartid)
{
	enum outcome oc;

	if (!guest_ram_size)
		guest_abort("no memory node in the device tree");
	ram_end = guest_ram_base + guest_ram_size;
	watched[0].what = "guard page below the buffers";
	watched[0].at = arena.guard_lo;
	watched[0].seed = GUARD_SEED;
	watched[1].what = "guard page above the buffers";
	watched[1].at = arena.guard_hi;
	watched[1].seed = GUARD_SEED;
	watched[2].what = "canary page at the end of RAM";
	watched[2].at = (u8 *)(ram_end - PAGE);
	watched[2].seed = CANARY_SEED;
	watched[3].what = "canary page in the middle of RAM";
	watched[3].at = (u8 *)((guest_ram_base + guest_ram_size / 2) & ~(PAGE - 1));
	watched[3].seed = CANARY_SEED;
	for (unsigned int i = 0; i < ARRAY_SIZE(watched); i++)
		watch_fill(i);

	fill_pattern(arena.wbuf, H_SECTOR, 8 * SECTOR, H_SEED);
	oc = write_known();
	printf("hostile requests: the known sectors written: %s\n", outcome_name(oc));
	if (oc != OC_OK)
		guest_abort("hostile requests need a writable disk");

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++)
		run_case(&cases[i]);
	race(hartid);
}
