/*
 * faultproxy: an HTTP proxy for tests that fails some of the requests it
 * passes on, so publishing can be tested against a network that breaks
 * half way through.
 *
 *   faultproxy LISTEN_PORT UPSTREAM_PORT PATTERN [LOG]
 *
 * Listens on 127.0.0.1:LISTEN_PORT, forwards to 127.0.0.1:UPSTREAM_PORT.
 * The n-th request (from 1) is treated by the n-th letter of PATTERN,
 * cycled: 'p' passes it, 'r' refuses it (503, upstream never sees it), 'd'
 * drops it after the upstream handled it (the client gets no answer, but
 * the change was made: the hard case for a client that retries). Each
 * request is logged as "N LETTER METHOD URI" to LOG (default stderr).
 * Requests are read whole (headers and a Content-Length body; chunked
 * request bodies are not spoken) and forwarded with Connection: close, so
 * each connection carries one request. Runs until killed.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_REQUEST (64u << 20)

static int listen_on(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	struct sockaddr_in a;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((unsigned short)port);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(fd, 64) != 0) {
		perror("faultproxy: listen");
		exit(1);
	}
	return fd;
}

static int connect_to(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((unsigned short)port);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0)
		return fd;
	if (fd >= 0)
		close(fd);
	return -1;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Reads one request: headers and a Content-Length body. Returns its length, 0 on failure; *head is where the body starts. */
static size_t read_request(int fd, char **buf, size_t *head)
{
	size_t cap = 65536, len = 0, want = 0;
	char *b = malloc(cap + 1);
	for (;;) {
		if (len == cap) {
			if (cap >= MAX_REQUEST)
				break;
			cap *= 2;
			b = realloc(b, cap + 1);
		}
		ssize_t r = read(fd, b + len, cap - len);
		if (r <= 0)
			break;
		len += (size_t)r;
		b[len] = '\0';
		char *end = want ? NULL : strstr(b, "\r\n\r\n");
		if (end) {
			*head = (size_t)(end - b) + 4;
			char *cl = strcasestr(b, "\r\ncontent-length:");
			want = *head + (cl && cl < end ? strtoul(cl + 17, NULL, 10) : 0);
		}
		if (want && len >= want) {
			*buf = b;
			return len;
		}
	}
	free(b);
	return 0;
}

/* The request with "Connection: close" added after its request line. */
static int forward(int up, const char *req, size_t len)
{
	const char *eol = strstr(req, "\r\n");
	if (!eol)
		return -1;
	size_t first = (size_t)(eol - req) + 2;
	static const char close_hdr[] = "Connection: close\r\n";
	return write_all(up, req, first) || write_all(up, close_hdr, sizeof(close_hdr) - 1) ||
			       write_all(up, req + first, len - first)
		       ? -1
		       : 0;
}

/* Copies the upstream's answer to the client (to nowhere when drop), until the upstream closes. */
static void relay(int up, int client, int drop)
{
	char b[65536];
	ssize_t r;
	while ((r = read(up, b, sizeof(b))) > 0)
		if (!drop && write_all(client, b, (size_t)r) != 0)
			break;
}

static void serve(int client, int upstream_port, char mode, unsigned long n, FILE *log)
{
	char *req = NULL;
	size_t head = 0, len = read_request(client, &req, &head);
	if (!len)
		return;
	char line[512];
	size_t ll = strcspn(req, "\r\n");
	snprintf(line, sizeof(line), "%.*s", (int)(ll < 500 ? ll : 500), req);
	fprintf(log, "%lu %c %s\n", n, mode, line);
	fflush(log);
	if (mode == 'r') {
		static const char refuse[] = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
					     "Connection: close\r\n\r\n";
		write_all(client, refuse, sizeof(refuse) - 1);
	} else {
		int up = connect_to(upstream_port);
		if (up >= 0 && forward(up, req, len) == 0)
			relay(up, client, mode == 'd');
		if (up >= 0)
			close(up);
	}
	free(req);
}

int main(int argc, char **argv)
{
	if (argc < 4 || !argv[3][0] || strspn(argv[3], "prd") != strlen(argv[3])) {
		fprintf(stderr, "usage: faultproxy LISTEN_PORT UPSTREAM_PORT PATTERN(p|r|d...) [LOG]\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	FILE *log = argc > 4 ? fopen(argv[4], "a") : stderr;
	if (!log) {
		perror("faultproxy: log");
		return 1;
	}
	int fd = listen_on(atoi(argv[1])), upstream = atoi(argv[2]);
	size_t plen = strlen(argv[3]);
	for (unsigned long n = 1;; n++) {
		int c = accept(fd, NULL, NULL);
		if (c < 0)
			continue;
		serve(c, upstream, argv[3][(n - 1) % plen], n, log);
		close(c);
	}
}
