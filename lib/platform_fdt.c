// SPDX-License-Identifier: GPL-2.0
/*
 * Host device tree parsing with libfdt. Pure C, no SVPN runtime: the same
 * file runs inside SVPN and in the host unit tests.
 */
#include <hw/sifive_plic.h>
#include <libfdt.h>
#include <riscv/csr.h>
#include <stdio.h>
#include <string.h>
#include <svpn/platform.h>

static const char *const uart_compat[] = { "ns16550a", "ns16550" };
static const char *const plic_compat[] = { "sifive,plic-1.0.0", "riscv,plic0" };
static const char *const clint_compat[] = { "sifive,clint0", "riscv,clint0" };
static const char *const reset_compat[] = { "sifive,test0", "sifive,test1" };

static int fail(char *err, size_t len, int code, const char *what)
{
	if (code > -1000)
		snprintf(err, len, "%s: %s", what, fdt_strerror(code));
	else
		snprintf(err, len, "%s", what);
	return code;
}

static uint64_t read_cells(const fdt32_t *cells, int n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = (v << 32) | fdt32_to_cpu(*cells++);
	return v;
}

/* The idx-th (address, size) pair of a node's "reg", in its @parent's cells. */
static int read_reg_in(const void *fdt, int parent, int node, int idx, struct platform_region *r)
{
	int ac, sc, len;
	const fdt32_t *reg;

	if (parent < 0)
		return parent;
	ac = fdt_address_cells(fdt, parent);
	sc = fdt_size_cells(fdt, parent);
	if (ac < 0 || sc < 0)
		return ac < 0 ? ac : sc;
	if (ac < 1 || ac > 2 || sc > 2)
		return PLATFORM_EBADREG;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg)
		return len;
	if (len < (idx + 1) * (ac + sc) * 4)
		return PLATFORM_EBADREG;
	reg += idx * (ac + sc);
	r->base = read_cells(reg, ac);
	r->size = read_cells(reg + ac, sc);
	return 0;
}

/* libfdt finds a parent by walking from the root: for one node that is fine. */
static int read_reg(const void *fdt, int node, int idx, struct platform_region *r)
{
	return read_reg_in(fdt, fdt_parent_offset(fdt, node), node, idx, r);
}

/*
 * A walk over every node that knows each node's ancestors (the offset at
 * each depth on the way down), for the scans that need the parents of many
 * nodes: with fdt_parent_offset() each would walk from the root again, and
 * a QEMU virt tree's eight virtio nodes cost SVPN's boot 2.5M instructions.
 */
#define WALK_MAX_DEPTH 16

struct fdt_walk {
	int node, depth;
	int path[WALK_MAX_DEPTH]; /* path[d]: the node's ancestor at depth d */
};

static void walk_start(struct fdt_walk *w)
{
	w->node = 0;
	w->depth = 0;
	w->path[0] = 0;
}

static bool walk_next(const void *fdt, struct fdt_walk *w)
{
	w->node = fdt_next_node(fdt, w->node, &w->depth);
	if (w->node < 0 || w->depth <= 0)
		return false;
	if (w->depth < WALK_MAX_DEPTH)
		w->path[w->depth] = w->node;
	return true;
}

/* The node's ancestor @up levels up (1: its parent), or a libfdt error. */
static int walk_ancestor(const void *fdt, const struct fdt_walk *w, int up)
{
	int d = w->depth - up;

	if (d < 0)
		return -FDT_ERR_NOTFOUND;
	if (w->depth >= WALK_MAX_DEPTH) /* deeper than kept: ask libfdt */
		return fdt_supernode_atdepth_offset(fdt, w->node, d, NULL);
	return w->path[d];
}

static uint32_t prop_u32(const void *fdt, int node, const char *name, uint32_t dflt)
{
	int len;
	const fdt32_t *v = fdt_getprop(fdt, node, name, &len);

	return v && len >= 4 ? fdt32_to_cpu(*v) : dflt;
}

static int node_is_okay(const void *fdt, int node)
{
	const char *status = fdt_getprop(fdt, node, "status", NULL);

	return !status || !strcmp(status, "okay") || !strcmp(status, "ok");
}

