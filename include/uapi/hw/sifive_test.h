/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "sifive,test0" finisher of QEMU's virt machine (QEMU hw/misc/sifive_test.c):
 * a 32-bit store of one of these ends the machine. SVPN's M-mode stub writes
 * them to the real device, drivers/sifive_test.c models the device for guests,
 * and the test guests write them natively and under SVPN (see riscv/const.h).
 */
#ifndef _UAPI_HW_SIFIVE_TEST_H
#define _UAPI_HW_SIFIVE_TEST_H

#define SIFIVE_TEST_FAIL       0x3333 /* | exit code << SIFIVE_TEST_CODE_SHIFT */
#define SIFIVE_TEST_PASS       0x5555 /* exit status 0 */
#define SIFIVE_TEST_RESET      0x7777 /* reboot */
#define SIFIVE_TEST_CODE_SHIFT 16

#endif /* _UAPI_HW_SIFIVE_TEST_H */
