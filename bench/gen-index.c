/*
 * gen-index: writes a synthetic chart repository index.yaml to stdout, N
 * charts of M versions each (default 300 x 150, about the size of the
 * biggest public repositories), shaped as `helm repo index` writes them:
 * keys in alphabetical order, versions newest first, `generated` last.
 * Output is deterministic, so timings compare across runs.
 *   gen-index [CHARTS [VERSIONS]]
 */
#include <stdio.h>
#include <stdlib.h>

static unsigned long next(unsigned long *s)
{
	*s = *s * 6364136223846793005UL + 1442695040888963407UL;
	return *s >> 33;
}

static void digest(unsigned long *s)
{
	for (int i = 0; i < 8; i++)
		printf("%08lx", next(s) & 0xffffffffUL);
}

/* The version of the i-th newest of m: patch releases in minors in majors. */
static void version(int i, int m, int *maj, int *min, int *pat)
{
	int k = m - 1 - i;
	*maj = k / 50;
	*min = (k % 50) / 10;
	*pat = k % 10;
}

static void entry(int c, int i, int m, unsigned long *s)
{
	int maj, min, pat;
	version(i, m, &maj, &min, &pat);
	printf("  - annotations:\n      category: Infrastructure\n      licenses: Apache-2.0\n");
	printf("    apiVersion: v2\n    appVersion: %d.%d.%d\n", maj + 1, min * 2, pat);
	printf("    created: \"2025-%02d-%02dT%02d:%02d:%02d.%09luZ\"\n", 1 + (i % 12), 1 + (i % 28),
	       i % 24, i % 60, c % 60, next(s) % 1000000000UL);
	printf("    dependencies:\n    - name: common\n      repository: oci://registry.example.com/charts\n"
	       "      tags:\n      - app-common\n      version: 2.x.x\n");
	printf("    description: Chart number %d, a synthetic application for benchmarks\n", c);
	printf("    digest: ");
	digest(s);
	printf("\n    home: https://example.com/charts/chart%d\n", c);
	printf("    icon: https://example.com/icons/chart%d.svg\n", c);
	printf("    keywords:\n    - chart%d\n    - benchmark\n    - synthetic\n", c);
	printf("    maintainers:\n    - email: team%d@example.com\n      name: Team %d\n      url: https://example.com/team%d\n",
	       c % 17, c % 17, c % 17);
	printf("    name: chart%04d\n", c);
	printf("    sources:\n    - https://github.com/example/chart%d\n", c);
	printf("    urls:\n    - https://charts.example.com/chart%04d-%d.%d.%d.tgz\n", c, maj, min, pat);
	printf("    version: %d.%d.%d\n", maj, min, pat);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 300;
	int m = argc > 2 ? atoi(argv[2]) : 150;
	unsigned long s = 42;
	if (n < 0 || m < 0) {
		fprintf(stderr, "usage: gen-index [CHARTS [VERSIONS]]\n");
		return 2;
	}
	printf("apiVersion: v1\nentries:\n");
	for (int c = 0; c < n; c++) {
		printf("  chart%04d:\n", c);
		for (int i = 0; i < m; i++)
			entry(c, i, m, &s);
	}
	printf("generated: \"2025-12-01T10:00:00.123456789Z\"\n");
	return 0;
}
