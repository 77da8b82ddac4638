// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzing lib/platform_fdt.c, SVPN's parser of the host device tree that
 * firmware or QEMU hands it. The input is the blob. As
 * arch/riscv/kernel/setup.c does, only a blob whose header fits and whose
 * totalsize is what was copied reaches platform_parse_fdt(); the copy
 * here is exactly totalsize bytes, so ASan catches any read past it.
 */
#include <hw/sifive_plic.h>
#include <libfdt.h>
#include <stdlib.h>
#include <svpn/platform.h>
#include "fuzz.h"

static void check_result(int ret, const struct platform *p, const char *err)
{
	if (ret) {
		FUZZ_CHECK(ret < 0 && memchr(err, 0, PLATFORM_ERR_LEN) && err[0]);
		return;
	}
	FUZZ_CHECK(p->ram.size && p->timebase_frequency);
	FUZZ_CHECK(p->nr_harts >= 1 && p->nr_harts <= PLATFORM_MAX_HARTS);
	FUZZ_CHECK(p->nr_virtio <= PLATFORM_MAX_VIRTIO);
	for (unsigned int i = 0; i < p->nr_virtio; i++)
		FUZZ_CHECK(p->virtio[i].reg.size >= PLATFORM_VIRTIO_MIN_SIZE &&
			   p->virtio[i].irq <= PLIC_MAX_SOURCE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct platform p;
	char err[PLATFORM_ERR_LEN] = "";
	uint32_t total;
	void *fdt;
	int ret;

	if (size < sizeof(struct fdt_header) || fdt_magic(data) != FDT_MAGIC)
		return 0;
	total = fdt_totalsize(data);
	if (total < sizeof(struct fdt_header) || total > size)
		return 0;
	fdt = malloc(total);
	memcpy(fdt, data, total);
	ret = platform_parse_fdt(fdt, &p, err, sizeof(err));
	check_result(ret, &p, err);
	free(fdt);
	return 0;
}
