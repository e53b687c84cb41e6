/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WARDEN_LAUNCHER_H
#define WARDEN_LAUNCHER_H

#include <warden/boot_info.h>
#include <warden/sysconfig.h>
#include <asm/vcpu.h>

/*
 * Load the `linux` (and `initrd`) boot modules by the Linux x86 boot
 * protocol into root-cell RAM and set up @vcpu (the boot CPU's) to enter
 * the kernel. Stops the boot with a message if the kernel cannot be
 * booted.
 */
void launcher_prepare_root(const struct boot_info *bi,
			   const struct sysconfig *sc, struct vcpu *vcpu);

#endif /* WARDEN_LAUNCHER_H */
