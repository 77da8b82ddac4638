// SPDX-License-Identifier: GPL-2.0
/*
 * tbprof: a QEMU TCG plugin (QEMU 7.2, plugin API version 1) that counts
 * executed guest instructions per translation block, for profile.py to turn
 * into instructions per function. It adds no guest instructions, so with
 * -icount the guest's timings are unchanged.
 *
 *   qemu-system-riscv64 ... -plugin <builddir>/tbprof.so,out=FILE
 *
 * At exit FILE holds one line per block: "<start vaddr hex> <insns> <executions>".
 * A block left early by a trap is counted whole: the counts are exact for
 * straight-line code and slightly high around trapping instructions.
 *
 * Debian ships QEMU with plugin support but without qemu-plugin.h: the few
 * declarations used are repeated here, as the API (version 1) defines them.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
typedef struct qemu_info_t {
	const char *target_name;
	struct {
		int min;
		int cur;
	} version;
	bool system_emulation;
	union {
		struct {
			int smp_vcpus;
			int max_vcpus;
		} system;
	};
} qemu_info_t;
struct qemu_plugin_tb;
enum qemu_plugin_op {
	QEMU_PLUGIN_INLINE_ADD_U64
};
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, enum qemu_plugin_op op,
					      void *ptr, uint64_t imm);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata);

#define EXPORT __attribute__((visibility("default")))
EXPORT int qemu_plugin_version = 1;

/* One counter per (start address, length): blocks are retranslated often. */
struct block {
	uint64_t vaddr, insns, count;
};

#define HASH_BITS 22
static struct block **table;
static const char *out_path = "tbprof.out";

static struct block *lookup(uint64_t vaddr, uint64_t insns)
{
	uint64_t key = vaddr * 64 + insns;
	size_t h = (key * 0x9E3779B97F4A7C15ULL) >> (64 - HASH_BITS);

	for (;; h = (h + 1) & ((1UL << HASH_BITS) - 1)) {
		struct block *b = table[h];

		if (!b) {
			b = calloc(1, sizeof(*b));
			if (!b)
				abort();
			b->vaddr = vaddr;
			b->insns = insns;
			table[h] = b;
			return b;
		}
		if (b->vaddr == vaddr && b->insns == insns)
			return b;
	}
}

static void translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	struct block *b = lookup(qemu_plugin_tb_vaddr(tb), qemu_plugin_tb_n_insns(tb));

	(void)id;
	qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &b->count, 1);
}

static void at_exit(qemu_plugin_id_t id, void *unused)
{
	FILE *f = fopen(out_path, "w");
	size_t i;

	(void)id;
	(void)unused;
	if (!f) {
		perror(out_path);
		return;
	}
	for (i = 0; i < (1UL << HASH_BITS); i++)
		if (table[i] && table[i]->count)
			fprintf(f, "%llx %llu %llu\n", (unsigned long long)table[i]->vaddr,
				(unsigned long long)table[i]->insns,
				(unsigned long long)table[i]->count);
	fclose(f);
}

EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv)
{
	int i;

	(void)info;
	for (i = 0; i < argc; i++)
		if (!strncmp(argv[i], "out=", 4))
			out_path = argv[i] + 4;
	table = calloc(1UL << HASH_BITS, sizeof(*table));
	if (!table)
		return -1;
	qemu_plugin_register_vcpu_tb_trans_cb(id, translate);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
