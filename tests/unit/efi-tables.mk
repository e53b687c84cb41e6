# GNU-EFI's headers serve as the independent reference here.
test-efi-tables_SRCS :=
$(eval $(call unit_test,efi-tables))
$(UNIT_DIR)/test-efi-tables: HOST_CFLAGS += -I/usr/include/efi -I/usr/include/efi/x86_64
