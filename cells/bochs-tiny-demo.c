// SPDX-License-Identifier: GPL-2.0
/*
 * Cell for the tiny-demo inmate (and the mmio-access test, which uses the
 * test device one page above the comm region) on the Bochs machine
 * (cells/bochs-x86.c): CPU 1, 1 MiB RAM at guest 0, COM1/COM2.
 *
 * cells/tiny-demo.c with the CPU changed: the Bochs machine has two, and
 * CPU 0 stays with the root. The RAM is QEMU's (the inmate window is the
 * same on both machines). CPU 1 is also apic-demo's there: only one of
 * the two cells can exist at a time.
 */

#define CELL_CPUS 0x2 /* CPU 1 */
#include "tiny-demo.c"
