/*
 * libFuzzer target for loading a chart from a .tgz: cc_chart_load reads a
 * path, so each input is written to one temporary .tgz file per process
 * and loaded from there (archive reader, Chart.yaml, values, schema, lock,
 * .helmignore, subcharts under charts/, package order). As in fuzz_archive,
 * input without the gzip magic is a raw tar stream wrapped in a stored
 * gzip member, so the fuzzer reaches the tar and chart layers directly.
 * A loaded chart's package list, lock and findings are read back.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "gzip_wrap.h"

#include "chart/chart.h"
#include "lock/lock.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char tgz_path[4096];

static void cleanup(void)
{
	unlink(tgz_path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *tmp = getenv("TMPDIR");
	snprintf(tgz_path, sizeof(tgz_path), "%s/chartci-fuzz-chart-XXXXXX.tgz", tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemps(tgz_path, 4);
	if (fd < 0) {
		perror("fuzz_chartload: mkstemps");
		exit(1);
	}
	close(fd);
	atexit(cleanup);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *owned;
	size_t len;
	const uint8_t *in = as_tgz(data, size, &len, &owned);
	FILE *f = fopen(tgz_path, "wb");
	if (!f || fwrite(in, 1, len, f) != len || fclose(f) != 0)
		abort();
	free(owned);

	cc_chart *c = NULL;
	cc_error err;
	cc_chart_opts o = { 1 << 20, 1 << 20, 0 };
	int rc = cc_chart_load(&c, tgz_path, "fuzz", &o, &err);
	if (rc != CC_OK) {
		if (c || rc > 0 || !err.msg[0])
			abort();
		return 0;
	}
	if (!c || !c->is_archive)
		abort();
	for (size_t i = 0; i < c->findings.n; i++)
		if (!c->findings.v[i].rule || !c->findings.v[i].msg)
			abort();
	cc_strvec list = CC_STRVEC_INIT;
	cc_chart_package_list(c, &list);
	cc_strvec_free(&list);
	cc_lock *l = NULL;
	if (cc_lock_read(c, &l, &err) == CC_OK)
		cc_lock_free(l);
	cc_chart_free(c);
	return 0;
}
