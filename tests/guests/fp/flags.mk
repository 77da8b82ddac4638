# The FP guest is built with the F and D extensions (soft-float ABI, so it links with the
# rv64imac/lp64 library objects); all FP instructions are written as inline asm.
ARCH_FLAGS_fp := -march=rv64imafdc -mabi=lp64 -misa-spec=2.2 -mcmodel=medany
