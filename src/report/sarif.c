/*
 * sarif: the two JSON documents, chartci's own (for scripts) and SARIF
 * 2.1.0 (for GitHub code scanning), both built with jansson and dumped with
 * two-space indent in insertion order, so the bytes are stable run to run.
 *
 * jansson refuses strings that are not valid UTF-8, and findings quote
 * chart content that may be anything, so every string goes through
 * utf8_clean first: one bad byte in a file name must not cost the whole
 * report.
 *
 * SARIF notes, from what GitHub's upload requires:
 *   - rules[] lists only the rules the results use, sorted by id, and a
 *     rule missing from the catalogue still gets a descriptor, so the
 *     document is valid whatever a stage reports;
 *   - artifact URIs are relative references, percent-encoded, so a path
 *     with a space or a colon stays one path and never reads as a scheme;
 *   - primaryLocationLineHash hashes rule, path and message but not the
 *     line, so an alert survives lines being inserted above it. The ":N"
 *     suffix counts identical hashes in output order, as GitHub's own
 *     fingerprinting does, so two equal findings in one file stay two
 *     alerts instead of being merged.
 */
#include "report/report_int.h"

#include <jansson.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER)
#define HASH_HEX 16

/* ---------------------------------------------------------------- UTF-8 */

static int cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

static int between(unsigned char c, unsigned char lo, unsigned char hi)
{
	return c >= lo && c <= hi;
}

/* Length of the well-formed sequence at p (RFC 3629: no overlongs, no
 * surrogates, nothing past U+10FFFF), or 0. The NUL terminator is never a
 * continuation byte, so the checks stop before reading past it. */
static size_t utf8_len(const unsigned char *p)
{
	unsigned char c = p[0];
	if (c < 0x80)
		return 1;
	if (between(c, 0xC2, 0xDF))
		return cont(p[1]) ? 2 : 0;
	if (between(c, 0xE0, 0xEF)) {
		unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
		return between(p[1], lo, hi) && cont(p[2]) ? 3 : 0;
	}
	if (between(c, 0xF0, 0xF4)) {
		unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
		return between(p[1], lo, hi) && cont(p[2]) && cont(p[3]) ? 4 : 0;
	}
	return 0;
}

/* A copy with each byte that starts no well-formed sequence replaced by U+FFFD. */
static char *utf8_clean(const char *s)
{
	cc_buf b = CC_BUF_INIT;
	const unsigned char *p = (const unsigned char *)cc_report_nz(s);
	while (*p) {
		size_t n = utf8_len(p);
		if (n == 0) {
			cc_buf_puts(&b, "\xEF\xBF\xBD");
			n = 1;
		} else {
			cc_buf_put(&b, p, n);
		}
		p += n;
	}
	return cc_buf_detach(&b);
}

/* ---------------------------------------------------------------- jansson helpers */

static void set_str(json_t *o, const char *key, const char *s)
{
	char *clean = utf8_clean(s);
	json_object_set_new(o, key, json_string(clean));
	free(clean);
}

static void set_int(json_t *o, const char *key, long long v)
{
	json_object_set_new(o, key, json_integer((json_int_t)v));
}

static json_t *text_obj(const char *s)
{
	json_t *o = json_object();
	set_str(o, "text", s);
	return o;
}

/* Takes the reference to doc. */
static int dump(cc_buf *b, json_t *doc, cc_error *err)
{
	char *s = json_dumps(doc, DUMP_FLAGS);
	json_decref(doc);
	if (!s)
		return cc_error_set(err, CC_ERROR, "", 0, 0, "cannot serialise the report as JSON");
	cc_buf_puts(b, s);
	cc_buf_putc(b, '\n');
	free(s);
	return CC_OK;
}

static const char *tool_version(const cc_report_opts *o)
{
	return o->tool_version && o->tool_version[0] ? o->tool_version : "0.0.0";
}

/* ---------------------------------------------------------------- JSON */

