# jailhouse.ko, the root cell's Jailhouse driver, built out of tree against
# the headers of the stock kernel that runs in the root cell (scripts/
# setup-deps installs them), plus ioctl-fuzz, the hostile-ioctl test tool.
# Kbuild writes its objects next to the sources, so the sources are copied
# to $(BUILD)/driver and built there: nothing lands in the source tree.
#
#   DRIVER_KO        the module
#   DRIVER_FUZZ      static userspace program for the integration test
#   KDIR             kernel build tree (default: headers of the fetched kernel)

DRIVER_DIR := $(BUILD)/driver
DRIVER_KO := $(DRIVER_DIR)/jailhouse.ko
DRIVER_FUZZ := $(DRIVER_DIR)/ioctl-fuzz
DRIVER_SRCS := $(wildcard rootcell/driver/*.c rootcell/driver/*.h) \
	rootcell/driver/Kbuild
KERNEL_RELEASE_FILE := $(BUILD)/deps/kernel/release
KDIR ?= /usr/src/linux-headers-$(shell cat $(KERNEL_RELEASE_FILE) 2>/dev/null)

ALL_TARGETS += $(DRIVER_KO) $(DRIVER_FUZZ)

$(DRIVER_KO): $(DRIVER_SRCS) $(wildcard include/*.h include/jailhouse/*.h) \
		| $(DRIVER_DIR)/.dir
	@test -f $(KDIR)/Makefile || { echo "kernel headers missing in '$(KDIR)': run 'make deps' (scripts/setup-deps)" >&2; exit 1; }
	cp $(DRIVER_SRCS) $(DRIVER_DIR)/
	$(MAKE) -C $(KDIR) M=$(abspath $(DRIVER_DIR)) \
		WARDEN_INCLUDE=$(abspath include) modules

$(DRIVER_FUZZ): rootcell/driver/tests/ioctl-fuzz.c include/jailhouse.h \
		$(wildcard include/jailhouse/*.h) | $(DRIVER_DIR)/.dir
	$(HOSTCC) $(HOST_CFLAGS) -static -o $@ $<

.PRECIOUS: $(DRIVER_DIR)/.dir
