# Real servers on loopback for integration tests, sourced by test scripts.
#
#   cc_server_registry [HTPASSWD]
#                             starts Debian's docker-registry (an OCI
#                             distribution registry) on a free port, behind
#                             basic auth when a (bcrypt) htpasswd file is
#                             given; sets CC_REGISTRY=127.0.0.1:PORT
#   cc_server_http DIR [HTPASSWD [SNIPPET]]
#                             serves DIR read-only with nginx on a free port
#                             (behind basic auth when an htpasswd file is
#                             given, "" for none; SNIPPET is added to the
#                             server block); sets CC_HTTP=http://127.0.0.1:PORT
#                             and CC_HTTP_LOG, its access log ("METHOD URI
#                             STATUS" per line)
#   cc_servers_stop           stops everything started (also on EXIT)
#   cc_tls_certs DIR          a test CA and a server certificate for loopback
#                             (tests/lib/tlscerts.sh); sets CC_TLS_CA,
#                             CC_TLS_OTHER_CA (a CA that signed nothing),
#                             CC_TLS_CERT and CC_TLS_KEY
#
# With CC_SERVE_TLS=1 (after cc_tls_certs), cc_server_http, cc_server_dav and
# cc_server_registry serve HTTPS with CC_TLS_CERT instead of HTTP, and their
# URLs start with https:// (CC_REGISTRY stays host:port).
#
# Each server gets its own scratch directory and configuration, listens on
# 127.0.0.1 only, and is waited for until it answers, with a bounded wait.
# Needs FREEPORT (the tests/lib/freeport binary) in the environment.

CC_SERVER_PIDS=()
CC_SERVER_DIRS=()

cc_free_port() {
	"${FREEPORT:?FREEPORT must name the freeport helper}"
}

cc_tls_certs() {
	sh "${ROOT:?ROOT must name the project}/tests/lib/tlscerts.sh" "$1" || return 1
	CC_TLS_CA=$(cd "$1" && pwd)/ca.pem
	CC_TLS_OTHER_CA=$(cd "$1" && pwd)/other-ca.pem
	CC_TLS_CERT=$(cd "$1" && pwd)/server.pem
	CC_TLS_KEY=$(cd "$1" && pwd)/server.key
}

# "https" with CC_SERVE_TLS, else "http"
_cc_scheme() {
	if [ -n "${CC_SERVE_TLS:-}" ]; then echo https; else echo http; fi
}

# Waits until URL answers (any HTTP status), at most ~10 s.
cc_wait_http() {
	local url=$1 i ca=()
	if [ -n "${CC_SERVE_TLS:-}" ]; then
		ca=(--cacert "$CC_TLS_CA")
	fi
	for i in $(seq 1 100); do
		if curl -s -o /dev/null --max-time 1 "${ca[@]}" "$url"; then
			return 0
		fi
		sleep 0.1
	done
	echo "server at $url did not come up" >&2
	return 1
}

cc_server_registry() {
	local dir port auth= tls=
	dir=$(mktemp -d "${TMPDIR:-/tmp}/chartci-registry-XXXXXX")
	port=$(cc_free_port) || return 1
	if [ -n "${1:-}" ]; then
		auth="auth: {htpasswd: {realm: chartci, path: $(cd "$(dirname "$1")" && pwd)/$(basename "$1")}}"
	fi
	if [ -n "${CC_SERVE_TLS:-}" ]; then
		tls="  tls: {certificate: $CC_TLS_CERT, key: $CC_TLS_KEY}"
	fi
	cat >"$dir/config.yml" <<CONF
version: 0.1
$auth
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
$tls
CONF
	docker-registry serve "$dir/config.yml" >"$dir/log" 2>&1 &
	CC_SERVER_PIDS+=($!)
	CC_SERVER_DIRS+=("$dir")
	CC_REGISTRY="127.0.0.1:$port"
	cc_wait_http "$(_cc_scheme)://$CC_REGISTRY/v2/"
}

cc_server_http() {
	local root dir port auth= ssl= tls=
	root=$(cd "$1" && pwd)
	if [ -n "${2:-}" ]; then
		auth="auth_basic \"charts\"; auth_basic_user_file $(cd "$(dirname "$2")" && pwd)/$(basename "$2");"
	fi
	dir=$(mktemp -d "${TMPDIR:-/tmp}/chartci-http-XXXXXX")
	port=$(cc_free_port) || return 1
	mkdir -p "$dir/tmp"
	if [ -n "${CC_SERVE_TLS:-}" ]; then
		ssl=" ssl"
		tls="ssl_certificate $CC_TLS_CERT; ssl_certificate_key $CC_TLS_KEY;"
	fi
	# the worker runs as the invoking user, so it reads what the test wrote
	# (nginx ignores "user" when not started as root)
	cat >"$dir/nginx.conf" <<CONF
user $(id -un);
daemon off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 64; }
http {
	log_format brief '\$request_method \$request_uri \$status';
	access_log $dir/access.log brief;
	client_body_temp_path $dir/tmp;
	proxy_temp_path $dir/tmp;
	fastcgi_temp_path $dir/tmp;
	uwsgi_temp_path $dir/tmp;
	scgi_temp_path $dir/tmp;
	types { application/x-yaml yaml; application/gzip tgz; }
	server {
		listen 127.0.0.1:$port$ssl;
		$tls
		root $root;
		$auth
		${3:-}
	}
}
CONF
	nginx -c "$dir/nginx.conf" -p "$dir" >"$dir/log" 2>&1 &
	CC_SERVER_PIDS+=($!)
	CC_SERVER_DIRS+=("$dir")
	CC_HTTP="$(_cc_scheme)://127.0.0.1:$port"
	CC_HTTP_LOG=$dir/access.log
	cc_wait_http "$CC_HTTP/"
}