static json_t *json_finding(const cc_finding *f)
{
	json_t *o = json_object();
	set_str(o, "severity", cc_severity_name(f->sev));
	set_str(o, "rule", f->rule);
	set_str(o, "file", f->file);
	if (f->line > 0) {
		set_int(o, "line", f->line);
		if (f->col > 0)
			set_int(o, "column", f->col);
	}
	set_str(o, "message", f->msg);
	if (f->hint)
		set_str(o, "hint", f->hint);
	if (f->chart)
		set_str(o, "chart", f->chart);
	return o;
}

int cc_report_fmt_json(cc_buf *b, const cc_findings *fs, const cc_report_opts *o, cc_error *err)
{
	cc_report_tally t;
	cc_report_count(fs, &t);
	json_t *tool = json_object();
	set_str(tool, "name", "chartci");
	set_str(tool, "version", tool_version(o));
	json_t *sum = json_object();
	set_int(sum, "charts", (long long)o->charts);
	set_int(sum, "errors", (long long)t.n[CC_SEV_ERROR]);
	set_int(sum, "warnings", (long long)t.n[CC_SEV_WARNING]);
	set_int(sum, "infos", (long long)t.n[CC_SEV_INFO]);
	json_t *list = json_array();
	for (size_t i = 0; i < fs->n; i++)
		json_array_append_new(list, json_finding(&fs->v[i]));
	json_t *doc = json_object();
	json_object_set_new(doc, "tool", tool);
	json_object_set_new(doc, "summary", sum);
	json_object_set_new(doc, "findings", list);
	return dump(b, doc, err);
}

/* ---------------------------------------------------------------- SARIF: rules */

static const char *sarif_level(cc_severity sev)
{
	switch (sev) {
	case CC_SEV_INFO: return "note";
	case CC_SEV_WARNING: return "warning";
	case CC_SEV_ERROR:
	default: return "error";
	}
}

static int ascii_alnum(unsigned char c)
{
	return between(c, 'a', 'z') || between(c, 'A', 'Z') || between(c, '0', '9');
}

/* "yaml/duplicate-key" -> "YamlDuplicateKey". */
static char *camel_case(const char *id)
{
	cc_buf b = CC_BUF_INIT;
	int up = 1;
	for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
		if (!ascii_alnum(*p)) {
			up = 1;
			continue;
		}
		cc_buf_putc(&b, (char)(up && between(*p, 'a', 'z') ? *p - 'a' + 'A' : *p));
		up = 0;
	}
	return cc_buf_detach(&b);
}

/* The rule's help points at its section of docs/rules.md in the project;
 * no URL, since where the project is hosted is the user's business. */
static json_t *rule_help(const char *id, const cc_rule_info *ri)
{
	json_t *h = json_object();
	if (!ri) {
		set_str(h, "text", id);
		set_str(h, "markdown", id);
		return h;
	}
	char *text = cc_asprintf("%s\n\nSee the section %s in chartci's docs/rules.md.", ri->description, id);
	char *md = cc_asprintf("**%s**\n\n%s\n\nSee the section `%s` in chartci's docs/rules.md.",
			       ri->summary, ri->description, id);
	set_str(h, "text", text);
	set_str(h, "markdown", md);
	free(text);
	free(md);
	return h;
}

static json_t *sarif_rule(const char *id)
{
	const cc_rule_info *ri = cc_rule_lookup(id);
	char *name = camel_case(id);
	json_t *r = json_object();
	set_str(r, "id", id);
	set_str(r, "name", name);
	json_object_set_new(r, "shortDescription", text_obj(ri ? ri->summary : id));
	json_object_set_new(r, "fullDescription", text_obj(ri ? ri->description : id));
	json_object_set_new(r, "help", rule_help(id, ri));
	json_t *cfg = json_object();
	set_str(cfg, "level", sarif_level(ri ? ri->default_sev : CC_SEV_WARNING));
	json_object_set_new(r, "defaultConfiguration", cfg);
	free(name);
	return r;
}

