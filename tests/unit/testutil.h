/*
 * Helpers shared by the cmocka unit tests: scratch directories that are
 * removed afterwards, writing fixture files, and the path of ../shared.
 */
#ifndef CC_TESTUTIL_H
#define CC_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

/* A fresh directory under $TMPDIR; caller frees the string and calls tu_rmtree. */
char *tu_mkdtemp(void);
/* Writes `len` bytes (or strlen(data) when len == (size_t)-1) to dir/rel, creating parents. */
void tu_write(const char *dir, const char *rel, const char *data, size_t len);
/* mkdir -p dir/rel */
void tu_mkdirs(const char *dir, const char *rel);
void tu_rmtree(const char *path);
/* $CHARTCI_SHARED or "../shared", joined with rel; caller frees. NULL if absent. */
char *tu_shared(const char *rel);
/* Reads a whole file into a malloc'ed NUL-terminated string (NULL on failure). */
char *tu_slurp(const char *path, size_t *len);
/* A path relative to the project root, found from where the tests were compiled; caller frees. */
char *tu_project(const char *rel);

#endif

/* ---- Real servers on loopback (tests of src/http and src/oci) ---------
 * Each server runs in its own scratch directory, listens on 127.0.0.1 on a
 * free port, and is waited for until it accepts connections. */
typedef struct tu_server {
	int pid;
	int port;
	char *dir;      /* scratch directory, removed by tu_server_stop */
	char *root;     /* nginx: the document root (dir/www); registry: its storage */
	char *log;      /* nginx: access log, one "METHOD URI STATUS AUTH LENGTH" line per request
			 * (AUTH: yes/no, whether an Authorization header came); registry: its output */
	char url[64];   /* "http://127.0.0.1:PORT" */
	char host[32];  /* "127.0.0.1:PORT" */
} tu_server;

/* A TCP port on 127.0.0.1 that was free a moment ago. */
int tu_free_port(void);
/* A socket listening on 127.0.0.1 (*port) that never accepts: the kernel
 * completes the handshake, a request goes out, no byte comes back (a
 * stalled server). Returns the descriptor, for the caller to close. */
int tu_silent_listener(int *port);
/* nginx with `snippet` inside its server block (after `root <dir>/www;`) and
 * `http_snippet` (may be NULL) at http level; with port 0, a free port. */
tu_server *tu_nginx_start(int port, const char *http_snippet, const char *snippet);
/* A test CA and a server certificate for 127.0.0.1, ::1 and localhost, made in
 * dir by tests/lib/tlscerts.sh: dir/ca.pem, dir/other-ca.pem (signed
 * nothing), dir/server.pem, dir/server.key. */
void tu_tls_certs(const char *dir);
/* tu_nginx_start on a free port serving HTTPS with certs/server.pem and
 * certs/server.key (a tu_tls_certs directory); url is "https://...". */
tu_server *tu_nginx_start_tls(const char *certs, const char *snippet);
/* Debian's docker-registry, with htpasswd auth when htpasswd (a bcrypt htpasswd file) is not NULL. */
tu_server *tu_registry_start(const char *htpasswd);
void tu_server_stop(tu_server *s);
/* Lines of the file at path containing needle (0 when the file is missing). */
int tu_count_lines(const char *path, const char *needle);
/* tu_count_lines once it reaches want, or after 5 s: servers write their log
 * line after the response, so a client can be faster than the log. */
int tu_wait_lines(const char *path, const char *needle, int want);
