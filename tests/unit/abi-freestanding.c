// SPDX-License-Identifier: GPL-2.0
/*
 * Compile-only check: the ABI headers in a freestanding build with the
 * hypervisor's flags (no libc, no Linux headers). Their _Static_asserts
 * pin every layout; this file only has to compile. tests/unit/abi-layout.mk
 * builds it as a prerequisite of test-abi-layout.
 */
#include <jailhouse.h>
#include <jailhouse/cell-config.h>
#include <jailhouse/console.h>
#include <jailhouse/hypercall.h>

#if __STDC_HOSTED__
#error "abi-freestanding.c must be built with -ffreestanding"
#endif

/* freestanding builds get the ioctl numbers without <linux/ioctl.h> */
_Static_assert(JAILHOUSE_CELL_CREATE == 0x40100002, "ioctl number");

/* keep one object referencing the structures so nothing is dropped */
const unsigned long abi_freestanding_sizes[] = {
	sizeof(struct jailhouse_system),
	sizeof(struct jailhouse_cell_desc),
	sizeof(struct jailhouse_comm_region),
	sizeof(struct jailhouse_virt_console),
	sizeof(struct jailhouse_cell_load),
};
