# Config validator tests: the built .cell files must validate, and mutated
# copies of them must be rejected with the right message. The binary finds
# the .cell files through $WARDEN_BUILD (set by the pytest runner) or the
# absolute build path compiled in here.

test-config_SRCS := hv/core/config_check.c
test-config_DEPS := $(CELL_FILES) hv/include/warden/config_check.h \
	$(wildcard include/jailhouse/*.h)
$(UNIT_DIR)/test-config: HOST_CFLAGS += \
	-DWARDEN_BUILD_DIR='"$(abspath $(BUILD))"'
$(eval $(call unit_test,config))