static void used_rules(const cc_findings *fs, cc_strvec *ids)
{
	for (size_t i = 0; i < fs->n; i++)
		if (!cc_strvec_contains(ids, cc_report_nz(fs->v[i].rule)))
			cc_strvec_push(ids, cc_report_nz(fs->v[i].rule));
	cc_strvec_sort(ids);
}

static size_t rule_index(const cc_strvec *ids, const char *id)
{
	size_t i = 0;
	while (i < ids->n && strcmp(ids->v[i], cc_report_nz(id)) != 0)
		i++;
	return i;
}

/* semanticVersion is SemVer 2.0, which has no "v" prefix. */
static json_t *sarif_driver(const cc_strvec *ids, const cc_report_opts *o)
{
	const char *v = tool_version(o);
	json_t *d = json_object();
	set_str(d, "name", "chartci");
	set_str(d, "semanticVersion", v[0] == 'v' ? v + 1 : v);
	json_t *rules = json_array();
	for (size_t i = 0; i < ids->n; i++)
		json_array_append_new(rules, sarif_rule(ids->v[i]));
	json_object_set_new(d, "rules", rules);
	return d;
}

/* ---------------------------------------------------------------- SARIF: results */

/* The artifact a finding points at: its file, else its chart, else the
 * repository itself, because GitHub rejects a result without a location. */
static const char *loc_path(const cc_finding *f)
{
	if (cc_report_nz(f->file)[0])
		return f->file;
	if (cc_report_nz(f->chart)[0])
		return f->chart;
	return ".";
}

static int uri_plain(unsigned char c)
{
	return ascii_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
}

/* RFC 3986 relative reference: unreserved bytes and '/' as they are, the
 * rest as %XX. A leading "//" would read as an authority, so it collapses
 * to one '/', which names the same POSIX path. */
static char *uri_ref(const char *path)
{
	cc_buf b = CC_BUF_INIT;
	const unsigned char *p = (const unsigned char *)path;
	while (p[0] == '/' && p[1] == '/')
		p++;
	for (; *p; p++) {
		if (uri_plain(*p))
			cc_buf_putc(&b, (char)*p);
		else
			cc_buf_printf(&b, "%%%02X", *p);
	}
	return cc_buf_detach(&b);
}

typedef struct fp_entry {
	char hash[HASH_HEX + 1];
	size_t idx;
	unsigned occ;
} fp_entry;

/* NUL-separated, so ("a", "bc") and ("ab", "c") hash differently. */
static int line_hash(const cc_finding *f, char out[HASH_HEX + 1], cc_error *err)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	cc_buf data = CC_BUF_INIT;
	cc_buf_put(&data, cc_report_nz(f->rule), strlen(cc_report_nz(f->rule)) + 1);
	cc_buf_put(&data, loc_path(f), strlen(loc_path(f)) + 1);
	cc_buf_puts(&data, cc_report_nz(f->msg));
	int ok = EVP_Digest(data.ptr, data.len, md, &mdlen, EVP_sha256(), NULL) == 1;
	cc_buf_free(&data);
	if (!ok || mdlen < HASH_HEX / 2)
		return cc_error_set(err, CC_ERROR, "", 0, 0, "cannot compute a SHA-256 fingerprint");
	for (size_t i = 0; i < HASH_HEX / 2; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 0xF];
	}
	out[HASH_HEX] = '\0';
	return CC_OK;
}

