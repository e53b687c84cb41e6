# Architectural checks of guest control-register writes (header only).
test-control-regs_SRCS :=
test-control-regs_DEPS := hv/arch/x86/include/asm/control_regs.h
$(eval $(call unit_test,control-regs))
