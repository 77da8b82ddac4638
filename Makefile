# SPDX-License-Identifier: GPL-2.0
#
# SVPN top-level Makefile, kbuild style:
#   make <board>_defconfig | defconfig | menuconfig | olddefconfig | savedefconfig
#   make [O=<dir>] [V=1]        build <objtree>/svpn.elf
#   make run | debug | test | bench | deps | clean | distclean | help
#
SVPN_VERSION := 0.1.0

MAKEFLAGS += -rR --no-print-directory
.SUFFIXES:
.DEFAULT_GOAL := all
.DELETE_ON_ERROR:

srctree := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
objtree := $(if $(O),$(abspath $(O)),$(srctree))
export srctree objtree SVPN_VERSION

# V=1 prints whole command lines; otherwise one short line per step.
ifeq ($(V),1)
Q :=
cmd = $(cmd_$(1))
else
Q := @
cmd = @printf '  %-8s %s\n' '$(quiet_$(1))' '$(patsubst $(objtree)/%,%,$@)'; $(cmd_$(1))
endif

# ---------------------------------------------------------------------------
# Configuration (Kconfig, with Debian's python3-kconfiglib)
#
# The .config of an O= build lives in O; when O has none yet, the one in the
# source tree is used, so "make defconfig && make O=dir" works as expected.
PYTHON := /usr/bin/python3
KCONFIG_CONFIG ?= $(if $(or $(wildcard $(objtree)/.config),$(filter %config,$(MAKECMDGOALS))),$(objtree)/.config,$(srctree)/.config)
KCONFIG_FILES := $(wildcard $(srctree)/Kconfig $(addsuffix /Kconfig,$(addprefix $(srctree)/,arch/riscv mm vmm drivers lib)))
kconfig_env := srctree=$(srctree) SVPN_VERSION=$(SVPN_VERSION) KCONFIG_CONFIG=$(KCONFIG_CONFIG)
kconfig = cd $(srctree) && $(kconfig_env) $(PYTHON)

config_targets := defconfig %_defconfig menuconfig olddefconfig savedefconfig
no_config_targets := help deps clean distclean test test-unit test-integration test-distro guest guest-% rootfs \
		     format check-format fuzz-host
