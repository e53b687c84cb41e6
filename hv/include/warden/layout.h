/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where the hypervisor image lives.
 *
 * The image is linked at a fixed high virtual address (top 1 GiB, reachable
 * with the kernel code model) and loaded by the boot loader at a fixed
 * physical address. The early page tables map the one onto the other, so
 * the image can later move to the system configuration's hypervisor region
 * by copying it and re-pointing that mapping: no relocation is ever needed.
 */
#ifndef WARDEN_LAYOUT_H
#define WARDEN_LAYOUT_H

#define HV_LOAD_PHYS 0x200000
#define HV_VIRT_BASE 0xffffffffc0000000
/* How much of the image area the early tables map (2 MiB pages). */
#define HV_EARLY_MAP_SIZE 0x1000000

/*
 * After relocation all physical memory the hypervisor touches is reached
 * through a direct map at this offset (PML4 slot 256), never through
 * guest-controlled identity addresses.
 */
#define HV_DIRECT_MAP 0xffff800000000000

#define PAGE_SIZE 0x1000
#define BOOT_STACK_SIZE 0x4000

#define GDT_CODE64 0x08
#define GDT_DATA 0x10
#define GDT_CODE32 0x18
#define GDT_TSS 0x20

#endif /* WARDEN_LAYOUT_H */