static int cmp_fp(const void *a, const void *b)
{
	const fp_entry *x = *(const fp_entry *const *)a;
	const fp_entry *y = *(const fp_entry *const *)b;
	int c = strcmp(x->hash, y->hash);
	if (c != 0)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Hashes every finding, then numbers equal hashes 1, 2, … in output order. */
static int fingerprints(const cc_findings *fs, fp_entry **out, cc_error *err)
{
	fp_entry *e = cc_calloc(fs->n, sizeof(*e));
	for (size_t i = 0; i < fs->n; i++) {
		e[i].idx = i;
		int rc = line_hash(&fs->v[i], e[i].hash, err);
		if (rc != CC_OK) {
			free(e);
			return rc;
		}
	}
	fp_entry **order = cc_calloc(fs->n, sizeof(*order));
	for (size_t i = 0; i < fs->n; i++)
		order[i] = &e[i];
	qsort(order, fs->n, sizeof(*order), cmp_fp);
	for (size_t i = 0; i < fs->n; i++) {
		int same = i > 0 && strcmp(order[i - 1]->hash, order[i]->hash) == 0;
		order[i]->occ = same ? order[i - 1]->occ + 1 : 1;
	}
	free(order);
	*out = e;
	return CC_OK;
}

static json_t *sarif_locations(const cc_finding *f)
{
	char *uri = uri_ref(loc_path(f));
	json_t *art = json_object();
	set_str(art, "uri", uri);
	free(uri);
	json_t *phys = json_object();
	json_object_set_new(phys, "artifactLocation", art);
	if (f->line > 0) {
		json_t *reg = json_object();
		set_int(reg, "startLine", f->line);
		if (f->col > 0)
			set_int(reg, "startColumn", f->col);
		json_object_set_new(phys, "region", reg);
	}
	json_t *loc = json_object();
	json_object_set_new(loc, "physicalLocation", phys);
	json_t *arr = json_array();
	json_array_append_new(arr, loc);
	return arr;
}

/* Code scanning shows only message.text, so the hint goes there too; an
 * empty message would be rejected, so the rule id stands in for it. */
static char *result_text(const cc_finding *f)
{
	const char *msg = cc_report_nz(f->msg)[0] ? f->msg : cc_report_nz(f->rule);
	if (f->hint)
		return cc_asprintf("%s\nhint: %s", msg, f->hint);
	return cc_strdup(msg);
}

static json_t *sarif_result(const cc_finding *f, size_t ridx, const fp_entry *fp)
{
	json_t *r = json_object();
	set_str(r, "ruleId", f->rule);
	set_int(r, "ruleIndex", (long long)ridx);
	set_str(r, "level", sarif_level(f->sev));
	char *text = result_text(f);
	json_object_set_new(r, "message", text_obj(text));
	free(text);
	json_object_set_new(r, "locations", sarif_locations(f));
	char *hash = cc_asprintf("%s:%u", fp->hash, fp->occ);
	json_t *pf = json_object();
	set_str(pf, "primaryLocationLineHash", hash);
	json_object_set_new(r, "partialFingerprints", pf);
	free(hash);
	return r;
}

int cc_report_fmt_sarif(cc_buf *b, const cc_findings *fs, const cc_report_opts *o, cc_error *err)
{
	fp_entry *fps = NULL;
	int rc = fingerprints(fs, &fps, err);
	if (rc != CC_OK)
		return rc;
	cc_strvec ids = CC_STRVEC_INIT;
	used_rules(fs, &ids);
	json_t *results = json_array();
	for (size_t i = 0; i < fs->n; i++)
		json_array_append_new(results, sarif_result(&fs->v[i],
							     rule_index(&ids, fs->v[i].rule), &fps[i]));
	json_t *tool = json_object();
	json_object_set_new(tool, "driver", sarif_driver(&ids, o));
	json_t *run = json_object();
	json_object_set_new(run, "tool", tool);
	json_object_set_new(run, "results", results);
	json_t *runs = json_array();
	json_array_append_new(runs, run);
	json_t *doc = json_object();
	set_str(doc, "$schema", SARIF_SCHEMA);
	set_str(doc, "version", "2.1.0");
	json_object_set_new(doc, "runs", runs);
	free(fps);
	cc_strvec_free(&ids);
	return dump(b, doc, err);
}