need_config := $(if $(MAKECMDGOALS),$(filter-out $(config_targets) $(no_config_targets) \
		$(patsubst %,%_defconfig,$(basename $(notdir $(wildcard $(srctree)/configs/*_defconfig)))),\
		$(MAKECMDGOALS)),all)
# "make O=dir <board>_defconfig all": configure first, then build, with one
# make per goal, as Linux does for mixed targets.
mixed_goals := $(and $(need_config),$(filter %config,$(MAKECMDGOALS)))

ifneq ($(mixed_goals),)
.PHONY: $(MAKECMDGOALS) __one_by_one
$(MAKECMDGOALS): __one_by_one ; @:
__one_by_one:
	$(Q)set -e; for g in $(MAKECMDGOALS); do $(MAKE) -f $(srctree)/Makefile $$g; done
else

.PHONY: defconfig menuconfig olddefconfig savedefconfig check-kconfiglib
check-kconfiglib:
	@$(PYTHON) -c 'import kconfiglib' 2>/dev/null || \
		{ echo "error: kconfiglib not found: install Debian package 'python3-kconfiglib' (or run 'make deps')" >&2; exit 1; }

defconfig: qemu-virt_defconfig

%_defconfig: check-kconfiglib
	@test -f $(srctree)/configs/$@ || { echo "error: no such board config: configs/$@ (see 'make help')" >&2; exit 1; }
	@mkdir -p $(objtree)
	$(Q)$(kconfig) -m defconfig --kconfig Kconfig configs/$@ >/dev/null
	$(Q)$(kconfig) $(srctree)/scripts/kconfig/checkconfig.py Kconfig $(KCONFIG_CONFIG)
	@echo "configuration written to $(KCONFIG_CONFIG) (from configs/$@)"

menuconfig: check-kconfiglib
	@mkdir -p $(objtree)
	$(Q)$(kconfig) -m menuconfig Kconfig

olddefconfig: check-kconfiglib
	$(Q)$(kconfig) -m olddefconfig Kconfig

savedefconfig: check-kconfiglib
	$(Q)$(kconfig) -m savedefconfig --kconfig Kconfig --out $(objtree)/defconfig
	@echo "minimal configuration written to $(objtree)/defconfig"

# ---------------------------------------------------------------------------
# Everything below needs a valid .config.
autoconf_h := $(objtree)/include/generated/autoconf.h
auto_conf := $(objtree)/include/config/auto.conf

ifneq ($(need_config),)
ifeq ($(wildcard $(KCONFIG_CONFIG)),)
$(error no configuration ($(KCONFIG_CONFIG)): run 'make defconfig' or 'make <board>_defconfig' first (see 'make help'))
endif
-include $(auto_conf)
endif

# genconfig only rewrites files whose contents change, so an unchanged
# .config does not rebuild anything.
$(auto_conf) $(autoconf_h) &: $(KCONFIG_CONFIG) $(KCONFIG_FILES)
	@mkdir -p $(dir $(auto_conf)) $(dir $(autoconf_h))
	$(Q)$(kconfig) $(srctree)/scripts/kconfig/checkconfig.py Kconfig $(KCONFIG_CONFIG)
	$(Q)$(kconfig) -m genconfig --header-path $(autoconf_h) --config-out $(auto_conf) Kconfig
	@touch $(auto_conf) $(autoconf_h)

# ---------------------------------------------------------------------------
# Toolchain: riscv64-unknown-elf-gcc + picolibc (Debian packages).
CROSS_COMPILE ?= riscv64-unknown-elf-
CC := $(CROSS_COMPILE)gcc
LD := $(CROSS_COMPILE)ld
OBJCOPY := $(CROSS_COMPILE)objcopy
OBJDUMP := $(CROSS_COMPILE)objdump
SIZE := $(CROSS_COMPILE)size
HOSTCC := gcc

# ISA spec 2.2 keeps Zicsr/Zifencei inside I and matches picolibc's
# rv64imac/lp64 multilib (see Documentation/build.md).
ARCH_FLAGS := -march=rv64imac -mabi=lp64 -misa-spec=2.2 -mcmodel=medany
OPT_FLAGS := $(if $(CONFIG_CC_OPTIMIZE_FOR_SIZE),-Os,-O2) $(if $(CONFIG_DEBUG_INFO),-g)
CPPFLAGS = -I$(objtree)/include -I$(srctree)/include -I$(srctree)/arch/riscv/include \
	    -I$(srctree)/include/uapi -I$(LIBFDT_SRC) -include $(srctree)/include/svpn/kconfig.h
CFLAGS := $(ARCH_FLAGS) $(OPT_FLAGS) --specs=picolibc.specs -std=gnu11 -ffreestanding \
	  -fno-common -fno-pie -fno-stack-protector -fno-omit-frame-pointer \
	  -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers -Werror=implicit \
	  -MMD -MP
AFLAGS := $(ARCH_FLAGS) $(if $(CONFIG_DEBUG_INFO),-g) -D__ASSEMBLY__ -MMD -MP
LDFLAGS := $(ARCH_FLAGS) --specs=picolibc.specs -nostartfiles -static \
	   -Wl,--gc-sections -Wl,-z,noexecstack -Wl,--no-warn-rwx-segments
# printf without floating point: SVPN never prints a double.
LDFLAGS += -DPICOLIBC_LONG_LONG_PRINTF_SCANF

# A missing tool gives one line naming the package to install.
need_tool = $(if $(shell command -v $(1) 2>/dev/null),,$(error $(1) not found: install Debian package '$(2)' (or run 'make deps')))
check_cross = $(call need_tool,$(CC),gcc-riscv64-unknown-elf)$(if $(wildcard \
	$(shell $(CC) --specs=picolibc.specs -print-file-name=picolibc.specs 2>/dev/null)),,\
	$(error picolibc not found: install Debian package 'picolibc-riscv64-unknown-elf' (or run 'make deps')))

# ---------------------------------------------------------------------------
# libfdt: compiled from the sources Debian's linux-source-6.1 ships, extracted
# into the build directory. Never copied into this tree.
LINUX_SOURCE_TARBALL ?= /usr/src/linux-source-6.1.tar.xz
LIBFDT_SRC := $(objtree)/libfdt/src
LIBFDT_NAMES := fdt fdt_ro fdt_wip fdt_sw fdt_rw fdt_strerror fdt_empty_tree fdt_addresses fdt_overlay
LIBFDT_OBJS := $(patsubst %,$(objtree)/libfdt/%.o,$(LIBFDT_NAMES))

$(LIBFDT_SRC)/.stamp:
	@test -f $(LINUX_SOURCE_TARBALL) || { echo "error: $(LINUX_SOURCE_TARBALL) not found: install Debian package 'linux-source-6.1' (or run 'make deps')" >&2; exit 1; }
	@printf '  %-8s %s\n' EXTRACT libfdt
	@mkdir -p $(LIBFDT_SRC)
	$(Q)tar -xJf $(LINUX_SOURCE_TARBALL) -C $(LIBFDT_SRC) --strip-components=4 \
		linux-source-6.1/scripts/dtc/libfdt
	@touch $@

$(LIBFDT_SRC)/%.c $(LIBFDT_SRC)/%.h: $(LIBFDT_SRC)/.stamp ;
# Extracted sources are not intermediate files: keep them.
.PRECIOUS: $(LIBFDT_SRC)/%.c $(LIBFDT_SRC)/%.h

quiet_cc_libfdt := CC
cmd_cc_libfdt = $(CC) $(CFLAGS) -isystem $(LIBFDT_SRC) -c -o $@ $<
$(objtree)/libfdt/%.o: $(LIBFDT_SRC)/%.c
	$(call cmd,cc_libfdt)

$(objtree)/libfdt/libfdt.a: $(LIBFDT_OBJS)
	$(Q)rm -f $@ && $(CROSS_COMPILE)ar rcs $@ $^

# ---------------------------------------------------------------------------
# Objects: each directory's Makefile lists obj-y / obj-$(CONFIG_X).
core-dirs := arch/riscv/kernel lib mm vmm drivers drivers/host
mstub-dirs := arch/riscv/mstub

define collect-objs
obj-y :=
include $(srctree)/$(2)/Makefile
$(1) += $$(addprefix $(objtree)/$(2)/,$$(obj-y))
endef
core-objs :=
mstub-objs :=
$(foreach d,$(core-dirs),$(eval $(call collect-objs,core-objs,$(d))))
$(foreach d,$(mstub-dirs),$(eval $(call collect-objs,mstub-objs,$(d))))
obj-y :=

gen_headers := $(autoconf_h) $(objtree)/include/generated/version.h $(LIBFDT_SRC)/.stamp

quiet_cc_o_c := CC
cmd_cc_o_c = $(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<
$(objtree)/%.o: $(srctree)/%.c $(gen_headers)
	@mkdir -p $(dir $@)
	$(call cmd,cc_o_c)

quiet_as_o_S := AS
cmd_as_o_S = $(CC) $(CPPFLAGS) $(AFLAGS) -c -o $@ $<
$(objtree)/%.o: $(srctree)/%.S $(gen_headers)
	@mkdir -p $(dir $@)
	$(call cmd,as_o_S)

$(objtree)/include/generated/version.h: $(srctree)/Makefile
	@mkdir -p $(dir $@)
	@echo '#define SVPN_VERSION "$(SVPN_VERSION)"' > $@

# The M-mode stub runs at physical addresses while SVPN runs in the high
# half: its objects are linked on their own and renamed .mstub.* so that the
# linker script can place them at the start of RAM.
quiet_ld_mstub := LD
cmd_ld_mstub = $(LD) -r -o $@.tmp $(mstub-objs) && \
	$(OBJCOPY) --prefix-alloc-sections=.mstub $@.tmp $@ && rm -f $@.tmp
$(objtree)/arch/riscv/mstub/built-in.o: $(mstub-objs)
	$(call cmd,ld_mstub)

quiet_cpp_lds := LDS
cmd_cpp_lds = $(CC) -E -P -x c $(CPPFLAGS) -D__ASSEMBLY__ -o $@ $<
$(objtree)/arch/riscv/kernel/svpn.lds: $(srctree)/arch/riscv/kernel/svpn.lds.S $(gen_headers)
	@mkdir -p $(dir $@)
	$(call cmd,cpp_lds)

quiet_ld_svpn := LD
cmd_ld_svpn = $(CC) $(LDFLAGS) -T $(objtree)/arch/riscv/kernel/svpn.lds \
	-Wl,-Map,$(objtree)/svpn.map -o $@ $(objtree)/arch/riscv/mstub/built-in.o \
	$(core-objs) $(objtree)/libfdt/libfdt.a -lc -lgcc
$(objtree)/svpn.elf: $(objtree)/arch/riscv/mstub/built-in.o $(core-objs) \
		$(objtree)/libfdt/libfdt.a $(objtree)/arch/riscv/kernel/svpn.lds
	$(call cmd,ld_svpn)
	@$(SIZE) $@ | tail -1 | awk '{ printf "  %-8s svpn.elf: %d bytes (text %d, data %d, bss %d)\n", "SIZE", $$4, $$1, $$2, $$3 }'

$(objtree)/svpn.bin: $(objtree)/svpn.elf
	$(Q)$(OBJCOPY) -O binary $< $@

.PHONY: all
all: check-cross $(objtree)/svpn.elf

.PHONY: check-cross
check-cross:
	$(check_cross)

-include $(wildcard $(patsubst %.o,%.d,$(core-objs) $(mstub-objs) $(LIBFDT_OBJS)))

# ---------------------------------------------------------------------------
include $(srctree)/scripts/guest/Makefile.guest
include $(srctree)/scripts/Makefile.run
include $(srctree)/scripts/Makefile.test
include $(srctree)/scripts/Makefile.bench

# ---------------------------------------------------------------------------
# Host fuzzing (clang + libFuzzer): every harness in tests/fuzz, FUZZ_TIME
# seconds each, on copies of its seed corpus; writes only to build-test/fuzz.
FUZZ_TIME ?= 60
.PHONY: fuzz-host
fuzz-host:
	$(Q)$(srctree)/tests/fuzz/run-fuzz.sh -t $(FUZZ_TIME) $(objtree)/build-test

# SMP hostile-guest fuzzing under SVPN (tests/guests/run-fuzz.sh): the
# fuzzsmp guest beside the bystander, with this configuration's svpn.elf.
# FUZZ_RUNS, FUZZ_HARTS, FUZZ_TRACE and the like reach the script from the
# command line through the environment.
FUZZ_STEPS ?= 20000
FUZZ_SEED ?= 1
.PHONY: fuzz
fuzz: all check-qemu
	$(Q)$(srctree)/tests/guests/run-fuzz.sh $(objtree)/svpn.elf $(objtree)/build-fuzz \
		$(FUZZ_STEPS) $(FUZZ_SEED)

# ---------------------------------------------------------------------------
.PHONY: deps clean distclean help format check-format
deps:
	$(Q)$(srctree)/scripts/deps.sh

build_dirs := arch lib mm vmm drivers
clean:
ifeq ($(objtree),$(srctree))
	$(Q)find $(addprefix $(srctree)/,$(build_dirs)) \( -name '*.o' -o -name '*.d' -o -name '*.tmp' \) -delete
	$(Q)rm -f $(srctree)/arch/riscv/kernel/svpn.lds
else
	$(Q)rm -rf $(addprefix $(objtree)/,$(build_dirs) tests)
endif
	$(Q)rm -rf $(objtree)/libfdt/*.o $(objtree)/libfdt/*.d $(objtree)/libfdt/*.a \
		$(objtree)/include/generated $(objtree)/include/config \
		$(objtree)/svpn.elf $(objtree)/svpn.bin $(objtree)/svpn.map

distclean: clean
	$(Q)rm -rf $(objtree)/.config $(objtree)/.config.old $(objtree)/defconfig \
		$(objtree)/libfdt $(objtree)/build-test $(objtree)/guest

CLANG_FORMAT ?= clang-format
format_files = $(shell cd $(srctree) && git ls-files '*.c' '*.h')
format:
	$(Q)cd $(srctree) && $(CLANG_FORMAT) -i $(format_files)
check-format:
	$(Q)cd $(srctree) && $(CLANG_FORMAT) --dry-run -Werror $(format_files)

help:
	@echo 'Configuration:'
	@echo '  defconfig           - configs/qemu-virt_defconfig'
	@$(foreach f,$(sort $(notdir $(wildcard $(srctree)/configs/*_defconfig))), \
		printf '  %-19s - configs/%s\n' '$(f)' '$(f)';)
	@echo '  menuconfig          - change the configuration interactively'
	@echo '  olddefconfig        - update .config, new symbols take their defaults'
	@echo '  savedefconfig       - write a minimal config to <objtree>/defconfig'
	@echo 'Build and run:'
	@echo '  all (default)       - build svpn.elf'
	@echo '  run                 - boot SVPN on QEMU (GUEST_KERNEL=, GUEST_INITRD=, GUEST_BOOTARGS=,'
	@echo '                        GUEST_MEM=<MiB>, QEMU_OPTS=); exit status is the guest'"'"'s'
	@echo '  run-native          - boot the same guest on OpenSBI instead of SVPN'
	@echo '  debug               - start QEMU halted with a gdb stub; prints the gdb command'
	@echo '  guest               - build the default Linux guest (kernel + initramfs)'
	@echo '  guest-debian        - build the Linux kernel for the Debian system of rootfs'
	@echo '  rootfs              - build a Debian riscv64 disk image (as root; ROOTFS_OUT=)'
	@echo 'Testing:'
	@echo '  test                - unit tests and QEMU integration tests (one summary line)'
	@echo '  test-unit           - host unit tests only (cmocka)'
	@echo '  test-distro         - the Debian guest from its own disk, native and SVPN (as root; slow)'
	@echo '  fuzz-host           - libFuzzer harnesses, FUZZ_TIME=<seconds> each (default 60)'
	@echo '  fuzz                - hostile SMP guest beside a bystander (FUZZ_STEPS=, FUZZ_SEED=)'
	@echo '  bench               - overhead against native runs (BENCH=<workload> for one)'
	@echo '  bench-traps         - trap counts per bench workload'
	@echo '  bench-trapcost      - instructions per trap round trip, shadow fill, satp switch'
	@echo '  bench-disk          - O_DIRECT disk workloads, native and SVPN (the Debian kernel)'
	@echo '  bench-distro        - the Debian guest boot to its default target, native and SVPN'
	@echo '  bench-doc           - rewrite Documentation/performance.md tables from bench results'
	@echo 'Other:'
	@echo '  deps                - install the Debian packages everything needs'
	@echo '  clean / distclean   - remove build products / and the configuration'
	@echo '  format / check-format - apply / check .clang-format'
	@echo 'Variables: O=<dir> (out-of-tree build), V=1 (full command lines)'

endif # mixed_goals
