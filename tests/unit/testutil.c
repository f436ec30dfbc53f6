#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *tu_mkdtemp(void)
{
	const char *t = getenv("TMPDIR");
	char buf[4096];
	snprintf(buf, sizeof(buf), "%s/chartci-test-XXXXXX", t && *t ? t : "/tmp");
	char *d = mkdtemp(buf);
	assert_non_null(d);
	return strdup(d);
}

void tu_mkdirs(const char *dir, const char *rel)
{
	char buf[8192];
	snprintf(buf, sizeof(buf), "%s/%s", dir, rel);
	for (char *p = buf + strlen(dir) + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(buf, 0755);
			*p = '/';
		}
	}
	mkdir(buf, 0755);
}

void tu_write(const char *dir, const char *rel, const char *data, size_t len)
{
	char buf[8192];
	snprintf(buf, sizeof(buf), "%s", rel);
	char *slash = strrchr(buf, '/');
	if (slash) {
		*slash = '\0';
		tu_mkdirs(dir, buf);
	}
	snprintf(buf, sizeof(buf), "%s/%s", dir, rel);
	FILE *f = fopen(buf, "wb");
	assert_non_null(f);
	if (len == (size_t)-1)
		len = strlen(data);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

void tu_rmtree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		if (d) {
			struct dirent *e;
			while ((e = readdir(d))) {
				if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
					continue;
				char buf[8192];
				snprintf(buf, sizeof(buf), "%s/%s", path, e->d_name);
				tu_rmtree(buf);
			}
			closedir(d);
		}
		rmdir(path);
	} else {
		unlink(path);
	}
}

char *tu_shared(const char *rel)
{
	const char *s = getenv("CHARTCI_SHARED");
	char buf[8192];
	snprintf(buf, sizeof(buf), "%s/%s", s && *s ? s : "../shared", rel);
	if (access(buf, F_OK) != 0)
		return NULL;
	return strdup(buf);
}

char *tu_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *p = malloc(cap);
	size_t r;
	while ((r = fread(p + n, 1, cap - n - 1, f)) > 0) {
		n += r;
		if (cap - n < 2) {
			cap *= 2;
			p = realloc(p, cap);
		}
	}
	fclose(f);
	p[n] = '\0';
	if (len)
		*len = n;
	return p;
}

char *tu_project(const char *rel)
{
	/* this file is tests/unit/testutil.c below the project root, as compiled */
	const char *here = __FILE__;
	const char *cut = strstr(here, "tests/unit/");
	size_t n = cut ? (size_t)(cut - here) : 0;
	char *p = malloc(n + strlen(rel) + 1);
	memcpy(p, here, n);
	strcpy(p + n, rel);
	return p;
}

/* ---- Real servers on loopback ------------------------------------------ */

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>

