/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Error numbers, with Linux's values: the Jailhouse ABI hands them to the
 * root cell's driver and tools unchanged (negated), so they must match.
 *
 * Each one is guarded because a few older headers define EINVAL on their
 * own and host builds may also include libc's <errno.h> (same values).
 */
#ifndef WARDEN_ERRNO_H
#define WARDEN_ERRNO_H

#ifndef EPERM
#define EPERM 1
#endif
#ifndef ENOENT
#define ENOENT 2
#endif
#ifndef EINTR
#define EINTR 4
#endif
#ifndef EIO
#define EIO 5
#endif
#ifndef E2BIG
#define E2BIG 7
#endif
#ifndef EAGAIN
#define EAGAIN 11
#endif
#ifndef ENOMEM
#define ENOMEM 12
#endif
#ifndef EFAULT
#define EFAULT 14
#endif
#ifndef EBUSY
#define EBUSY 16
#endif
#ifndef EEXIST
#define EEXIST 17
#endif
#ifndef ENODEV
#define ENODEV 19
#endif
#ifndef EINVAL
#define EINVAL 22
#endif
#ifndef ERANGE
#define ERANGE 34
#endif
#ifndef ENOSPC
#define ENOSPC 28
#endif
#ifndef ENOSYS
#define ENOSYS 38
#endif

#endif /* WARDEN_ERRNO_H */
