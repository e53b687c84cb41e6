/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WARDEN_SMP_H
#define WARDEN_SMP_H

#include <stdint.h>
#include <warden/boot_info.h>

/*
 * A page below 1 MiB (secondary CPUs start in real mode there) that the
 * firmware map calls RAM and no boot module occupies. 0 if none.
 */
uint64_t smp_pick_start_page(const struct boot_info *bi);

#endif /* WARDEN_SMP_H */
