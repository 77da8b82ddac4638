// SPDX-License-Identifier: GPL-2.0
/*
 * dtb: walk the flattened device tree at a1 with a reader of its own (header,
 * structure block, strings) and print what QEMU virt's tree (natively, after
 * OpenSBI's fixups) and SVPN's generated one must agree on: the header, the
 * root, /cpus and each cpu, the memory node's base, /chosen/stdout-path, the
 * UART, PLIC, CLINT and test devices with their interrupt wiring (phandles
 * resolved to paths), and the syscon poweroff/reboot nodes.
 *
 * Not compared, as they legitimately differ: the RAM size (QEMU -m against the
 * guest's own), riscv,isa beyond "rv64" (SVPN lists only what the guest
 * gets), the exact mmu-type (SVPN offers Sv39, QEMU 7.2 says sv48), node
 * order, phandle values, and nodes only one side has (OpenSBI's
 * reserved-memory, QEMU's virtio, PCI, RTC, flash, fw-cfg; SVPN's aliases).
 */
#include "guest.h"

const char guest_name[] = GUEST_NAME;

#define FDT_MAGIC      0xd00dfeedU
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE   2
#define FDT_PROP       3
#define FDT_NOP	       4
#define FDT_END	       9
#define MAX_DEPTH      16
#define PATH_MAX       256

static const u8 *fdt;
static u32 fdt_size, off_struct, size_struct, off_strings, size_strings;

static u32 be32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

static u64 be64(const void *p)
{
	return (u64)be32(p) << 32 | be32((const u8 *)p + 4);
}

static unsigned long str_len(const char *s)
{
	unsigned long n = 0;

	while (s[n])
		n++;
	return n;
}

static int str_eq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static int str_prefix(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return 0;
	return 1;
}

/* Length of a NUL-terminated string starting at struct offset off, or -1. */
static long struct_str(u32 off)
{
	for (u32 i = off; i < size_struct; i++)
		if (!fdt[off_struct + i])
			return i - off;
	return -1;
}

/*
 * One walk of the structure block. For each node (name == 0) and each of its
 * properties, visit(path, prop_name, value, len, arg) is called; a non-zero
 * return stops the walk with that value. Returns -1 if the block is malformed.
 */
typedef long (*visit_fn)(const char *path, const char *prop, const u8 *val, u32 len, void *arg);

static long walk(visit_fn visit, void *arg)
{
	char path[PATH_MAX];
	unsigned long plen[MAX_DEPTH];
	int depth = 0;
	u32 off = 0;
	long r;

	path[0] = 0;
	for (;;) {
		u32 tok;

		if (off + 4 > size_struct)
			return -1;
		tok = be32(fdt + off_struct + off);
		off += 4;
		switch (tok) {
		case FDT_BEGIN_NODE: {
			long n = struct_str(off);
			const char *name = (const char *)fdt + off_struct + off;
			unsigned long l;

			if (n < 0 || depth >= MAX_DEPTH)
				return -1;
			l = str_len(path);
			plen[depth++] = l;
			if (depth == 1) {
				if (n != 0)
					return -1; /* the root's name is empty */
				path[0] = '/';
				path[1] = 0;
			} else {
				if (l + 1 + n + 1 > PATH_MAX)
					return -1;
				if (l > 1)
					path[l++] = '/';
				memcpy(path + l, name, n + 1);
			}
			off = (off + n + 1 + 3) & ~3u;
			r = visit(path, 0, 0, 0, arg);
			if (r)
				return r;
			break;
		}
		case FDT_END_NODE:
			if (depth == 0)
				return -1;
			path[plen[--depth]] = 0;
			break;
		case FDT_PROP: {
			u32 len, nameoff;
			const char *name;

			if (off + 8 > size_struct || depth == 0)
				return -1;
			len = be32(fdt + off_struct + off);
			nameoff = be32(fdt + off_struct + off + 4);
			off += 8;
			if (len > size_struct - off || nameoff >= size_strings)
				return -1;
			name = (const char *)fdt + off_strings + nameoff;
			for (u32 i = nameoff;; i++) {
				if (i >= size_strings)
					return -1;
				if (!fdt[off_strings + i])
					break;
			}
			r = visit(path, name, fdt + off_struct + off, len, arg);
			if (r)
				return r;
			off = (off + len + 3) & ~3u;
			break;
		}
		case FDT_NOP:
			break;
		case FDT_END:
			return depth == 0 ? 0 : -1;
		default:
			return -1;
		}
	}
}

/* ---- lookups ---- */
struct find {
	const char *path, *prop;
	const u8 *val;
	u32 len;
	int found;
};

