/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host machine as its device tree describes it. Parsed once at boot by
 * platform_parse_fdt(), which has no RISC-V dependency so that host unit
 * tests run it against fixture device trees.
 */
#ifndef _SVPN_PLATFORM_H
#define _SVPN_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#define PLATFORM_MAX_HARTS	 32
#define PLATFORM_ERR_LEN	 160
#define PLATFORM_MAX_VIRTIO	 8 /* QEMU virt has eight virtio-mmio transports */
#define PLATFORM_NO_CONTEXT	 0xffffffffU
#define PLATFORM_VIRTIO_MIN_SIZE 0x100 /* the virtio-mmio registers before the config space */
#define PLATFORM_ISA_LEN	 256

struct platform_region {
	uint64_t base;
	uint64_t size;
};

struct platform_uart {
	struct platform_region reg;
	uint32_t reg_shift;
	uint32_t reg_io_width;
	uint32_t irq;
	uint32_t clock_frequency;
};

/* A virtio,mmio node: its window and its PLIC source (0: none usable). */
struct platform_virtio {
	struct platform_region reg;
	uint32_t irq;
};

struct platform {
	struct platform_region ram; /* the first memory node */
	uint32_t timebase_frequency;
	unsigned int nr_harts;
	uint32_t hartids[PLATFORM_MAX_HARTS];
	char isa[PLATFORM_ISA_LEN]; /* the first usable hart's riscv,isa; "" when absent */
	struct platform_uart uart;
	struct platform_region plic;
	uint32_t plic_ndev;
	/* The PLIC context of hartids[i]'s S-mode external interrupt, or PLATFORM_NO_CONTEXT. */
	uint32_t plic_s_context[PLATFORM_MAX_HARTS];
	struct platform_region clint;
	struct platform_region reset; /* sifive,test0; size 0 when absent */
	uint64_t initrd_start;	      /* /chosen linux,initrd-*; 0 when absent */
	uint64_t initrd_end;
	/* virtio,mmio nodes in device-tree order (QEMU: the first -device first). */
	unsigned int nr_virtio;
	struct platform_virtio virtio[PLATFORM_MAX_VIRTIO];
	unsigned int nr_virtio_skipped; /* without a usable 'reg', or beyond the array */
};

/*
 * Fill @p from the flattened device tree @fdt. Returns 0, or a negative libfdt
 * or PLATFORM_E* code with a one-line reason in @err.
 */
int platform_parse_fdt(const void *fdt, struct platform *p, char *err, size_t errlen);

#define PLATFORM_ENOMEM	     (-1000) /* no usable memory node */
#define PLATFORM_ENOCPU	     (-1001) /* no usable cpu node */
#define PLATFORM_ENOTIMEBASE (-1002)
#define PLATFORM_ENOUART     (-1003)
#define PLATFORM_EBADREG     (-1004)

#endif /* _SVPN_PLATFORM_H */
