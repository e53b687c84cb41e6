// SPDX-License-Identifier: GPL-2.0
/*
 * Cell for the apic-demo inmate on the Bochs machine (cells/bochs-x86.c):
 * CPU 1, 1 MiB RAM at guest 0, comm region at 1 MiB, COM1/COM2.
 *
 * cells/apic-demo.c with the CPU changed: the Bochs machine has two, and
 * CPU 0 stays with the root. The RAM is QEMU's (the inmate window is the
 * same on both machines). CPU 1 is also tiny-demo's there: only one of
 * the two cells can exist at a time.
 *
 * The inmate takes part in the message protocol (no PASSIVE_COMMREG): it
 * locks the cell configuration while running and refuses the first
 * shutdown request.
 */

#define CELL_CPUS 0x2 /* CPU 1 */
#include "apic-demo.c"
