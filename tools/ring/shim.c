// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace shim: pages and vmap().
 *
 * Every page lives in one memfd (the pool), so that vmap() can map a page
 * at several addresses, as the kernel maps a ring's data pages twice. The
 * pool is also mapped once as a whole, which is what page_address() gives.
 * Each vmap() area sits between two PROT_NONE guard pages: a stray access
 * past the double mapping faults at once, fuzzer or not.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/mm.h>
#include <linux/vmalloc.h>

#define POOL_PAGES	(1UL << 18)	/* 1 GiB of address space, sparse */

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static int pool_fd = -1;
static unsigned char *pool_base;
static struct page pool_pages[POOL_PAGES];
static size_t pool_next;
static struct page *pool_free;

struct vmap_area {
	void *addr;		/* what vmap() returned */
	size_t len;		/* bytes, guard pages included */
	struct vmap_area *next;
};

static struct vmap_area *areas;

static void die(const char *what)
{
	perror(what);
	abort();
}

static void pool_setup(void)
{
	if (pool_fd >= 0)
		return;
	pool_fd = memfd_create("vmbc-ring-pages", MFD_CLOEXEC);
	if (pool_fd < 0)
		die("memfd_create");
	if (ftruncate(pool_fd, POOL_PAGES * PAGE_SIZE))
		die("ftruncate");
	pool_base = mmap(NULL, POOL_PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_NORESERVE, pool_fd, 0);
	if (pool_base == MAP_FAILED)
		die("mmap pool");
}

struct page *alloc_page(gfp_t gfp)
{
	struct page *pg = NULL;

	pthread_mutex_lock(&pool_lock);
	pool_setup();
	if (pool_free) {
		pg = pool_free;
		pool_free = pg->next_free;
	} else if (pool_next < POOL_PAGES) {
		pg = &pool_pages[pool_next];
		pg->off = pool_next++ * PAGE_SIZE;
	}
	if (pg)
		pg->in_use = true;
	pthread_mutex_unlock(&pool_lock);
	if (pg && (gfp & __GFP_ZERO))
		memset(page_address(pg), 0, PAGE_SIZE);
	return pg;
}

void __free_page(struct page *pg)
{
	if (pg < pool_pages || pg >= pool_pages + pool_next || !pg->in_use)
		abort();	/* not ours, or freed twice */
	/* give the memory back; the page reads as zeroes afterwards */
	if (fallocate(pool_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
		      pg->off, PAGE_SIZE))
		die("fallocate");
	pthread_mutex_lock(&pool_lock);
	pg->in_use = false;
	pg->next_free = pool_free;
	pool_free = pg;
	pthread_mutex_unlock(&pool_lock);
}

void *page_address(const struct page *pg)
{
	return pool_base + pg->off;
}

void *vmap(struct page **pages, unsigned int count, unsigned long flags,
	   pgprot_t prot)
{
	size_t len = (count + 2UL) * PAGE_SIZE;
	struct vmap_area *a;
	unsigned char *base;
	unsigned int i, run;

	(void)flags;
	(void)prot;
	if (!count)
		abort();
	a = malloc(sizeof(*a));
	if (!a)
		return NULL;
	base = mmap(NULL, len, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED) {
		free(a);
		return NULL;
	}
	/* one mmap() per run of pages that are adjacent in the pool */
	for (i = 0; i < count; i += run) {
		for (run = 1; i + run < count; run++)
			if (pages[i + run]->off != pages[i]->off +
						    run * PAGE_SIZE)
				break;
		if (mmap(base + (i + 1UL) * PAGE_SIZE, run * PAGE_SIZE,
			 PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_FIXED | MAP_POPULATE,
			 pool_fd, pages[i]->off) == MAP_FAILED)
			die("mmap page");
	}
	a->addr = base + PAGE_SIZE;
	a->len = len;
	pthread_mutex_lock(&pool_lock);
	a->next = areas;
	areas = a;
	pthread_mutex_unlock(&pool_lock);
	return a->addr;
}

void vunmap(const void *addr)
{
	struct vmap_area **pp, *a = NULL;

	pthread_mutex_lock(&pool_lock);
	for (pp = &areas; *pp; pp = &(*pp)->next) {
		if ((*pp)->addr == addr) {
			a = *pp;
			*pp = a->next;
			break;
		}
	}
	pthread_mutex_unlock(&pool_lock);
	if (!a)
		abort();	/* not a vmap() address */
	if (munmap((unsigned char *)a->addr - PAGE_SIZE, a->len))
		die("munmap");
	free(a);
}
