/*
 * lock_file.c: reading a lock file as helm's loader does, and writing one
 * as writeLock does.
 *
 * helm writes the Lock struct through sigs.k8s.io/yaml, so the file is
 * cc_emit_yaml of the JSON {generated, digest, dependencies}: keys sorted,
 * entries holding only name, repository and version (Resolve creates them
 * so; version is omitempty), generated double-quoted. The write goes
 * through a temporary file and a rename so an interrupted run never leaves
 * half a lock; like writeLock it refuses to write through a symlink, and
 * like Manager.Update it leaves the file (and its generated time) alone
 * when the digest is unchanged.
 */
#include "lock/lock_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "emit/emit.h"

const char *cc_lock_file_name(int v1)
{
	return v1 ? "requirements.lock" : "Chart.lock";
}

/* ---------------------------------------------------------------- reading */

static char *scalar_text(const cc_yaml_node *n)
{
	if (!n || n->kind != CC_YAML_SCALAR || cc_yaml_is_null(n))
		return NULL;
	return cc_yaml_is_string(n) || n->type == CC_YAML_T_TIMESTAMP ? cc_strndup(n->value, n->len)
								       : cc_yaml_scalar_go_string(n);
}

static int not_a(const char *file, const cc_yaml_node *n, const char *field, const char *what,
		 cc_error *err)
{
	return cc_error_set(err, CC_EINVALID, file, n->line, n->col, "%s must be %s, not a %s", field, what,
			    cc_yaml_type_name(n));
}

static int read_field(const char *file, const cc_yaml_node *m, const char *field, char **out, cc_error *err)
{
	const cc_yaml_node *v = cc_yaml_map_get_go(m, field);
	*out = NULL;
	if (v && v->kind != CC_YAML_SCALAR)
		return cc_error_set(err, CC_EINVALID, file, v->line, v->col,
				    "json: cannot unmarshal %s into Go struct field Dependency.dependencies.%s of type string",
				    v->kind == CC_YAML_MAP ? "object" : "array", field);
	*out = scalar_text(v);
	return 0;
}

static int read_entries(cc_lock *l, const cc_yaml_node *list, cc_error *err)
{
	if (!list || cc_yaml_is_null(list))
		return 0;
	if (list->kind != CC_YAML_SEQ)
		return not_a(l->file, list, "dependencies", "a list", err);
	l->entries = cc_calloc(list->nitems ? list->nitems : 1, sizeof(*l->entries));
	for (size_t i = 0; i < list->nitems; i++) {
		const cc_yaml_node *m = list->items[i];
		if (m->kind != CC_YAML_MAP)
			return not_a(l->file, m, "each locked dependency", "a mapping", err);
		cc_lock_entry *e = &l->entries[l->n++];
		e->line = m->line;
		e->col = m->col;
		int rc = read_field(l->file, m, "name", &e->name, err);
		if (rc == 0)
			rc = read_field(l->file, m, "repository", &e->repository, err);
		if (rc == 0)
			rc = read_field(l->file, m, "version", &e->version, err);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int cc_lock_read(const cc_chart *c, cc_lock **out, cc_error *err)
{
	*out = NULL;
	if (!c->lock)
		return cc_error_set(err, CC_ENOTFOUND, "", 0, 0, "%s has no lock file", c->display);
	cc_lock *l = cc_calloc(1, sizeof(*l));
	l->file = cc_strdup(cc_yaml_doc_file(c->lock));
	char *base = cc_path_base(l->file);
	l->v1 = strcmp(base, "requirements.lock") == 0;
	free(base);
	l->line = l->col = 1;
	const cc_yaml_node *root = cc_yaml_doc_root(c->lock);
	int rc = 0;
	if (root && root->kind != CC_YAML_MAP)
		rc = not_a(l->file, root, "the lock file", "a mapping", err);
	if (rc == 0 && root)
		rc = read_entries(l, cc_yaml_map_get_go(root, "dependencies"), err);
	const cc_yaml_node *d = root ? cc_yaml_map_get_go(root, "digest") : NULL;
	if (rc == 0 && d && d->kind != CC_YAML_SCALAR)
		rc = not_a(l->file, d, "digest", "a string", err);
	if (rc == 0 && root) {
		l->digest = scalar_text(d);
		if (d) {
			l->line = d->line;
			l->col = d->col;
		}
		l->generated = scalar_text(cc_yaml_map_get_go(root, "generated"));
	}
	if (rc != 0) {
		cc_lock_free(l);
		return rc;
	}
	*out = l;
	return 0;
}

void cc_lock_free(cc_lock *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->entries[i].name);
		free(l->entries[i].repository);
		free(l->entries[i].version);
	}
	free(l->entries);
	free(l->digest);
	free(l->generated);
	free(l->file);
	free(l);
}

