# Translation of remapped IOAPIC entries (hv/arch/x86).
test-vtd-rte_SRCS := hv/arch/x86/vtd_rte.c
test-vtd-rte_DEPS := hv/arch/x86/include/asm/vtd_rte.h
$(eval $(call unit_test,vtd-rte))
$(UNIT_DIR)/test-vtd-rte: HOST_CFLAGS += -Ihv/arch/x86/include
