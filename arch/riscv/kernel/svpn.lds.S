/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One ELF, two address spaces: the M-mode stub at the start of RAM, linked
 * and run at its physical address, and SVPN linked in the upper half
 * (PAGE_OFFSET + pa) but loaded right after the stub. QEMU loads segments at
 * their physical (LMA) addresses and starts every hart at _mstub_entry.
 */
#include <asm/memory.h>
#include <asm/page.h>

OUTPUT_ARCH(riscv)
ENTRY(_mstub_entry)

SECTIONS
{
	. = RAM_BASE;
	.mstub : {
		__mstub_start = .;
		KEEP(*(.mstub.text.entry))
		*(.mstub.text .mstub.text.*)
		*(.mstub.rodata .mstub.rodata.* .mstub.srodata .mstub.srodata.*)
		*(.mstub.data .mstub.data.* .mstub.sdata .mstub.sdata.*)
		. = ALIGN(16);
		__mstub_bss_start = .;
		*(.mstub.sbss .mstub.sbss.* .mstub.bss .mstub.bss.*)
		. = ALIGN(16);
		__mstub_bss_end = .;
	}
	ASSERT(__mstub_bss_end <= RAM_BASE + MSTUB_SIZE,
	       "M-mode stub larger than CONFIG_MSTUB_SIZE_KB")

	_svpn_load_pa = SVPN_LOAD_PA;
	. = PAGE_OFFSET + SVPN_LOAD_PA;
	__svpn_start = .;

	.text : AT(ADDR(.text) - PAGE_OFFSET) {
		KEEP(*(.text.head))
		*(.text .text.*)
	}
	. = ALIGN(PAGE_SIZE);
	.rodata : AT(ADDR(.rodata) - PAGE_OFFSET) {
		*(.rodata .rodata.* .srodata .srodata.*)
	}
	. = ALIGN(PAGE_SIZE);
	.data : AT(ADDR(.data) - PAGE_OFFSET) {
		*(.data .data.* .sdata .sdata.*)
	}
	. = ALIGN(PAGE_SIZE);
	.bss (NOLOAD) : AT(ADDR(.bss) - PAGE_OFFSET) {
		__bss_start = .;
		*(.sbss .sbss.* .bss .bss.* COMMON)
		. = ALIGN(PAGE_SIZE);
		__bss_end = .;
	}
	__svpn_end = .;

	/DISCARD/ : { *(.eh_frame*) *(.note*) *(.comment) *(.riscv.attributes) }
}
