# MMIO instruction decoder: hv/arch/x86 code, so its include dir is needed.
test-insn-decode_SRCS := hv/arch/x86/insn_decode.c
test-insn-decode_DEPS := hv/arch/x86/include/asm/insn_decode.h
$(eval $(call unit_test,insn-decode))
$(UNIT_DIR)/test-insn-decode: HOST_CFLAGS += -Ihv/arch/x86/include