/* A TCP socket bound to 127.0.0.1 on a port the kernel picked (*port). */
static int bind_loopback(int *port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	struct sockaddr_in a;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof(a);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

int tu_free_port(void)
{
	int port;
	close(bind_loopback(&port));
	return port;
}

int tu_silent_listener(int *port)
{
	int fd = bind_loopback(port);
	assert_int_equal(listen(fd, 8), 0);
	return fd;
}

static int tu_accepts(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((uint16_t)port);
	int ok = connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
	close(fd);
	return ok;
}

/* Starts argv with stdout and stderr to out; waits (at most 10 s) until port accepts. */
static void tu_spawn(tu_server *s, char *const argv[], const char *out)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open(out, O_WRONLY | O_CREAT | O_APPEND, 0644);
		dup2(fd, 1);
		dup2(fd, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	s->pid = pid;
	for (int i = 0; i < 1000; i++) {
		if (tu_accepts(s->port))
			return;
		int st;
		if (waitpid(pid, &st, WNOHANG) == pid) {
			char *log = tu_slurp(out, NULL);
			fail_msg("%s exited before listening: %s", argv[0], log ? log : "");
		}
		struct timespec ts = { 0, 10000000L };
		nanosleep(&ts, NULL);
	}
	fail_msg("%s did not listen on port %d", argv[0], s->port);
}

static tu_server *tu_server_new(int port)
{
	tu_server *s = calloc(1, sizeof(*s));
	s->dir = tu_mkdtemp();
	s->port = port ? port : tu_free_port();
	snprintf(s->url, sizeof(s->url), "http://127.0.0.1:%d", s->port);
	snprintf(s->host, sizeof(s->host), "127.0.0.1:%d", s->port);
	return s;
}

static char *tu_join(const char *a, const char *b)
{
	char *p = malloc(strlen(a) + strlen(b) + 2);
	sprintf(p, "%s/%s", a, b);
	return p;
}

/* nginx as tu_nginx_start says; with certs (a tu_tls_certs directory), over TLS. */
static tu_server *nginx_start(int port, const char *http_snippet, const char *snippet, const char *certs)
{
	tu_server *s = tu_server_new(port);
	if (certs)
		snprintf(s->url, sizeof(s->url), "https://127.0.0.1:%d", s->port);
	s->root = tu_join(s->dir, "www");
	s->log = tu_join(s->dir, "access.log");
	tu_mkdirs(s->dir, "www");
	tu_mkdirs(s->dir, "tmp");
	struct passwd *pw = getpwuid(getuid());
	char *conf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&conf, &n);
	/* nginx ignores "user" unless started as root; as root, the workers stay root to read the test's files */
	fprintf(f, "user %s;\ndaemon off;\nworker_processes 1;\npid %s/nginx.pid;\n"
		"error_log %s/error.log;\nevents { worker_connections 64; }\n", pw ? pw->pw_name : "nobody",
		s->dir, s->dir);
	fprintf(f, "http {\n"
		"map $http_authorization $tu_auth { \"\" no; default yes; }\n"
		"log_format tu '$request_method $request_uri $status $tu_auth $content_length';\n"
		"access_log %s tu;\n"
		"client_body_temp_path %s/tmp; proxy_temp_path %s/tmp; fastcgi_temp_path %s/tmp;\n"
		"uwsgi_temp_path %s/tmp; scgi_temp_path %s/tmp;\n"
		"types { application/x-yaml yaml; application/gzip tgz; application/json json; }\n"
		"%s\n"
		"server {\nlisten 127.0.0.1:%d%s;\nroot %s;\n",
		s->log, s->dir, s->dir, s->dir, s->dir, s->dir, http_snippet ? http_snippet : "",
		s->port, certs ? " ssl" : "", s->root);
	if (certs)
		fprintf(f, "ssl_certificate %s/server.pem;\nssl_certificate_key %s/server.key;\n", certs, certs);
	fprintf(f, "%s\n}\n}\n", snippet ? snippet : "");
	fclose(f);
	tu_write(s->dir, "nginx.conf", conf, n);
	free(conf);
	char *cpath = tu_join(s->dir, "nginx.conf"), *elog = tu_join(s->dir, "error.log");
	char *out = tu_join(s->dir, "out.log");
	char *argv[] = { "/usr/sbin/nginx", "-c", cpath, "-p", s->dir, "-e", elog, NULL };
	tu_spawn(s, argv, out);
	free(cpath);
	free(elog);
	free(out);
	return s;
}

tu_server *tu_nginx_start(int port, const char *http_snippet, const char *snippet)
{
	return nginx_start(port, http_snippet, snippet, NULL);
}

tu_server *tu_nginx_start_tls(const char *certs, const char *snippet)
{
	return nginx_start(0, NULL, snippet, certs);
}

void tu_tls_certs(const char *dir)
{
	char *script = tu_project("tests/lib/tlscerts.sh");
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		execl("/bin/sh", "sh", script, dir, (char *)NULL);
		_exit(127);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	free(script);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

tu_server *tu_registry_start(const char *htpasswd)
{
	tu_server *s = tu_server_new(0);
	s->root = tu_join(s->dir, "data");
	s->log = tu_join(s->dir, "registry.log");
	char *conf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&conf, &n);
	fprintf(f, "version: 0.1\nlog:\n  level: error\n"
		"storage:\n  filesystem:\n    rootdirectory: %s\n  delete:\n    enabled: true\n"
		"http:\n  addr: 127.0.0.1:%d\n", s->root, s->port);
	if (htpasswd)
		fprintf(f, "auth:\n  htpasswd:\n    realm: chartci-test\n    path: %s\n", htpasswd);
	fclose(f);
	tu_write(s->dir, "config.yml", conf, n);
	free(conf);
	char *cpath = tu_join(s->dir, "config.yml");
	char *argv[] = { "/usr/bin/docker-registry", "serve", cpath, NULL };
	tu_spawn(s, argv, s->log);
	free(cpath);
	return s;
}

void tu_server_stop(tu_server *s)
{
	if (!s)
		return;
	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		waitpid(s->pid, NULL, 0);
	}
	tu_rmtree(s->dir);
	free(s->dir);
	free(s->root);
	free(s->log);
	free(s);
}

int tu_count_lines(const char *path, const char *needle)
{
	char *text = tu_slurp(path, NULL);
	if (!text)
		return 0;
	int n = 0;
	for (char *line = text; *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (strstr(line, needle))
			n++;
		if (!nl)
			break;
		line = nl + 1;
	}
	free(text);
	return n;
}

int tu_wait_lines(const char *path, const char *needle, int want)
{
	int n = tu_count_lines(path, needle);
	for (int i = 0; i < 500 && n < want; i++) {
		struct timespec ts = { 0, 10000000L };
		nanosleep(&ts, NULL);
		n = tu_count_lines(path, needle);
	}
	return n;
}
