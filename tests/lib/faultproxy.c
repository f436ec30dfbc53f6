/*
 * faultproxy: an HTTP proxy for tests that fails some of the requests it
 * passes on, so publishing can be tested against a network that breaks
 * half way through.
 *
 *   faultproxy LISTEN_PORT UPSTREAM_PORT PATTERN [LOG]
 *
 * Listens on 127.0.0.1:LISTEN_PORT, forwards to 127.0.0.1:UPSTREAM_PORT.
 * The n-th request (from 1) is treated by the n-th letter of PATTERN,
 * cycled:
 *   p  passes it
 *   r  refuses it: 503 (the upstream never sees it)
 *   e  500 (the upstream never sees it)
 *   b  502 (the upstream never sees it)
 *   t  429 with "Retry-After: 1" (the upstream never sees it)
 *   u  401 with 'WWW-Authenticate: Basic realm="x"' (the upstream never
 *      sees it; a pattern of only 'u' is a server that refuses forever)
 *   d  drops it after the upstream handled it (the client gets no answer,
 *      but the change was made: the hard case for a client that retries)
 *   x  forwards it, relays the first half of the upstream's answer (by
 *      bytes, headers included), then resets the connection
 *   h  the same, but closes the connection cleanly: a truncated answer
 *      that only its Content-Length shows to be short
 *   s  stalls: reads the request, then sends nothing and holds the
 *      connection open for 30 s (FAULTPROXY_STALL_S seconds when set), or
 *      until killed; other connections are served meanwhile
 * A connection closed before it carried a request (a check that the port
 * is open) takes no letter.
 * Each request is logged as "N LETTER METHOD URI" to LOG (default stderr),
 * when it was read, so the log's order is the order requests came in.
 * Requests are read whole (headers and a Content-Length body; chunked
 * request bodies are not spoken) and forwarded with Connection: close, so
 * each connection carries one request. Runs until killed.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
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

/* Reads the upstream's whole answer, sends its first half, then resets (or closes) the client's connection. */
static void relay_half(int up, int client, int reset)
{
	size_t cap = 65536, len = 0;
	char *b = malloc(cap);
	ssize_t r;
	while (b && (r = read(up, b + len, cap - len)) > 0) {
		len += (size_t)r;
		if (len == cap)
			b = realloc(b, cap *= 2);
	}
	if (b)
		write_all(client, b, len / 2);
	free(b);
	struct linger lg = { 1, 0 }; /* close() sends RST */
	if (reset)
		setsockopt(client, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
}

/* An answer made here, without the upstream, for the letters that have one. */
static const char *canned(char mode)
{
	switch (mode) {
	case 'r':
		return "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
	case 'e':
		return "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
	case 'b':
		return "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
	case 't':
		return "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Length: 0\r\n"
		       "Connection: close\r\n\r\n";
	case 'u':
		return "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"x\"\r\n"
		       "Content-Length: 0\r\nConnection: close\r\n\r\n";
	}
	return NULL;
}

/* Holds the connection in a child process, so the other requests go on meanwhile. */
static void stall(int client, int listener)
{
	const char *e = getenv("FAULTPROXY_STALL_S");
	unsigned s = e && *e ? (unsigned)strtoul(e, NULL, 10) : 30;
	if (fork() == 0) {
		close(listener);
#ifdef __linux__
		prctl(PR_SET_PDEATHSIG, SIGKILL); /* killing the proxy ends the stall too */
#endif
		while (s > 0)
			s = sleep(s);
		close(client);
		_exit(0);
	}
}

/* Treats one connection's request by mode; 0 when it carried none. */
static int serve(int client, int listener, int upstream_port, char mode, unsigned long n, FILE *log)
{
	char *req = NULL;
	size_t head = 0, len = read_request(client, &req, &head);
	if (!len)
		return 0;
	char line[512];
	size_t ll = strcspn(req, "\r\n");
	snprintf(line, sizeof(line), "%.*s", (int)(ll < 500 ? ll : 500), req);
	fprintf(log, "%lu %c %s\n", n, mode, line);
	fflush(log);
	const char *answer = canned(mode);
	if (answer) {
		write_all(client, answer, strlen(answer));
	} else if (mode == 's') {
		stall(client, listener);
	} else {
		int up = connect_to(upstream_port);
		if (up >= 0 && forward(up, req, len) == 0) {
			if (mode == 'x' || mode == 'h')
				relay_half(up, client, mode == 'x');
			else
				relay(up, client, mode == 'd');
		}
		if (up >= 0)
			close(up);
	}
	free(req);
	return 1;
}

int main(int argc, char **argv)
{
	if (argc < 4 || !argv[3][0] || strspn(argv[3], "prdebtuxhs") != strlen(argv[3])) {
		fprintf(stderr, "usage: faultproxy LISTEN_PORT UPSTREAM_PORT PATTERN(p|r|e|b|t|u|d|x|h|s...) [LOG]\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	signal(SIGCHLD, SIG_IGN); /* stalling children are not waited for */
	FILE *log = argc > 4 ? fopen(argv[4], "a") : stderr;
	if (!log) {
		perror("faultproxy: log");
		return 1;
	}
	int fd = listen_on(atoi(argv[1])), upstream = atoi(argv[2]);
	size_t plen = strlen(argv[3]);
	for (unsigned long n = 1;;) {
		int c = accept(fd, NULL, NULL);
		if (c < 0)
			continue;
		n += serve(c, fd, upstream, argv[3][(n - 1) % plen], n, log);
		close(c);
	}
}
