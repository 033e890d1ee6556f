// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace KUnit runner: runs every suite registered through the shim's
 * kunit_test_suite(), one process, in order, and ends with
 * "ring-unit: N passed, N failed". A parameterised case counts once
 * per parameter, as kunit.py counts it.
 *
 *   ring_test [-v] [suite.case-substring]
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kunit/test.h>

struct kunit_shim_res {
	kunit_action_t *action;
	void *ctx;
	struct kunit_shim_res *next;
};

#define MAX_SUITES 16

static struct kunit_suite *suites[MAX_SUITES];
static int nsuites;
static bool verbose;

void kunit_shim_register(struct kunit_suite *suite)
{
	if (nsuites == MAX_SUITES)
		abort();
	suites[nsuites++] = suite;
}

void kunit_shim_fail(struct kunit *test, bool stop, const char *file,
		     int line, const char *fmt, ...)
{
	va_list ap;

	printf("    # %s: %s at %s:%d\n    ", test->name,
	       stop ? "ASSERTION FAILED" : "EXPECTATION FAILED", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	test->failed = true;
	if (stop)
		longjmp(test->abort, 1);
}

void kunit_info(struct kunit *test, const char *fmt, ...)
{
	va_list ap;

	printf("    # %s: ", test->name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

int kunit_add_action(struct kunit *test, kunit_action_t *action, void *ctx)
{
	struct kunit_shim_res *r = malloc(sizeof(*r));

	if (!r)
		return -1;
	r->action = action;
	r->ctx = ctx;
	r->next = test->res;
	test->res = r;
	return 0;
}

static void free_action(void *p)
{
	free(p);
}

void *kunit_kmalloc_array(struct kunit *test, size_t n, size_t size,
			  gfp_t gfp)
{
	void *p = (gfp & __GFP_ZERO) ? calloc(n ? n : 1, size ? size : 1) :
				       malloc(n * size ? n * size : 1);

	if (p && kunit_add_action(test, free_action, p)) {
		free(p);
		p = NULL;
	}
	return p;
}

static bool run_one(struct kunit_suite *s, struct kunit_case *c,
		    const void *param, const char *desc)
{
	struct kunit test = { .name = c->name, .param_value = param };
	struct kunit_shim_res *r;

	if (!setjmp(test.abort)) {
		if (s->init && s->init(&test))
			test.failed = true;
		else
			c->run_case(&test);
	}
	if (s->exit)
		s->exit(&test);
	while ((r = test.res)) {
		test.res = r->next;
		r->action(r->ctx);
		free(r);
	}
	if (verbose || test.failed)
		printf("    %s %s%s%s\n", test.failed ? "not ok" : "ok", c->name,
		       desc ? " - " : "", desc ? desc : "");
	return !test.failed;
}

int main(int argc, char **argv)
{
	const char *filter = NULL;
	char desc[KUNIT_PARAM_DESC_SIZE], full[512];
	int passed = 0, failed = 0, i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-v"))
			verbose = true;
		else
			filter = argv[i];
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < nsuites; i++) {
		struct kunit_suite *s = suites[i];
		struct kunit_case *c;
		int sp = passed, sf = failed;

		if (s->suite_init && s->suite_init(s)) {
			printf("not ok %s (suite_init)\n", s->name);
			failed++;
			continue;
		}
		for (c = s->test_cases; c->run_case; c++) {
			const void *param;

			snprintf(full, sizeof(full), "%s.%s", s->name, c->name);
			if (filter && !strstr(full, filter))
				continue;
			if (!c->generate_params) {
				run_one(s, c, NULL, NULL) ? passed++ : failed++;
				continue;
			}
			desc[0] = 0;
			for (param = c->generate_params(NULL, desc); param;
			     param = c->generate_params(param, desc)) {
				run_one(s, c, param, desc) ? passed++ :
							     failed++;
				desc[0] = 0;
			}
		}
		if (s->suite_exit)
			s->suite_exit(s);
		printf("%s %s: %d passed, %d failed\n",
		       failed == sf ? "ok" : "not ok", s->name, passed - sp,
		       failed - sf);
	}
	printf("ring-unit: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