static long find_visit(const char *path, const char *prop, const u8 *val, u32 len, void *arg)
{
	struct find *f = arg;

	if (!str_eq(path, f->path))
		return 0;
	if (!f->prop && !prop) {
		f->found = 1;
		return 1;
	}
	if (f->prop && prop && str_eq(prop, f->prop)) {
		f->found = 1;
		f->val = val;
		f->len = len;
		return 1;
	}
	return 0;
}

static int node_exists(const char *path)
{
	struct find f = { .path = path };

	walk(find_visit, &f);
	return f.found;
}

/* The property's value (len in *len), or 0 if absent. */
static const u8 *get_prop(const char *path, const char *prop, u32 *len)
{
	struct find f = { .path = path, .prop = prop };

	walk(find_visit, &f);
	if (len)
		*len = f.len;
	return f.found ? f.val : 0;
}

static int has_prop(const char *path, const char *prop)
{
	struct find f = { .path = path, .prop = prop };

	walk(find_visit, &f);
	return f.found;
}

/* A u32 property, or def. */
static u32 get_u32(const char *path, const char *prop, u32 def)
{
	u32 len;
	const u8 *v = get_prop(path, prop, &len);

	return v && len == 4 ? be32(v) : def;
}

/* A string property (its first string), or "(none)". */
static const char *get_str(const char *path, const char *prop)
{
	u32 len;
	const u8 *v = get_prop(path, prop, &len);

	return v && len && !v[len - 1] ? (const char *)v : "(none)";
}

/* Whether a string-list property holds s. */
static int list_has(const char *path, const char *prop, const char *s)
{
	u32 len, i = 0;
	const u8 *v = get_prop(path, prop, &len);

	if (!v || !len || v[len - 1])
		return 0;
	while (i < len) {
		const char *e = (const char *)v + i;

		if (str_eq(e, s))
			return 1;
		i += str_len(e) + 1;
	}
	return 0;
}

/* Print a string list as "a b c". */
static void print_list(const char *path, const char *prop)
{
	u32 len, i = 0;
	const u8 *v = get_prop(path, prop, &len);

	if (!v || !len || v[len - 1]) {
		printf("(none)");
		return;
	}
	while (i < len) {
		const char *e = (const char *)v + i;

		printf("%s%s", i ? " " : "", e);
		i += str_len(e) + 1;
	}
}

struct by_phandle {
	u32 phandle;
	char path[PATH_MAX];
};

static long phandle_visit(const char *path, const char *prop, const u8 *val, u32 len, void *arg)
{
	struct by_phandle *b = arg;

	if (prop && (str_eq(prop, "phandle") || str_eq(prop, "linux,phandle")) && len == 4 &&
	    be32(val) == b->phandle) {
		memcpy(b->path, path, str_len(path) + 1);
		return 1;
	}
	return 0;
}

static struct by_phandle ph;

/* The path of the node with that phandle (a static buffer), or "(unresolved)". */
static const char *phandle_path(u32 phandle)
{
	ph.phandle = phandle;
	ph.path[0] = 0;
	if (walk(phandle_visit, &ph) != 1)
		return "(unresolved)";
	return ph.path;
}

/* Children of a node whose property prop holds value (e.g. device_type = "cpu"). */
struct children {
	const char *parent, *prop, *value;
	unsigned count;
	char paths[8][PATH_MAX];
};

static long child_visit(const char *path, const char *prop, const u8 *val, u32 len, void *arg)
{
	struct children *c = arg;
	unsigned long pl = str_len(c->parent);
	const char *rest;

	if (!prop || !str_eq(prop, c->prop) || !len || val[len - 1])
		return 0;
	if (!str_prefix(path, c->parent))
		return 0;
	rest = path + pl;
	if (pl > 1) {
		if (*rest != '/')
			return 0;
		rest++;
	}
	for (const char *p = rest; *p; p++)
		if (*p == '/')
			return 0; /* a grandchild */
	if (!*rest || !str_eq((const char *)val, c->value))
		return 0;
	if (c->count < ARRAY_SIZE(c->paths))
		memcpy(c->paths[c->count], path, str_len(path) + 1);
	c->count++;
	return 0;
}

/* Every node (any depth) with prop holding value in its string list. */
static long compat_visit(const char *path, const char *prop, const u8 *val, u32 len, void *arg)
{
	struct children *c = arg;
	u32 i = 0;

	if (!prop || !str_eq(prop, c->prop) || !len || val[len - 1])
		return 0;
	while (i < len) {
		if (str_eq((const char *)val + i, c->value)) {
			if (c->count < ARRAY_SIZE(c->paths))
				memcpy(c->paths[c->count], path, str_len(path) + 1);
			c->count++;
			return 0;
		}
		i += str_len((const char *)val + i) + 1;
	}
	return 0;
}

