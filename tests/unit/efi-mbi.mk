# warden.efi's multiboot2 information builder (efi/mbi.c), checked by
# feeding its output to the hypervisor's own parser.
test-efi-mbi_SRCS := efi/mbi.c boot/multiboot2.c boot/efi_memmap.c hv/core/format.c
$(eval $(call unit_test,efi-mbi))
$(UNIT_DIR)/test-efi-mbi: HOST_CFLAGS += -Iefi
