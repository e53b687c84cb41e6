/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Fixed-width types of the Jailhouse ABI (__u8 ... __u64, __s32).
 *
 * The ABI headers are shared by four very different builds: the freestanding
 * hypervisor and inmates, the Linux kernel module, and hosted userspace
 * tools. Linux already defines these names in <linux/types.h>; defining them
 * a second time with a different underlying type (long vs. long long) would
 * break the kernel build, so on Linux we take Linux's definitions and only
 * provide our own where no such header exists.
 *
 * Our own definitions use the same underlying types as Linux on x86-64
 * (__u64 = unsigned long long), so printf-style "%llx" is right everywhere.
 */
#ifndef _JAILHOUSE_TYPES_H
#define _JAILHOUSE_TYPES_H

#if defined(__KERNEL__) || (defined(__linux__) && __STDC_HOSTED__)
#include <linux/types.h>
#else
typedef signed char __s8;
typedef unsigned char __u8;
typedef signed short __s16;
typedef unsigned short __u16;
typedef signed int __s32;
typedef unsigned int __u32;
typedef signed long long __s64;
typedef unsigned long long __u64;
#endif

/*
 * Layout pins. Every ABI header states the sizes and offsets of its
 * structures with JAILHOUSE_ABI_ASSERT, so a layout slip fails the build
 * instead of corrupting configs at run time. The kernel has its own
 * static_assert conventions and older compilers lack _Static_assert, so the
 * checks are only active in C11 builds outside the kernel.
 */
#if !defined(__KERNEL__) && !defined(__cplusplus) && \
	defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define JAILHOUSE_ABI_ASSERT(cond) _Static_assert(cond, #cond)
#else
/* a declaration that may repeat, to consume the trailing semicolon */
#define JAILHOUSE_ABI_ASSERT(cond) struct jailhouse_abi_assert_disabled
#endif

#define JAILHOUSE_ABI_OFFSET(type, member) __builtin_offsetof(type, member)

JAILHOUSE_ABI_ASSERT(sizeof(__u8) == 1);
JAILHOUSE_ABI_ASSERT(sizeof(__u16) == 2);
JAILHOUSE_ABI_ASSERT(sizeof(__u32) == 4);
JAILHOUSE_ABI_ASSERT(sizeof(__s32) == 4);
JAILHOUSE_ABI_ASSERT(sizeof(__u64) == 8);

#endif /* !_JAILHOUSE_TYPES_H */
