# Early boot code, linked into the hypervisor image.

BOOT_OBJS := $(BUILD)/obj/boot/header.o $(BUILD)/obj/boot/entry.o \
	$(BUILD)/obj/boot/efi_exit.o \
	$(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard boot/multiboot2.c boot/efi_memmap.c boot/efi_gop.c))

# efi_exit.c runs before our page tables, linked at its load address:
# small code model, and its sections renamed into the .boot output section.
$(BUILD)/obj/boot/efi_exit.o: boot/efi_exit.c | $(BUILD)/obj/boot/.dir
	$(CC) $(filter-out -mcmodel=kernel,$(HV_CFLAGS)) -mcmodel=small \
		-MMD -MP -MT $@ -MF $@.d -c $< -o $@.tmp
	$(OBJCOPY) --prefix-alloc-sections=.boot.c $@.tmp $@
	rm -f $@.tmp
