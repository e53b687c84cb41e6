# warden.efi's hypervisor image checks (efi/image.c).
test-efi-image_SRCS := efi/image.c hv/core/format.c
$(eval $(call unit_test,efi-image))
$(UNIT_DIR)/test-efi-image: HOST_CFLAGS += -Iefi
