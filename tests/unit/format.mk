test-format_SRCS := hv/core/format.c
$(eval $(call unit_test,format))
