/*
 * Benchmark for src/semver: parsing a million mixed version strings (the
 * shapes found in chart repositories: plain, v-prefixed, partial, with
 * prerelease and build metadata, leading zeros, and a share of invalid
 * ones), then constraint parsing and checking. Not a test: it prints
 * timings, best of several runs, and with --write FILE saves its input so
 * bench/go/ can time helm's library on exactly the same strings.
 *
 *   semver_bench [--write FILE] [--count N] [--runs R]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "semver/semver.h"

typedef struct input {
	char **s;
	size_t *len;
	size_t n;
} input;

static uint64_t rnd(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* One version string; the mix is documented in bench/README.md. */
static void make_one(char *b, size_t bsz, uint64_t *x)
{
	static const char *const pre[] = { "rc.1", "alpha", "beta.2", "rc.12", "0", "SNAPSHOT", "alpha.beta.1" };
	static const char *const bad[] = { "1.2.x", "foo", "1.2.3.4", "1.2.3-beta.01", "18446744073709551616.0.0",
					   "", "v", "1.2.3+", "=1.2.3", " 1.2.3" };
	unsigned a = (unsigned)(rnd(x) % 40), m = (unsigned)(rnd(x) % 100), p = (unsigned)(rnd(x) % 300);
	unsigned kind = (unsigned)(rnd(x) % 100);
	if (kind < 40)
		snprintf(b, bsz, "%u.%u.%u", a, m, p);
	else if (kind < 55)
		snprintf(b, bsz, "v%u.%u.%u", a, m, p);
	else if (kind < 70)
		snprintf(b, bsz, "%u.%u.%u-%s+build.%u", a, m, p, pre[rnd(x) % 7], p * 7);
	else if (kind < 80)
		snprintf(b, bsz, (kind & 1) ? "%u.%u" : "v%u.%u-beta.%u", a, m, p);
	else if (kind < 90)
		snprintf(b, bsz, "0%u.%u.0%u", a, m, p);
	else
		snprintf(b, bsz, "%s", bad[rnd(x) % 10]);
}

static input generate(size_t n)
{
	input in = { malloc(n * sizeof(char *)), malloc(n * sizeof(size_t)), n };
	uint64_t x = 0x2545F4914F6CDD1Dull;
	char b[128];
	for (size_t i = 0; i < n; i++) {
		make_one(b, sizeof(b), &x);
		in.s[i] = strdup(b);
		in.len[i] = strlen(b);
	}
	return in;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Parses every string; returns seconds and the number that parsed. */
static double time_parse(const input *in, int mode, size_t *ok)
{
	double t0 = now();
	size_t good = 0;
	for (size_t i = 0; i < in->n; i++) {
		cc_semver v;
		if (cc_semver_parse_n(&v, in->s[i], in->len[i], mode, NULL) == CC_OK) {
			good++;
			cc_semver_free(&v);
		}
	}
	*ok = good;
	return now() - t0;
}

/* Checks every valid version against a dependency-style constraint. */
static double time_check(const cc_semver *vs, size_t n, const cc_constraint *c, size_t *hits)
{
	double t0 = now();
	size_t h = 0;
	for (size_t i = 0; i < n; i++)
		h += (size_t)cc_constraint_check(c, &vs[i], 0);
	*hits = h;
	return now() - t0;
}

static double time_constraints(size_t n)
{
	static const char *const cs[] = { "^1.2.3", ">= 1.16.0-0", "~2.0", "1.x.x", ">=1.2.3, <2 || ^3",
					  "1.0.0 - 2.0.0", "!=4.1.x", "*", "=2.8.4", ">= 1.2.3 < 2.0 || => 3.0 < 4" };
	double t0 = now();
	for (size_t i = 0; i < n; i++) {
		cc_constraint c;
		if (cc_constraint_parse(&c, cs[i % 10], NULL) == CC_OK)
			cc_constraint_free(&c);
	}
	return now() - t0;
}

static void report(const char *what, double secs, size_t n)
{
	printf("  %-34s %8.1f ms  %7.1f ns/op\n", what, secs * 1e3, secs * 1e9 / (double)n);
}

static int write_input(const input *in, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	for (size_t i = 0; i < in->n; i++)
		fprintf(f, "%s\n", in->s[i]);
	return fclose(f);
}

int main(int argc, char **argv)
{
	size_t n = 1000000;
	int runs = 5;
	const char *out = NULL;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--write"))
			out = argv[i + 1];
		else if (!strcmp(argv[i], "--count"))
			n = strtoul(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--runs"))
			runs = atoi(argv[i + 1]);
	}
	input in = generate(n);
	if (out && write_input(&in, out) != 0) {
		fprintf(stderr, "semver_bench: cannot write %s\n", out);
		return 2;
	}
	double loose = 1e9, strict = 1e9, check = 1e9, cons = 1e9;
	size_t ok_loose = 0, ok_strict = 0, hits = 0, ncons = n / 10;
	cc_semver *vs = calloc(n, sizeof(*vs));
	size_t nv = 0;
	for (size_t i = 0; i < n; i++)
		if (cc_semver_parse_n(&vs[nv], in.s[i], in.len[i], CC_SEMVER_LOOSE, NULL) == CC_OK)
			nv++;
	cc_constraint c;
	cc_constraint_parse(&c, ">= 1.2.3, < 20.0.0 || ^30.1", NULL);
	for (int r = 0; r < runs; r++) {
		double t = time_parse(&in, CC_SEMVER_LOOSE, &ok_loose);
		loose = t < loose ? t : loose;
		t = time_parse(&in, CC_SEMVER_STRICT, &ok_strict);
		strict = t < strict ? t : strict;
		t = time_check(vs, nv, &c, &hits);
		check = t < check ? t : check;
		t = time_constraints(ncons);
		cons = t < cons ? t : cons;
	}
	printf("semver bench: %zu mixed version strings, best of %d runs\n", n, runs);
	printf("  (loose parse accepts %zu, strict %zu)\n", ok_loose, ok_strict);
	report("parse, loose (helm's NewVersion)", loose, n);
	report("parse, strict (StrictNewVersion)", strict, n);
	report("check against a constraint", check, nv);
	report("parse a constraint", cons, ncons);
	printf("RESULT c loose_ns=%.1f strict_ns=%.1f check_ns=%.1f constraint_ns=%.1f\n", loose * 1e9 / (double)n,
	       strict * 1e9 / (double)n, check * 1e9 / (double)nv, cons * 1e9 / (double)ncons);
	cc_constraint_free(&c);
	for (size_t i = 0; i < nv; i++)
		cc_semver_free(&vs[i]);
	free(vs);
	for (size_t i = 0; i < n; i++)
		free(in.s[i]);
	free(in.s);
	free(in.len);
	return 0;
}
