/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SHIM_LINUX_MUTEX_H
#define _SHIM_LINUX_MUTEX_H
#include <pthread.h>
#include <stdlib.h>

#define SHIM_MUTEX_MAGIC 0x3ee7c0deU

struct mutex {
	pthread_mutex_t m;
	unsigned int magic;
};

static inline void mutex_init(struct mutex *m)
{
	pthread_mutex_init(&m->m, NULL);
	m->magic = SHIM_MUTEX_MAGIC;
}

static inline void mutex_lock(struct mutex *m)
{
	if (m->magic != SHIM_MUTEX_MAGIC || pthread_mutex_lock(&m->m))
		abort();
}

static inline void mutex_unlock(struct mutex *m)
{
	if (m->magic != SHIM_MUTEX_MAGIC || pthread_mutex_unlock(&m->m))
		abort();
}
#endif
