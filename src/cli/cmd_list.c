/*
 * chartci list [options] [PATH...]
 *
 * Prints the charts found under the PATHs, one per line (or as JSON with
 * name, version and path), in the order every other command visits them.
 */
#include "cli/cli.h"
#include "cli/targets.h"

#include <jansson.h>
#include <stdio.h>

static void help(void)
{
	printf("usage: chartci list [options] [PATH...]\n"
	       "\n"
	       "Lists the charts found under each PATH (default: the working directory),\n"
	       "one path per line; with --format json, name, version and path of each.\n"
	       "\n"
	       "options:\n"
	       "  -x, --exclude GLOB directories to skip (repeatable)\n"
	       "  -f, --format FMT   text (default) or json\n"
	       "  -h, --help         this help\n");
}

static json_t *describe(const char *path)
{
	cc_chart *c = NULL;
	cc_error err;
	cc_chart_opts o = { 0, 0, 1 };
	json_t *j = json_object();
	json_object_set_new(j, "path", json_string(path));
	if (cc_chart_load(&c, path, path, &o, &err) == CC_OK) {
		json_object_set_new(j, "name", c->name ? json_string(c->name) : json_null());
		json_object_set_new(j, "version", c->version ? json_string(c->version) : json_null());
		json_object_set_new(j, "apiVersion", json_string(c->api_version ? c->api_version : "v1"));
		cc_chart_free(c);
	}
	return j;
}

static int print_list(const cc_cli *cli, const cc_strvec *charts)
{
	if (cli->format == CC_FORMAT_TEXT) {
		for (size_t i = 0; i < charts->n; i++)
			printf("%s\n", charts->v[i]);
		return CC_EXIT_OK;
	}
	if (cli->format != CC_FORMAT_JSON)
		return cc_cli_usage_error("list", "--format takes text or json here");
	json_t *arr = json_array();
	for (size_t i = 0; i < charts->n; i++)
		json_array_append_new(arr, describe(charts->v[i]));
	json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(arr);
	return CC_EXIT_OK;
}

int cc_cmd_list(cc_cli *cli, int argc, char **argv)
{
	cc_findings fs = CC_FINDINGS_INIT;
	cc_strvec charts = CC_STRVEC_INIT;
	int r = cc_cli_parse_charts(cli, "list", argc, argv, help, &charts, &fs);
	if (r == -1)
		r = fs.n > 0 ? cc_cli_report(cli, &fs, 0) : print_list(cli, &charts);
	cc_findings_free(&fs);
	cc_strvec_free(&charts);
	return r;
}
