/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: the virt_* barriers. As in the kernel on x86, virt_mb()
 * is one locked instruction, and rmb, wmb, acquire and release cost only
 * a compiler barrier (C11 fences elsewhere).
 */
#ifndef _SHIM_ASM_BARRIER_H
#define _SHIM_ASM_BARRIER_H

#ifdef __x86_64__
/* the kernel's x86 smp_mb(): a locked add, cheaper than mfence */
#define virt_mb() \
	__asm__ __volatile__("lock; addl $0,-4(%%rsp)" ::: "memory", "cc")
#else
#define virt_mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#endif
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