static struct children kids;

/* ---- what is printed ---- */
static int header(unsigned long a1)
{
	u32 magic, version, last_comp, rsvmap;

	fdt = (const u8 *)a1;
	printf("a1 set and 8-byte aligned: %s\n", yesno(a1 && !(a1 & 7)));
	CHECK(a1 && !(a1 & 3));
	if (!a1 || (a1 & 3))
		return 0;
	magic = be32(fdt);
	fdt_size = be32(fdt + 4);
	off_struct = be32(fdt + 8);
	off_strings = be32(fdt + 12);
	rsvmap = be32(fdt + 16);
	version = be32(fdt + 20);
	last_comp = be32(fdt + 24);
	size_strings = be32(fdt + 32);
	size_struct = be32(fdt + 36);
	printf("header: magic %x version %u last_comp_version %u\n", magic, version, last_comp);
	CHECK(magic == FDT_MAGIC && version >= 17 && last_comp <= 16);
	if (magic != FDT_MAGIC || version < 17)
		return 0;
	printf("header: blocks inside totalsize: %s, struct block 4-aligned: %s\n",
	       yesno(off_struct + size_struct <= fdt_size &&
		     off_strings + size_strings <= fdt_size && rsvmap + 16 <= fdt_size &&
		     off_struct >= 40),
	       yesno(!(off_struct & 3) && !(size_struct & 3)));
	return 1;
}

static long count_visit(const char *path, const char *prop, const u8 *val, u32 len, void *arg)
{
	(void)path, (void)prop, (void)val, (void)len, (void)arg;
	return 0;
}

static void root(void)
{
	long r = walk(count_visit, 0);

	printf("structure block well-formed (ends in FDT_END at depth 0): %s\n", yesno(r == 0));
	CHECK(r == 0);
	printf("/: #address-cells %u #size-cells %u, compatible has riscv-virtio: %s\n",
	       get_u32("/", "#address-cells", 0), get_u32("/", "#size-cells", 0),
	       yesno(list_has("/", "compatible", "riscv-virtio")));
}

static void cpus(void)
{
	printf("/cpus: timebase-frequency %u, #address-cells %u #size-cells %u\n",
	       get_u32("/cpus", "timebase-frequency", 0), get_u32("/cpus", "#address-cells", 9),
	       get_u32("/cpus", "#size-cells", 9));
	kids = (struct children){ .parent = "/cpus", .prop = "device_type", .value = "cpu" };
	walk(child_visit, &kids);
	printf("/cpus: cpu nodes %u\n", kids.count);
	CHECK(kids.count >= 1);
	for (unsigned i = 0; i < kids.count && i < ARRAY_SIZE(kids.paths); i++) {
		char intc[PATH_MAX];
		const char *p = kids.paths[i], *mmu = get_str(p, "mmu-type");
		unsigned long l = str_len(p);
		int sv = 0;

		if (str_prefix(mmu, "riscv,sv"))
			for (const char *d = mmu + 8; *d >= '0' && *d <= '9'; d++)
				sv = sv * 10 + (*d - '0');
		printf("%s: reg %u status %s compatible %s riscv,isa rv64: %s\n", p,
		       get_u32(p, "reg", ~0u), get_str(p, "status"), get_str(p, "compatible"),
		       yesno(str_prefix(get_str(p, "riscv,isa"), "rv64")));
		/* the exact mode differs: SVPN's shadow paging offers Sv39, QEMU 7.2 says sv48 */
		printf("%s: mmu-type riscv,svNN with NN >= 39: %s\n", p, yesno(sv >= 39));
		memcpy(intc, p, l);
		memcpy(intc + l, "/interrupt-controller", sizeof("/interrupt-controller"));
		printf("%s: compatible %s, interrupt-controller %s, #interrupt-cells %u\n", intc,
		       get_str(intc, "compatible"), yesno(has_prop(intc, "interrupt-controller")),
		       get_u32(intc, "#interrupt-cells", 0));
	}
}

static void memory(void)
{
	u32 len;
	const u8 *reg;

	kids = (struct children){ .parent = "/", .prop = "device_type", .value = "memory" };
	walk(child_visit, &kids);
	printf("memory nodes %u", kids.count);
	if (!kids.count) {
		printf("\n");
		CHECK(kids.count);
		return;
	}
	reg = get_prop(kids.paths[0], "reg", &len);
	printf(", first %s: reg base %lx, size not zero %s\n", kids.paths[0],
	       reg && len >= 16 ? be64(reg) : 0UL, yesno(reg && len >= 16 && be64(reg + 8)));
	CHECK(reg && len >= 16 && be64(reg) == 0x80000000UL);
}

