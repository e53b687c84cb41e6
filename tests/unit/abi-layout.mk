# ABI header layout: a cmocka test in the host build plus a compile-only
# object built with the hypervisor's freestanding flags.

ABI_FREESTANDING_OBJ := $(UNIT_DIR)/abi-freestanding.o

$(ABI_FREESTANDING_OBJ): tests/unit/abi-freestanding.c \
		$(wildcard include/jailhouse/*.h) include/jailhouse.h \
		| $(UNIT_DIR)/.dir
	$(CC) $(HV_CFLAGS) -c -o $@ $<

test-abi-layout_DEPS := $(ABI_FREESTANDING_OBJ) \
	$(wildcard include/jailhouse/*.h) include/jailhouse.h
$(eval $(call unit_test,abi-layout))
