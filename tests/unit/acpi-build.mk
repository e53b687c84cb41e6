test-acpi-build_SRCS := hv/core/acpi_build.c hv/core/acpi.c hv/core/format.c
test-acpi-build_DEPS := hv/include/warden/acpi.h hv/include/warden/acpi_build.h
$(eval $(call unit_test,acpi-build))
