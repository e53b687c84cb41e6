test-multiboot2_SRCS := boot/multiboot2.c boot/efi_memmap.c hv/core/format.c
$(eval $(call unit_test,multiboot2))
