/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WARDEN_SPINLOCK_H
#define WARDEN_SPINLOCK_H

#include <asm/processor.h>

struct spinlock {
	volatile int locked;
};

static inline void spin_lock(struct spinlock *lock)
{
	while (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
		while (lock->locked)
			cpu_relax();
}

static inline void spin_unlock(struct spinlock *lock)
{
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}

#endif /* WARDEN_SPINLOCK_H */
