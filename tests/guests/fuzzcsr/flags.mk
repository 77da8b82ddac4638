# A debug build prints a line per instruction / SBI call (use a separate O= directory):
#   make -C tests/guests O=/tmp/fdbg GUESTS=fuzzcsr \
#        FUZZCSR_DEBUG="-DFUZZ_DEBUG -DFUZZ_DEBUG_FROM=0 -DFUZZ_DEBUG_TO=256"
ifneq ($(FUZZCSR_DEBUG),)
ARCH_FLAGS_fuzzcsr := $(ARCH_FLAGS) $(FUZZCSR_DEBUG)
endif
