/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: a test-and-set spinlock that aborts on misuse (use
 * before spin_lock_init(), unlock of a lock not held).
 */
#ifndef _SHIM_LINUX_SPINLOCK_H
#define _SHIM_LINUX_SPINLOCK_H
#include <stdlib.h>

#define SHIM_SPIN_MAGIC	0x5a17c0deU

typedef struct {
	int locked;
	unsigned int magic;
} spinlock_t;

static inline void spin_lock_init(spinlock_t *l)
{
	l->locked = 0;
	l->magic = SHIM_SPIN_MAGIC;
}

static inline void spin_lock(spinlock_t *l)
{
	if (l->magic != SHIM_SPIN_MAGIC)
		abort();
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			__builtin_ia32_pause();
}

static inline void spin_unlock(spinlock_t *l)
{
	if (!__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
		abort();
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

static inline int spin_is_locked(spinlock_t *l)
{
	return __atomic_load_n(&l->locked, __ATOMIC_RELAXED);
}

/* no interrupts in userspace: the flags only have to exist */
#define spin_lock_irqsave(l, flags) \
	do { (flags) = 0; spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, flags) \
	do { (void)(flags); spin_unlock(l); } while (0)
#endif
