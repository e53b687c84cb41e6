# The launcher's header lives next to its source, not under an include dir.
test-bootparams_SRCS := rootcell/launcher/bootparams.c hv/core/format.c
test-bootparams_DEPS := rootcell/launcher/bootparams.h
$(eval $(call unit_test,bootparams))
$(UNIT_DIR)/test-bootparams: HOST_CFLAGS += -Irootcell/launcher
