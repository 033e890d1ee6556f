/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: the subset of KUnit that tests/kunit/ring_kunit.c uses,
 * so that the same suite runs in userspace (kunit.c is the runner).
 */
#ifndef _SHIM_KUNIT_TEST_H
#define _SHIM_KUNIT_TEST_H
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

#define KUNIT_PARAM_DESC_SIZE	128

struct kunit_shim_res;

struct kunit {
	const char *name;
	void *priv;
	const void *param_value;
	bool failed;
	jmp_buf abort;
	struct kunit_shim_res *res;
};

struct kunit_case {
	void (*run_case)(struct kunit *test);
	const char *name;
	const void *(*generate_params)(const void *prev, char *desc);
	bool slow;
};

struct kunit_suite {
	const char name[256];
	int (*suite_init)(struct kunit_suite *suite);
	void (*suite_exit)(struct kunit_suite *suite);
	int (*init)(struct kunit *test);
	void (*exit)(struct kunit *test);
	struct kunit_case *test_cases;
};

typedef void (kunit_action_t)(void *);

void kunit_shim_register(struct kunit_suite *suite);
void kunit_shim_fail(struct kunit *test, bool stop, const char *file,
		     int line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void *kunit_kmalloc_array(struct kunit *test, size_t n, size_t size,
			  gfp_t gfp);
int kunit_add_action(struct kunit *test, kunit_action_t *action, void *ctx);
void kunit_info(struct kunit *test, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define kunit_kzalloc(t, s, g)		kunit_kmalloc_array(t, 1, s, (g) | __GFP_ZERO)
#define kunit_kmalloc(t, s, g)		kunit_kmalloc_array(t, 1, s, g)
#define kunit_kcalloc(t, n, s, g)	kunit_kmalloc_array(t, n, s, (g) | __GFP_ZERO)

#define KUNIT_CASE(fn)		{ .run_case = fn, .name = #fn }
#define KUNIT_CASE_SLOW(fn)	{ .run_case = fn, .name = #fn, .slow = true }
#define KUNIT_CASE_PARAM(fn, gen) \
	{ .run_case = fn, .name = #fn, .generate_params = gen }

#define KUNIT_ARRAY_PARAM_DESC(name, array, member)			\
	static const void *name##_gen_params(const void *prev, char *desc) \
	{								\
		__typeof__((array)[0]) *__next = prev ?			\
			((__typeof__(__next))prev) + 1 : (array);	\
		if (__next - (array) < (long)ARRAY_SIZE(array)) {	\
			snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s",	\
				 __next->member);			\
			return __next;					\
		}							\
		return NULL;						\
	}

#define kunit_test_suite(s)						\
	__attribute__((constructor)) static void kunit_shim_reg_##s(void) \
	{								\
		kunit_shim_register(&s);				\
	}

#define KUNIT_SHIM_CMP(t, stop, l, op, r, fmt, ...)			\
	do {								\
		__typeof__(l) __l = (l);				\
		__typeof__(r) __r = (r);				\
		if (!(__l op __r))					\
			kunit_shim_fail(t, stop, __FILE__, __LINE__,	\
				"Expected %s %s %s, but %s == %lld (0x%llx), " \
				"%s == %lld (0x%llx) " fmt,		\
				#l, #op, #r, #l, (long long)__l,	\
				(unsigned long long)__l, #r,		\
				(long long)__r, (unsigned long long)__r, \
				##__VA_ARGS__);				\
	} while (0)

#define KUNIT_SHIM_COND(t, stop, c, what)				\
	do {								\
		if (!(c))						\
			kunit_shim_fail(t, stop, __FILE__, __LINE__,	\
					"Expected %s %s", #c, what);	\
	} while (0)

#define KUNIT_EXPECT_EQ(t, l, r)	KUNIT_SHIM_CMP(t, false, l, ==, r, "")
#define KUNIT_EXPECT_NE(t, l, r)	KUNIT_SHIM_CMP(t, false, l, !=, r, "")
#define KUNIT_EXPECT_LT(t, l, r)	KUNIT_SHIM_CMP(t, false, l, <, r, "")
#define KUNIT_EXPECT_LE(t, l, r)	KUNIT_SHIM_CMP(t, false, l, <=, r, "")
#define KUNIT_EXPECT_GT(t, l, r)	KUNIT_SHIM_CMP(t, false, l, >, r, "")
#define KUNIT_EXPECT_GE(t, l, r)	KUNIT_SHIM_CMP(t, false, l, >=, r, "")
#define KUNIT_EXPECT_EQ_MSG(t, l, r, fmt, ...) \
	KUNIT_SHIM_CMP(t, false, l, ==, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_PTR_EQ(t, l, r) \
	KUNIT_SHIM_CMP(t, false, (const void *)(l), ==, (const void *)(r), "")
#define KUNIT_EXPECT_TRUE(t, c)		KUNIT_SHIM_COND(t, false, c, "to be true")
#define KUNIT_EXPECT_FALSE(t, c)	KUNIT_SHIM_COND(t, false, !(c), "")
#define KUNIT_EXPECT_NULL(t, p)		KUNIT_SHIM_COND(t, false, (p) == NULL, "")
#define KUNIT_EXPECT_NOT_NULL(t, p)	KUNIT_SHIM_COND(t, false, (p) != NULL, "")

#define KUNIT_ASSERT_EQ(t, l, r)	KUNIT_SHIM_CMP(t, true, l, ==, r, "")
#define KUNIT_ASSERT_NE(t, l, r)	KUNIT_SHIM_CMP(t, true, l, !=, r, "")
#define KUNIT_ASSERT_LT(t, l, r)	KUNIT_SHIM_CMP(t, true, l, <, r, "")
#define KUNIT_ASSERT_LE(t, l, r)	KUNIT_SHIM_CMP(t, true, l, <=, r, "")
#define KUNIT_ASSERT_GT(t, l, r)	KUNIT_SHIM_CMP(t, true, l, >, r, "")
#define KUNIT_ASSERT_GE(t, l, r)	KUNIT_SHIM_CMP(t, true, l, >=, r, "")
#define KUNIT_ASSERT_EQ_MSG(t, l, r, fmt, ...) \
	KUNIT_SHIM_CMP(t, true, l, ==, r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_TRUE(t, c)		KUNIT_SHIM_COND(t, true, c, "to be true")
#define KUNIT_ASSERT_FALSE(t, c)	KUNIT_SHIM_COND(t, true, !(c), "")
#define KUNIT_ASSERT_NOT_NULL(t, p)	KUNIT_SHIM_COND(t, true, (p) != NULL, "")
#define KUNIT_FAIL(t, fmt, ...) \
	kunit_shim_fail(t, false, __FILE__, __LINE__, fmt, ##__VA_ARGS__)

#endif
