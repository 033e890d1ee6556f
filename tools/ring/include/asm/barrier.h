/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: the virt_* barriers as C11 fences. On x86 as in the
 * kernel, virt_mb() is one locked instruction and rmb/wmb/acquire/release
 * cost nothing but a compiler barrier.
 */
#ifndef _SHIM_ASM_BARRIER_H
#define _SHIM_ASM_BARRIER_H

#define virt_mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define virt_rmb()	__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define virt_wmb()	__atomic_thread_fence(__ATOMIC_RELEASE)
/*
 * Fence-based, as the kernel's generic versions: the ring header is a
 * packed struct, and clang turns __atomic_load_n() on a member it cannot
 * prove aligned into a library call.
 */
#define virt_load_acquire(p)						\
	({								\
		__typeof__(*(p)) __v = *(const volatile __typeof__(*(p)) *)(p); \
		__atomic_thread_fence(__ATOMIC_ACQUIRE);		\
		__v;							\
	})
#define virt_store_release(p, v)					\
	do {								\
		__atomic_thread_fence(__ATOMIC_RELEASE);		\
		*(volatile __typeof__(*(p)) *)(p) = (v);		\
	} while (0)
#define smp_mb()	virt_mb()
#define smp_rmb()	virt_rmb()
#define smp_wmb()	virt_wmb()

#endif