static void chosen(void)
{
	const char *out = get_str("/chosen", "stdout-path");
	char node[PATH_MAX];
	unsigned long i = 0;

	while (out[i] && out[i] != ':' && i < PATH_MAX - 1) {
		node[i] = out[i];
		i++;
	}
	node[i] = 0;
	printf("/chosen: stdout-path %s, names a ns16550a node: %s\n", out,
	       yesno(list_has(node, "compatible", "ns16550a")));
}

static void print_reg(const char *path)
{
	u32 len;
	const u8 *reg = get_prop(path, "reg", &len);

	if (reg && len == 16)
		printf("reg %lx size %lx", be64(reg), be64(reg + 8));
	else
		printf("reg (len %u)", reg ? len : 0);
}

/* interrupts-extended as (controller path, number) pairs */
static void print_irqs_ext(const char *path)
{
	u32 len;
	const u8 *v = get_prop(path, "interrupts-extended", &len);

	if (!v) {
		printf(" interrupts-extended (none)");
		return;
	}
	printf(" interrupts-extended");
	for (u32 i = 0; i + 8 <= len; i += 8) {
		u32 n = be32(v + i + 4);

		printf(" <%s ", phandle_path(be32(v + i)));
		if (n == 0xffffffff)
			printf("none>");
		else
			printf("%u>", n);
	}
}

static void soc(void)
{
	const char *uart = "/soc/serial@10000000", *plic = "/soc/plic@c000000";
	const char *clint = "/soc/clint@2000000", *test = "/soc/test@100000";

	printf("/soc: compatible %s, ranges %s\n", get_str("/soc", "compatible"),
	       yesno(has_prop("/soc", "ranges")));

	printf("%s: present %s, compatible %s, ", uart, yesno(node_exists(uart)),
	       get_str(uart, "compatible"));
	print_reg(uart);
	printf(", clock-frequency %u\n", get_u32(uart, "clock-frequency", 0));
	printf("%s: interrupts %u, interrupt-parent %s\n", uart, get_u32(uart, "interrupts", 0),
	       phandle_path(get_u32(uart, "interrupt-parent", 0)));

	printf("%s: present %s, compatible ", plic, yesno(node_exists(plic)));
	print_list(plic, "compatible");
	printf(", ");
	print_reg(plic);
	printf("\n%s: interrupt-controller %s, #interrupt-cells %u,", plic,
	       yesno(has_prop(plic, "interrupt-controller")), get_u32(plic, "#interrupt-cells", 0));
	print_irqs_ext(plic);
	printf("\n");
	/* QEMU 7.2 says 96, SVPN 95 (sources 1..95; QEMU accepts no enable bit for 96) */
	printf("%s: riscv,ndev %u\n", plic, get_u32(plic, "riscv,ndev", 0));

	printf("%s: present %s, compatible ", clint, yesno(node_exists(clint)));
	print_list(clint, "compatible");
	printf(", ");
	print_reg(clint);
	printf("\n%s:", clint);
	print_irqs_ext(clint);
	printf("\n");

	printf("%s: present %s, compatible ", test, yesno(node_exists(test)));
	print_list(test, "compatible");
	printf(", ");
	print_reg(test);
	printf("\n");
	CHECK(node_exists(uart) && node_exists(plic) && node_exists(test));
}

static void syscon_action(const char *compatible)
{
	kids = (struct children){ .prop = "compatible", .value = compatible };
	walk(compat_visit, &kids);
	printf("%s nodes: %u", compatible, kids.count);
	for (unsigned i = 0; i < kids.count && i < ARRAY_SIZE(kids.paths); i++) {
		const char *p = kids.paths[i];

		/* phandle_path() reuses its buffer: print before the next lookup */
		printf(", %s: regmap %s", p, phandle_path(get_u32(p, "regmap", 0)));
		printf(" offset %x value %x", get_u32(p, "offset", ~0u), get_u32(p, "value", 0));
		if (get_u32(p, "regmap", 0)) {
			const char *target = phandle_path(get_u32(p, "regmap", 0));

			printf(" (target compatible has sifive,test0 %s, syscon %s)",
			       yesno(list_has(target, "compatible", "sifive,test0")),
			       yesno(list_has(target, "compatible", "syscon")));
		}
	}
	printf("\n");
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	printf("boot hart %lu\n", hartid);
	if (!header(dtb))
		return;
	root();
	cpus();
	memory();
	chosen();
	soc();
	syscon_action("syscon-poweroff");
	syscon_action("syscon-reboot");
	kids = (struct children){ .prop = "compatible", .value = "syscon-poweroff" };
	walk(compat_visit, &kids);
	CHECK(kids.count >= 1);
}
