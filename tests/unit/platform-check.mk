test-platform-check_SRCS := hv/core/platform_check.c
test-platform-check_DEPS := $(BUILD)/cells/qemu-x86.cell
$(eval $(call unit_test,platform-check))