/* ---------------------------------------------------------------- writing */

int cc_lock_format(const cc_lock_entry *e, size_t n, const char *digest, const char *generated,
		   cc_buf *out, cc_error *err)
{
	json_t *lock = json_object();
	json_object_set_new(lock, "generated", json_string_nocheck(generated ? generated : ""));
	json_object_set_new(lock, "digest", json_string_nocheck(digest ? digest : ""));
	json_object_set_new(lock, "dependencies", cc_lock_entries_json(e, n));
	int rc = cc_emit_yaml(lock, out, err);
	json_decref(lock);
	return rc;
}

/* Go's %q of a link target, for the symlink message. */
static void go_quote(const char *s, cc_buf *b)
{
	cc_buf_putc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			cc_buf_printf(b, "\\%c", c);
		else if (c == '\n')
			cc_buf_puts(b, "\\n");
		else if (c == '\t')
			cc_buf_puts(b, "\\t");
		else if (c < 0x20 || c == 0x7f)
			cc_buf_printf(b, "\\x%02x", c);
		else
			cc_buf_putc(b, (char)c);
	}
	cc_buf_putc(b, '"');
}

/* writeLock's guard: an existing lock that is a symlink is not written through. */
static int refuse_symlink(const char *dest, int v1, unsigned *mode, cc_error *err)
{
	struct stat st;
	*mode = 0644;
	if (lstat(dest, &st) != 0) {
		if (errno == ENOENT)
			return 0;
		return cc_error_sys(err, errno, dest, "error getting info");
	}
	if (!S_ISLNK(st.st_mode)) {
		*mode = st.st_mode & 07777; /* os.WriteFile keeps an existing file's mode */
		return 0;
	}
	char target[CC_PATH_MAX];
	ssize_t k = readlink(dest, target, sizeof(target) - 1);
	if (k < 0)
		return cc_error_sys(err, errno, dest, "error reading symlink");
	target[k] = '\0';
	cc_buf q = CC_BUF_INIT;
	go_quote(target, &q);
	int rc = cc_error_set(err, CC_EUNSAFE, dest, 0, 0, "the %s file is a symlink to %s",
			      cc_lock_file_name(v1), q.ptr);
	cc_buf_free(&q);
	return rc;
}

int cc_lock_write(const char *chart_dir, int v1, const cc_lock_entry *e, size_t n,
		  const char *digest, cc_error *err)
{
	struct timespec now;
	char generated[CC_EMIT_TIME_MAX];
	clock_gettime(CLOCK_REALTIME, &now);
	int rc = cc_emit_go_time((long long)now.tv_sec, now.tv_nsec, generated, sizeof(generated), err);
	if (rc != 0)
		return rc;
	cc_buf data = CC_BUF_INIT;
	rc = cc_lock_format(e, n, digest, generated, &data, err);
	char *dest = cc_path_join(chart_dir, cc_lock_file_name(v1));
	unsigned mode;
	if (rc == 0)
		rc = refuse_symlink(dest, v1, &mode, err);
	if (rc == 0)
		rc = cc_file_write_atomic(dest, data.ptr, data.len, mode, err);
	free(dest);
	cc_buf_free(&data);
	return rc;
}

int cc_lock_update(const char *chart_dir, int v1, const cc_lock *old, const cc_lock_entry *e,
		   size_t n, const char *digest, int *written, cc_error *err)
{
	*written = 0;
	if (old && old->digest && digest && strcmp(old->digest, digest) == 0)
		return 0;
	int rc = cc_lock_write(chart_dir, v1, e, n, digest, err);
	*written = rc == 0;
	return rc;
}
