/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WARDEN_BOOT_REPORT_H
#define WARDEN_BOOT_REPORT_H

#include <warden/boot_info.h>

void boot_report(const struct boot_info *bi);

/* Sum of all RAM ranges in the memory map. */
uint64_t boot_ram_bytes(const struct boot_info *bi);

#endif /* WARDEN_BOOT_REPORT_H */
