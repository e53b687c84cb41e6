# The jailhouse command (host build now; the same static binary goes into
# the root cell's initramfs). It links the hypervisor's config validator,
# so "jailhouse config check" and the hypervisor apply the same rules.

TOOLS_DIR := $(BUILD)/tools
JAILHOUSE_TOOL := $(TOOLS_DIR)/jailhouse
JAILHOUSE_TOOL_SRCS := rootcell/tools/jailhouse.c hv/core/config_check.c

ALL_TARGETS += $(JAILHOUSE_TOOL)
# the host tests tests/unit/test_*_cli.py run it: "make unit-test" builds it
UNIT_TESTS += $(JAILHOUSE_TOOL)

# -static: no shared libraries in the root initramfs
$(JAILHOUSE_TOOL): $(JAILHOUSE_TOOL_SRCS) hv/include/warden/config_check.h \
		include/jailhouse.h $(wildcard include/jailhouse/*.h) \
		| $(TOOLS_DIR)/.dir
	$(HOSTCC) $(HOST_CFLAGS) -static -DWARDEN_VERSION='"$(VERSION)"' \
		-o $@ $(JAILHOUSE_TOOL_SRCS)

.PRECIOUS: $(TOOLS_DIR)/.dir
