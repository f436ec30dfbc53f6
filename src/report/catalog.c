/*
 * catalog: every rule id chartci can report, with its default severity, a
 * one-line summary and a paragraph on what it checks and why.
 *
 * This table is what SARIF's rule descriptors and `chartci rules` print, and
 * docs/rules.md documents the same ids; the unit tests hold the three
 * together (ids unique, sorted, well formed, each one documented), so a
 * rule cannot ship without a description a user can look up.
 *
 * Keep the table sorted by id (bytewise): lookups and listings rely on it
 * being in a fixed, reviewable order. Summaries and descriptions stay under
 * 1024 characters, SARIF's limit for shortDescription and fullDescription.
 */
#include "report/report.h"

#include <string.h>

static const cc_rule_info catalog[] = {
	{ "chart/archive-invalid", CC_SEV_ERROR,
	  "A chart archive is corrupt or unsafe.",
	  "A .tgz chart (given on the command line or found in charts/) could not be read as a "
	  "gzip-compressed tar file, or it holds an entry chartci refuses: an absolute path, a "
	  "path that climbs out with \"..\", a symlink, hard link, device or FIFO, or more data "
	  "or entries than the archive bounds allow. helm fails on a corrupt archive, an "
	  "unsafe entry could write outside the directory a tool extracts it to, and a gzip "
	  "bomb would exhaust the runner, so the archive is not loaded at all." },
	{ "chart/field-type", CC_SEV_ERROR,
	  "A Chart.yaml field has the wrong YAML type.",
	  "A field of Chart.yaml holds a value of the wrong YAML type: a number, boolean or "
	  "mapping where helm expects a string, or a scalar where it expects a list. helm "
	  "converts some of these silently and loses information on the way: `version: 1.0` "
	  "is read as the float 1 and becomes \"1\", and `appVersion: 1.10` becomes \"1.1\". "
	  "helm lint reports the same problem for version and appVersion." },
	{ "chart/file-missing", CC_SEV_ERROR,
	  "A chart has no Chart.yaml, or a path given as a chart is not a chart.",
	  "The directory has no Chart.yaml, or a path given on the command line is neither a "
	  "chart directory nor a chart archive. Chart.yaml is the one file every chart must "
	  "have: helm refuses to load, lint or package a chart without it. A .helmignore that "
	  "ignores Chart.yaml has the same effect." },
	{ "chart/file-too-large", CC_SEV_ERROR,
	  "A chart file is larger than helm's 5 MiB limit.",
	  "A file of the chart is larger than 5 MiB, the limit helm applies to every file it "
	  "loads from a chart. helm refuses to load such a chart, so it cannot be installed "
	  "or packaged. Large data files usually belong outside the chart or in a "
	  ".helmignore." },
	{ "chart/file-unreadable", CC_SEV_ERROR,
	  "A chart file cannot be read.",
	  "A file chartci must read to load the chart could not be read: the operating system "
	  "reported an I/O or permission error, the path is a directory or another kind of "
	  "non-regular file, or the file exceeds chartci's size bound for its kind. Nothing "
	  "else about the file can be checked until it can be read." },
	{ "chart/helmignore-invalid", CC_SEV_ERROR,
	  "The chart's .helmignore has a pattern helm refuses.",
	  "A line of .helmignore is a pattern helm rejects: it uses the unsupported `**` "
	  "syntax, or it is not a valid glob (for example an unclosed `[`). helm aborts "
	  "loading and packaging the chart on such a line, so a chart that looks fine "
	  "locally fails on the first `helm package` or `helm install` from source." },
	{ "chart/not-mapping", CC_SEV_ERROR,
	  "Chart.yaml is not a YAML mapping.",
	  "Chart.yaml parses as YAML but its top level is not a mapping of field names to "
	  "values (it is a list, a scalar or empty). helm cannot read chart metadata from "
	  "anything else, so no other Chart.yaml check can run." },
	{ "chart/subchart-invalid", CC_SEV_ERROR,
	  "An entry of charts/ cannot be loaded as a chart.",
	  "A directory or archive inside the chart's charts/ directory cannot be loaded as a "
	  "chart. helm loads every entry of charts/ as a subchart when it installs, lints or "
	  "packages the parent, so one broken entry breaks the parent chart too." },
	{ "chart/unsafe-path", CC_SEV_ERROR,
	  "A chart entry is a symlink leading outside the chart, or not a regular file.",
	  "An entry of the chart directory cannot be packaged safely: a symlink whose target "
	  "is outside the chart or does not exist, a symlink loop, directories nested beyond "
	  "chartci's bound, or an entry that is neither a regular file nor a directory (a "
	  "FIFO, socket or device). Following a link out of the chart would put files from "
	  "elsewhere on the machine into the package, and reading a FIFO or device can hang a "
	  "CI job, so chartci reads none of them." },
	{ "config/invalid", CC_SEV_ERROR,
	  "The .chartci.yaml configuration file is not valid.",
	  "The repository's .chartci.yaml does not parse, is not a mapping, has a key chartci "
	  "does not know, or has a value of the wrong type or out of range. chartci stops "
	  "rather than guess: running with part of a configuration ignored would check "
	  "something other than what the repository asked for." },
	{ "schema/json-syntax", CC_SEV_ERROR,
	  "values.schema.json is not valid JSON.",
	  "The chart's values.schema.json does not parse as JSON. helm reads this file on "
	  "every install, upgrade, template and lint, and fails on a syntax error, so the "
	  "chart cannot be installed until it is fixed." },
	{ "values/not-mapping", CC_SEV_ERROR,
	  "A values file is not a YAML mapping.",
	  "values.yaml, or a ci/*-values.yaml file used for testing, parses as YAML but its top "
	  "level is not a mapping (it is a list or a scalar). helm merges values as mappings "
	  "and refuses anything else. An empty file is fine: helm treats it as no values." },
	{ "yaml/duplicate-key", CC_SEV_WARNING,
	  "A YAML mapping has the same key twice.",
	  "A mapping in a chart's YAML file has the same key more than once. helm accepts this "
	  "silently and keeps the last value, so the first one is dead text that readers "
	  "and reviewers take for the real setting; helm lint (v4) warns about it in "
	  "Chart.yaml." },
	{ "yaml/limit", CC_SEV_ERROR,
	  "A YAML file exceeds a nesting, alias or size bound.",
	  "A YAML file nests deeper, expands more aliases or is larger than chartci's bounds "
	  "allow. Aliases can make a few hundred bytes expand to gigabytes (the billion laughs "
	  "attack); the bounds keep a hostile or broken chart from exhausting a CI runner's "
	  "memory or time. Real charts stay far below them." },
	{ "yaml/syntax", CC_SEV_ERROR,
	  "A YAML file does not parse.",
	  "A chart's YAML file (Chart.yaml, values.yaml, Chart.lock, requirements.yaml or a "
	  "ci/*-values.yaml) is not valid YAML. helm cannot load the chart, so nothing else "
	  "about the file can be checked. The finding points at the line and column where "
	  "the parser stopped." },
	{ NULL, CC_SEV_INFO, NULL, NULL },
};

const cc_rule_info *cc_rule_catalog(void)
{
	return catalog;
}

const cc_rule_info *cc_rule_lookup(const char *id)
{
	for (const cc_rule_info *r = catalog; id && r->id; r++)
		if (strcmp(r->id, id) == 0)
			return r;
	return NULL;
}