static int find_compatible(const void *fdt, const char *const *compat, int n)
{
	int i, node;

	for (i = 0; i < n; i++) {
		for (node = fdt_node_offset_by_compatible(fdt, -1, compat[i]); node >= 0;
		     node = fdt_node_offset_by_compatible(fdt, node, compat[i]))
			if (node_is_okay(fdt, node))
				return node;
	}
	return -FDT_ERR_NOTFOUND;
}

static int parse_memory(const void *fdt, struct platform *p, char *err, size_t len)
{
	int node;

	fdt_for_each_subnode(node, fdt, 0) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);

		if (!type || strcmp(type, "memory") || !node_is_okay(fdt, node))
			continue;
		if (read_reg(fdt, node, 0, &p->ram) == 0 && p->ram.size)
			return 0;
	}
	return fail(err, len, PLATFORM_ENOMEM, "no memory node with a usable 'reg'");
}

/* riscv,isa, if it is a terminated string that fits; else "" (the guest then gets the base set). */
static void read_isa(const void *fdt, int node, struct platform *p)
{
	int len;
	const char *isa = fdt_getprop(fdt, node, "riscv,isa", &len);

	p->isa[0] = 0;
	if (isa && len > 0 && len <= (int)sizeof(p->isa) && !isa[len - 1])
		memcpy(p->isa, isa, len);
}

static int parse_cpus(const void *fdt, struct platform *p, char *err, size_t len)
{
	int cpus = fdt_path_offset(fdt, "/cpus");
	int node;

	if (cpus < 0)
		return fail(err, len, PLATFORM_ENOCPU, "no /cpus node");
	p->timebase_frequency = prop_u32(fdt, cpus, "timebase-frequency", 0);
	if (!p->timebase_frequency)
		return fail(err, len, PLATFORM_ENOTIMEBASE, "/cpus has no timebase-frequency");
	fdt_for_each_subnode(node, fdt, cpus) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		struct platform_region reg;

		if (!type || strcmp(type, "cpu") || !node_is_okay(fdt, node))
			continue;
		if (read_reg(fdt, node, 0, &reg) < 0 || p->nr_harts == PLATFORM_MAX_HARTS)
			continue;
		if (!p->nr_harts)
			read_isa(fdt, node, p);
		p->hartids[p->nr_harts++] = (uint32_t)reg.base;
	}
	if (!p->nr_harts)
		return fail(err, len, PLATFORM_ENOCPU, "no usable cpu node under /cpus");
	return 0;
}

/* The console UART: /chosen/stdout-path when it names a 16550, else the first one. */
static int find_uart(const void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	const char *path = chosen >= 0 ? fdt_getprop(fdt, chosen, "stdout-path", NULL) : NULL;

	if (path) {
		const char *colon = strchr(path, ':');
		int node = fdt_path_offset_namelen(fdt, path,
						   colon ? (int)(colon - path) : (int)strlen(path));
		unsigned int i;

		/* A disabled UART is no console, even when stdout-path names it. */
		if (node >= 0 && !node_is_okay(fdt, node))
			node = -FDT_ERR_NOTFOUND;
		for (i = 0; node >= 0 && i < sizeof(uart_compat) / sizeof(uart_compat[0]); i++)
			if (fdt_node_check_compatible(fdt, node, uart_compat[i]) == 0)
				return node;
	}
	return find_compatible(fdt, uart_compat, 2);
}

/*
 * The console driver reaches registers 0..7 at (reg << reg-shift), each
 * reg-io-width bytes wide: all of them must lie inside the node's 'reg'.
 */
#define UART_MAX_REG_SHIFT 3
#define UART_LAST_REG	   7

static int check_uart_layout(const struct platform_uart *u, char *err, size_t len)
{
	if (u->reg_shift > UART_MAX_REG_SHIFT || (u->reg_io_width != 1 && u->reg_io_width != 4)) {
		snprintf(err, len,
			 "UART node: reg-shift %u / reg-io-width %u not supported (reg-shift 0 "
			 "to %d, reg-io-width 1 or 4)",
			 u->reg_shift, u->reg_io_width, UART_MAX_REG_SHIFT);
		return PLATFORM_EBADREG;
	}
	if (((uint64_t)UART_LAST_REG << u->reg_shift) + u->reg_io_width > u->reg.size) {
		snprintf(
			err, len,
			"UART node: its registers (reg-shift %u) do not fit its 'reg' (%#llx bytes)",
			u->reg_shift, (unsigned long long)u->reg.size);
		return PLATFORM_EBADREG;
	}
	return 0;
}

