/*
 * index_bench: times cc_index_parse_file on an index (best of N runs) and
 * reports the process's peak RSS, to keep the event-based reader honest
 * about the "well under a second, memory a small multiple of what is kept"
 * goal. Prints one RESULT line for scripts.
 *   index_bench FILE [RUNS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "index/index.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: index_bench FILE [RUNS]\n");
		return 2;
	}
	int runs = argc > 2 ? atoi(argv[2]) : 3;
	double best = 1e9;
	size_t charts = 0, entries = 0;
	for (int r = 0; r < runs; r++) {
		cc_index *idx = NULL;
		cc_error err;
		double t0 = now();
		if (cc_index_parse_file(argv[1], NULL, &idx, &err) != CC_OK) {
			char msg[2048];
			cc_error_format(&err, msg, sizeof(msg));
			fprintf(stderr, "index_bench: %s\n", msg);
			return 1;
		}
		double t = now() - t0;
		best = t < best ? t : best;
		charts = cc_index_nchart(idx);
		entries = cc_index_nentry(idx);
		cc_index_free(idx);
	}
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	struct stat st;
	long long size = stat(argv[1], &st) == 0 ? (long long)st.st_size : -1;
	printf("index %s: %lld bytes, %zu charts, %zu versions: %.3f s (best of %d), peak RSS %.1f MiB\n",
	       argv[1], size, charts, entries, best, runs, (double)ru.ru_maxrss / 1024.0);
	printf("RESULT index seconds=%.4f rss_kib=%ld bytes=%lld\n", best, ru.ru_maxrss, size);
	return 0;
}
