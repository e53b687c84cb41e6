/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WARDEN_CONTROL_H
#define WARDEN_CONTROL_H

#include <stdint.h>
#include <warden/boot_info.h>
#include <asm/vcpu.h>

/* Cell management hypercalls (create, start, set-loadable, destroy,
 * get-state, disable) from the root cell. */
long control_hypercall(struct vcpu *vcpu, uint64_t code, uint64_t arg1);

/* Create, load and start the cells given as boot modules. */
void control_boot_cells(const struct boot_info *bi);

#endif /* WARDEN_CONTROL_H */
