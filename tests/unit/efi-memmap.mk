test-efi-memmap_SRCS := boot/efi_memmap.c hv/core/format.c
$(eval $(call unit_test,efi-memmap))
