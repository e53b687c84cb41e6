# Guest page-table walker; also links the decoder to check that a fetch
# cut short at an absent page reads as a truncated instruction.
test-guest-paging_SRCS := hv/arch/x86/guest_paging.c hv/arch/x86/insn_decode.c
test-guest-paging_DEPS := hv/arch/x86/include/asm/guest_paging.h \
	hv/arch/x86/include/asm/insn_decode.h
$(eval $(call unit_test,guest-paging))
$(UNIT_DIR)/test-guest-paging: HOST_CFLAGS += -Ihv/arch/x86/include
