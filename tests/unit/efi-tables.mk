# GNU-EFI's headers serve as the independent reference here; also the GOP
# mode conversion (boot/efi_gop.c).
test-efi-tables_SRCS := boot/efi_gop.c
$(eval $(call unit_test,efi-tables))
$(UNIT_DIR)/test-efi-tables: HOST_CFLAGS += -I/usr/include/efi -I/usr/include/efi/x86_64
