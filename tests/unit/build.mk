# Host unit tests. Each tests/unit/test-NAME.c is a cmocka program; a
# fragment tests/unit/NAME.mk (any *.mk here besides this one) declares
#   test-NAME_SRCS := project sources the test links against
#   test-NAME_DEPS := extra prerequisites (e.g. built .cell files)
#   $(eval $(call unit_test,NAME))
# pytest (tests/unit/test_unit.py) runs every binary and reports each one.

UNIT_DIR := $(BUILD)/tests/unit

define unit_test
UNIT_TESTS += $(UNIT_DIR)/test-$(1)
$(UNIT_DIR)/test-$(1): tests/unit/test-$(1).c $$(test-$(1)_SRCS) $$(test-$(1)_DEPS) | $(UNIT_DIR)/.dir
	$$(HOSTCC) $$(HOST_CFLAGS) -fsanitize=address,undefined \
		-fno-sanitize-recover=all -Itests/unit -o $$@ \
		tests/unit/test-$(1).c $$(test-$(1)_SRCS) -lcmocka
endef

include $(filter-out tests/unit/build.mk,$(wildcard tests/unit/*.mk))
