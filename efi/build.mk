# warden.efi: the UEFI loader that boots Warden without GRUB (docs/uefi.md),
# built with GNU-EFI as a PE32+ application.

EFI_INC := /usr/include/efi
EFI_LIB := /usr/lib
EFI_APP := $(BUILD)/warden.efi
EFI_SO := $(BUILD)/obj/efi/warden.so

# Position-independent (GNU-EFI relocates itself), MS calling convention
# for firmware calls, no red zone (firmware interrupts share the stack).
EFI_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-ffreestanding -fpic -fshort-wchar -mno-red-zone -fno-stack-protector \
	-fno-strict-aliasing -maccumulate-outgoing-args -DGNU_EFI_USE_MS_ABI \
	-I$(EFI_INC) -I$(EFI_INC)/x86_64 -Iinclude -Ihv/include -Iefi \
	-DWARDEN_VERSION='"$(VERSION)"'

EFI_SRCS := efi/loader.c efi/config.c efi/image.c efi/mbi.c boot/efi_gop.c \
	hv/core/format.c
EFI_OBJS := $(patsubst %.c,$(BUILD)/obj/efi/%.o,$(EFI_SRCS))

$(BUILD)/obj/efi/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(EFI_CFLAGS) -MMD -MP -c $< -o $@

-include $(EFI_OBJS:.o=.d)

$(EFI_SO): $(EFI_OBJS) $(EFI_LIB)/crt0-efi-x86_64.o $(EFI_LIB)/elf_x86_64_efi.lds
	$(LD) -nostdlib -znocombreloc -T $(EFI_LIB)/elf_x86_64_efi.lds -shared \
		-Bsymbolic -L$(EFI_LIB) $(EFI_LIB)/crt0-efi-x86_64.o \
		$(EFI_OBJS) -o $@ -lefi -lgnuefi

$(EFI_APP): $(EFI_SO)
	$(OBJCOPY) -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel \
		-j .rela -j .reloc --target=efi-app-x86_64 $< $@

ALL_TARGETS += $(EFI_APP)

.PHONY: efi
efi: $(EFI_APP)
