// SPDX-License-Identifier: GPL-2.0
/*
 * System configuration of Warden's QEMU test machine booted by UEFI:
 * the same q35 machine as cells/qemu-x86.c with OVMF and 2 GiB
 *
 *   qemu-system-x86_64 -machine q35 -cpu max -m 2G -smp 4 \
 *       -bios /usr/share/ovmf/OVMF.fd ...
 *
 * Same CPUs, windows, UARTs and demo cells; the firmware-placed addresses
 * (RAM top, BARs, PCI I/O) are OVMF's, see QEMU_X86_OVMF there.
 */
#define QEMU_X86_OVMF
#include "qemu-x86.c"