# Apache on loopback, for the servers below: _cc_apache_auth HTPASSWD prints
# the access rule (basic auth when a file is given); _cc_apache_head DIR PORT
# MODULE... the configuration's first lines; _cc_apache_start DIR runs it.
_cc_apache_auth() {
	if [ -n "${1:-}" ]; then
		printf 'AuthType Basic\n  AuthName charts\n  AuthBasicProvider file\n  AuthUserFile %s\n  Require valid-user\n' \
			"$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
	else
		printf 'Require all granted\n'
	fi
}
_cc_apache_head() {
	local dir=$1 port=$2 m
	shift 2
	echo "ServerRoot $dir"
	echo "ServerName localhost"
	echo "Listen 127.0.0.1:$port"
	echo "PidFile $dir/httpd.pid"
	echo "ErrorLog $dir/error.log"
	for m in mpm_event authz_core authn_core authn_file auth_basic authz_user "$@"; do
		echo "LoadModule ${m}_module /usr/lib/apache2/modules/mod_$m.so"
	done
	echo 'LogFormat "%m %U %>s" brief'
	echo "CustomLog $dir/access.log brief"
	if [ -n "${CC_SERVE_TLS:-}" ]; then
		echo "LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so"
		echo "SSLEngine on"
		echo "SSLCertificateFile $CC_TLS_CERT"
		echo "SSLCertificateKeyFile $CC_TLS_KEY"
	fi
}
_cc_apache_start() {
	apache2 -f "$1/httpd.conf" -DFOREGROUND >"$1/log" 2>&1 &
	CC_SERVER_PIDS+=($!)
	CC_SERVER_DIRS+=("$1")
}

# cc_server_dav DIR [HTPASSWD]: Apache's mod_dav serving DIR, writable with
# PUT and DELETE (a plain WebDAV chart repository), with basic auth when an
# htpasswd file is given. Unlike nginx's DAV module, mod_dav honours If-Match
# and If-None-Match on PUT, which publishing relies on. Sets CC_DAV (the
# base URL) and CC_DAV_LOG ("METHOD URI STATUS" per request).
cc_server_dav() {
	local root dir port
	root=$(cd "$1" && pwd)
	dir=$(mktemp -d "${TMPDIR:-/tmp}/chartci-dav-XXXXXX")
	port=$(cc_free_port) || return 1
	mkdir -p "$dir/lock"
	{
		_cc_apache_head "$dir" "$port" dav dav_fs
		cat <<CONF
DAVLockDB $dir/lock/DAVLock
DocumentRoot $root
<Directory $root>
  Dav On
  $(_cc_apache_auth "${2:-}")
</Directory>
CONF
	} >"$dir/httpd.conf"
	_cc_apache_start "$dir"
	CC_DAV="$(_cc_scheme)://127.0.0.1:$port"
	CC_DAV_LOG=$dir/access.log
	cc_wait_http "$CC_DAV/"
}

# cc_server_museum DIR [HTPASSWD]: the ChartMuseum API (tests/lib/museum.cgi)
# under Apache, charts kept in DIR and served at /charts/; basic auth when
# an htpasswd file is given. Sets CC_MUSEUM (the base URL) and
# CC_MUSEUM_LOG ("METHOD URI STATUS" per request).
cc_server_museum() {
	local root dir port
	root=$(cd "$1" && pwd)
	dir=$(mktemp -d "${TMPDIR:-/tmp}/chartci-museum-XXXXXX")
	port=$(cc_free_port) || return 1
	{
		_cc_apache_head "$dir" "$port" alias cgid env
		cat <<CONF
ScriptSock $dir/cgid.sock
SetEnv MUSEUM_STORE $root
ScriptAlias /api $ROOT/tests/lib/museum.cgi
Alias /charts $root
<Location />
  $(_cc_apache_auth "${2:-}")
</Location>
<Directory $root>
  Require all granted
</Directory>
CONF
	} >"$dir/httpd.conf"
	_cc_apache_start "$dir"
	CC_MUSEUM="http://127.0.0.1:$port"
	CC_MUSEUM_LOG=$dir/access.log
	cc_wait_http "$CC_MUSEUM/"
}

cc_servers_stop() {
	local pid dir
	for pid in "${CC_SERVER_PIDS[@]}"; do
		kill "$pid" 2>/dev/null
	done
	for pid in "${CC_SERVER_PIDS[@]}"; do
		wait "$pid" 2>/dev/null
	done
	for dir in "${CC_SERVER_DIRS[@]}"; do
		rm -rf "$dir"
	done
	CC_SERVER_PIDS=()
	CC_SERVER_DIRS=()
}
# the sourcing script's own cleanup (lib.sh's scratch directories) still runs
trap 'cc_servers_stop; if declare -F cc_scratch_cleanup >/dev/null; then cc_scratch_cleanup; fi' EXIT
