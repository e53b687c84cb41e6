/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The system configuration against the machine it boots on: the firmware
 * memory map and where the boot loader put the modules. Pure code, built
 * into the hypervisor and into host tests.
 */
#ifndef WARDEN_PLATFORM_CHECK_H
#define WARDEN_PLATFORM_CHECK_H

#include <stdbool.h>
#include <stdint.h>
#include <jailhouse/cell-config.h>
#include <warden/boot_info.h>
#include <warden/config_check.h>

/* Below this, firmware keeps its legacy holes (VGA, option ROMs, BIOS). */
#define PLATFORM_LEGACY_END 0x100000

/*
 * RAM as upstream configurations describe it: read/write/execute, not an
 * emulated IO region, not the communication page. Device memory (BARs,
 * framebuffers) is read/write only.
 */
bool platform_is_ram_region(const struct jailhouse_memory *m);

struct mem_window {
	uint64_t start, end; /* [start, end); empty when start == end */
};

/*
 * The inmate RAM window: the root-cell regions that continue, without a
 * gap, from the end of the hypervisor memory (upstream's layout: "RAM
 * (inmates)" right behind the hypervisor, then the ivshmem memory). They
 * stay in the root configuration so images can be loaned back for
 * loading, but the root Linux never gets them as RAM.
 * @sys must have passed config_check_system().
 */
struct mem_window platform_inmate_window(const struct jailhouse_system *sys);

/*
 * The checks: the hypervisor memory and the inmate window are RAM in the
 * firmware map; every root RAM region above the legacy area exists in the
 * firmware map (a config for a bigger machine is caught here); no boot
 * module lies in the hypervisor memory or the inmate window.
 * Returns 0 or -WARDEN_EINVAL after reporting every problem.
 */
int platform_check(const struct jailhouse_system *sys,
		   const struct boot_info *bi, cfg_report_fn report,
		   void *ctx);

#endif /* WARDEN_PLATFORM_CHECK_H */
