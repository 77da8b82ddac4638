/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory barriers for memory a device reads or writes (DMA) and for its
 * registers: Linux's mb()/rmb()/wmb() on RISC-V, which order I/O as well as
 * memory accesses. The host unit tests build the code that uses them with
 * the host compiler, against a simulated device in the same process: there
 * a full compiler and CPU fence stands for all three.
 */
#ifndef _ASM_RISCV_BARRIER_H
#define _ASM_RISCV_BARRIER_H

#ifdef __riscv
#define mb()  __asm__ __volatile__("fence iorw, iorw" ::: "memory")
#define rmb() __asm__ __volatile__("fence ir, ir" ::: "memory")
#define wmb() __asm__ __volatile__("fence ow, ow" ::: "memory")
#else
#define mb()  __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define rmb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define wmb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#endif

#endif /* _ASM_RISCV_BARRIER_H */