static int parse_uart(const void *fdt, struct platform *p, char *err, size_t len)
{
	int node = find_uart(fdt);
	int ret;

	if (node < 0)
		return fail(
			err, len, PLATFORM_ENOUART,
			"no ns16550a UART in the host device tree (SVPN needs one for its console)");
	ret = read_reg(fdt, node, 0, &p->uart.reg);
	if (ret < 0)
		return fail(err, len, ret, "UART node has no usable 'reg'");
	p->uart.reg_shift = prop_u32(fdt, node, "reg-shift", 0);
	p->uart.reg_io_width = prop_u32(fdt, node, "reg-io-width", 1);
	p->uart.irq = prop_u32(fdt, node, "interrupts", 0);
	p->uart.clock_frequency = prop_u32(fdt, node, "clock-frequency", 0);
	return check_uart_layout(&p->uart, err, len);
}

static void set_s_context(struct platform *p, uint64_t hartid, uint32_t ctx)
{
	unsigned int i;

	for (i = 0; i < p->nr_harts; i++)
		if (p->hartids[i] == hartid && p->plic_s_context[i] == PLATFORM_NO_CONTEXT)
			p->plic_s_context[i] = ctx;
}

/*
 * The PLIC's interrupts-extended has one (controller phandle, specifier)
 * entry per context, in context order; an entry naming a hart's
 * riscv,cpu-intc with the S external interrupt is that hart's S-mode
 * context. Each controller's #interrupt-cells gives its specifier's length:
 * an entry that cannot be read ends the walk, keeping what was found.
 */
#define MAX_INTERRUPT_CELLS 4

/* A hart's interrupt controller: its phandle, and the hart's id (its cpu node's reg). */
struct cpu_intc {
	uint32_t phandle;
	uint64_t hartid;
};

/* Every riscv,cpu-intc under a cpu node with a usable reg, in one walk; returns how many. */
static unsigned int find_cpu_intcs(const void *fdt, struct cpu_intc *intcs, unsigned int max)
{
	struct fdt_walk w;
	unsigned int n = 0;

	for (walk_start(&w); walk_next(fdt, &w) && n < max;) {
		struct platform_region hart;
		uint32_t phandle = fdt_get_phandle(fdt, w.node);

		if (!phandle || fdt_node_check_compatible(fdt, w.node, "riscv,cpu-intc") ||
		    read_reg_in(fdt, walk_ancestor(fdt, &w, 2), walk_ancestor(fdt, &w, 1), 0,
				&hart) < 0)
			continue;
		intcs[n++] = (struct cpu_intc){ phandle, hart.base };
	}
	return n;
}

static void parse_plic_contexts(const void *fdt, int plic, struct platform *p)
{
	struct cpu_intc intcs[PLATFORM_MAX_HARTS];
	unsigned int nr_intcs = find_cpu_intcs(fdt, intcs, PLATFORM_MAX_HARTS), k;
	int len, i = 0;
	const fdt32_t *cells = fdt_getprop(fdt, plic, "interrupts-extended", &len);
	uint32_t ctx;

	for (ctx = 0; cells && i < len / 4; ctx++) {
		uint32_t phandle = fdt32_to_cpu(cells[i]);
		int intc = fdt_node_offset_by_phandle(fdt, phandle);
		uint32_t n = intc >= 0 ? prop_u32(fdt, intc, "#interrupt-cells", -1U) : -1U;

		if (n > MAX_INTERRUPT_CELLS || i + 1 + (int)n > len / 4)
			return;
		for (k = 0; n == 1 && fdt32_to_cpu(cells[i + 1]) == IRQ_S_EXT && k < nr_intcs; k++)
			if (intcs[k].phandle == phandle)
				set_s_context(p, intcs[k].hartid, ctx);
		i += 1 + n;
	}
}

/* The phandle of the walk's node's interrupt parent (its own or an ancestor's); 0 if none. */
static uint32_t interrupt_parent(const void *fdt, const struct fdt_walk *w)
{
	int up, node;

	for (up = 0; (node = walk_ancestor(fdt, w, up)) >= 0; up++) {
		int len;
		const fdt32_t *v = fdt_getprop(fdt, node, "interrupt-parent", &len);

		if (v && len == 4)
			return fdt32_to_cpu(*v);
	}
	return 0;
}

