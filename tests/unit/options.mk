test-options_SRCS := hv/core/options.c hv/core/modules.c hv/core/format.c
$(eval $(call unit_test,options))
