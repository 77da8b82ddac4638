/* SPDX-License-Identifier: GPL-2.0 */
/* A guest (virtual machine): its RAM, its vCPUs, its devices. */
#ifndef _SVPN_GUEST_H
#define _SVPN_GUEST_H

#include <asm/memory.h>
#include <asm/spinlock.h>
#include <stdbool.h>
#include <stdint.h>
#include <svpn/gpa_map.h>
#include <svpn/shadow.h>
#include <svpn/vcpu.h>
#include <svpn/vdev.h>

#define GUEST_MAX_VCPUS	    8
#define GUEST_RAM_BASE	    0x80000000UL
#define GUEST_KERNEL_OFFSET 0x200000UL /* Linux boot protocol: RAM + 2 MiB */
#define GUEST_NAME_LEN	    16
#define GUEST_FDT_MAX	    (64 * 1024)
#define GUEST_LINE_MAX	    160

struct guestpkg_guest;
struct guest_vdevs;

struct guest {
	unsigned int id;
	char name[GUEST_NAME_LEN];
	struct gpa_map mem; /* its RAM, as mm/ and the device models see it */
	unsigned int nr_vcpus;
	struct vcpu vcpus[GUEST_MAX_VCPUS];
	uint64_t fdt_gpa;
	uint64_t initrd_gpa, initrd_size;
	struct shadow_domain shadow; /* mm/'s: the Bare view and its vCPUs' shadow quota */
	int exit_code;
	unsigned int exited; /* set once, by the one guest_exit(); its vCPUs then stop */
	int exit_request;    /* set by a device model, acted on after it returns */
	bool exit_requested;
	bool reboot_requested;
	bool hole_warned;	       /* touched SVPN's reserved range (warned once) */
	spinlock_t console_lock;       /* out_line, out_len: written by every vCPU */
	char out_line[GUEST_LINE_MAX]; /* console line being assembled (several guests) */
	unsigned int out_len;
	spinlock_t dev_lock;	   /* the device models, shared by the vCPUs */
	struct vdev_bus mmio;	   /* device models (vmm/mmio.c) */
	struct guest_vdevs *vdevs; /* their state */
};

int guest_create(struct guest *g, unsigned int id, const struct guestpkg_guest *desc,
		 const void *pkg, uint64_t pkg_size);
int guest_build_fdt(struct guest *g, const char *bootargs);
void guest_exit(struct guest *g, int code) __noreturn;
void guest_reboot(struct guest *g) __noreturn;
void guest_print_stats(const struct guest *g);
/* vmm/main.c: the machine's bookkeeping of its guests. */
unsigned int guest_count(void);
void guests_note_exit(struct guest *g, int code);
void guest_console_flush(struct guest *g);
void guest_console_write(struct guest *g, const char *buf, unsigned long len);
int guest_console_getc(struct guest *g);

#endif /* _SVPN_GUEST_H */