/*
 * Every enabled virtio,mmio node, in device-tree order. One whose 'reg'
 * cannot hold the transport's registers is counted as skipped; one whose
 * interrupt is not a source of the host PLIC is kept with irq 0, so that
 * the driver can say so if a device sits behind it.
 */
static void parse_virtio(const void *fdt, int plic, struct platform *p)
{
	uint32_t plic_phandle = plic >= 0 ? fdt_get_phandle(fdt, plic) : 0;
	uint32_t max_irq = p->plic_ndev && p->plic_ndev < PLIC_MAX_SOURCE ? p->plic_ndev :
									    PLIC_MAX_SOURCE;
	struct fdt_walk w;

	for (walk_start(&w); walk_next(fdt, &w);) {
		struct platform_virtio v = { 0 };
		int node = w.node;

		if (fdt_node_check_compatible(fdt, node, "virtio,mmio") || !node_is_okay(fdt, node))
			continue;
		if (p->nr_virtio == PLATFORM_MAX_VIRTIO ||
		    read_reg_in(fdt, walk_ancestor(fdt, &w, 1), node, 0, &v.reg) < 0 ||
		    v.reg.size < PLATFORM_VIRTIO_MIN_SIZE) {
			p->nr_virtio_skipped++;
			continue;
		}
		if (plic_phandle && interrupt_parent(fdt, &w) == plic_phandle) {
			v.irq = prop_u32(fdt, node, "interrupts", 0);
			if (v.irq > max_irq)
				v.irq = 0;
		}
		p->virtio[p->nr_virtio++] = v;
	}
}

static void parse_optional(const void *fdt, struct platform *p)
{
	int node, chosen, plic;
	unsigned int i;

	for (i = 0; i < PLATFORM_MAX_HARTS; i++)
		p->plic_s_context[i] = PLATFORM_NO_CONTEXT;
	plic = find_compatible(fdt, plic_compat, 2);
	if (plic >= 0 && read_reg(fdt, plic, 0, &p->plic) == 0) {
		p->plic_ndev = prop_u32(fdt, plic, "riscv,ndev", 0);
		parse_plic_contexts(fdt, plic, p);
	} else {
		plic = -FDT_ERR_NOTFOUND;
	}
	parse_virtio(fdt, plic, p);
	node = find_compatible(fdt, clint_compat, 2);
	if (node >= 0)
		read_reg(fdt, node, 0, &p->clint);
	node = find_compatible(fdt, reset_compat, 2);
	if (node >= 0)
		read_reg(fdt, node, 0, &p->reset);

	chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen >= 0) {
		int l1, l2;
		const fdt32_t *s = fdt_getprop(fdt, chosen, "linux,initrd-start", &l1);
		const fdt32_t *e = fdt_getprop(fdt, chosen, "linux,initrd-end", &l2);

		if (s && e && (l1 == 4 || l1 == 8) && (l2 == 4 || l2 == 8)) {
			p->initrd_start = read_cells(s, l1 / 4);
			p->initrd_end = read_cells(e, l2 / 4);
		}
	}
}

/*
 * libfdt's fdt_next_tag() (dtc 1.6.1, as Linux 6.1 ships it) adds a
 * property's length to an int offset unchecked: a length near 4 GiB wraps
 * the next offset back onto the same tag, and every later walk of the tree
 * spins forever. One pass over the structure block that demands progress
 * at each tag turns such a blob into an error.
 */
static int check_tags_advance(const void *fdt)
{
	int offset = 0, next;
	uint32_t tag;

	do {
		tag = fdt_next_tag(fdt, offset, &next);
		if (next < 0)
			return next;
		if (next <= offset)
			return -FDT_ERR_BADSTRUCTURE;
		offset = next;
	} while (tag != FDT_END);
	return 0;
}

int platform_parse_fdt(const void *fdt, struct platform *p, char *err, size_t errlen)
{
	int ret;

	memset(p, 0, sizeof(*p));
	ret = fdt_check_header(fdt);
	if (!ret)
		ret = check_tags_advance(fdt);
	if (ret < 0)
		return fail(err, errlen, ret, "host device tree header");
	ret = parse_memory(fdt, p, err, errlen);
	if (!ret)
		ret = parse_cpus(fdt, p, err, errlen);
	if (!ret)
		ret = parse_uart(fdt, p, err, errlen);
	if (ret)
		return ret;
	parse_optional(fdt, p);
	return 0;
}
