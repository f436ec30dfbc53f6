#!/bin/bash
# The ChartMuseum API, as far as publishing uses it, over a directory: for
# tests, where no ChartMuseum can be installed (it is neither in Debian nor
# on npm). Run by Apache's mod_cgid at /api (cc_server_museum in
# servers.sh); MUSEUM_STORE is the directory charts are kept in.
#   POST /api/charts[?force]      the body is a chart archive: 201 {"saved":true},
#                                 409 {"error":"file already exists"} when the
#                                 name and version are there and force is not asked
#   POST /api/prov[?force]        the body is a .prov; kept beside its archive
#   GET  /api/charts/NAME/VERSION 200 the chart version (name, version, digest, urls), or 404
#   DELETE /api/charts/NAME/VERSION
store=${MUSEUM_STORE:?}
answer() { # answer STATUS JSON
	printf 'Status: %s\r\nContent-Type: application/json\r\n\r\n%s\n' "$1" "$2"
	exit 0
}
body=$(mktemp)
trap 'rm -f "$body"' EXIT
[ "${CONTENT_LENGTH:-0}" -gt 0 ] && head -c "$CONTENT_LENGTH" >"$body"
field() { tar -xzOf "$body" --wildcards '*/Chart.yaml' 2>/dev/null | sed -n "s/^$1: //p" | head -n1 | tr -d "\"'"; }
case "$REQUEST_METHOD ${PATH_INFO:-}" in
"POST /charts")
	name=$(field name) version=$(field version)
	[ -n "$name" ] && [ -n "$version" ] || answer "400 Bad Request" '{"error":"not a chart archive"}'
	file=$store/$name-$version.tgz
	if [ -e "$file" ] && [[ "${QUERY_STRING:-}" != *force* ]]; then
		answer "409 Conflict" '{"error":"file already exists"}'
	fi
	cp "$body" "$file" && answer "201 Created" '{"saved":true}' ;;
"POST /prov")
	file=$(sed -n 's/^  \([^:]*\.tgz\): sha256:.*/\1/p' "$body" | head -n1)
	[ -n "$file" ] || answer "400 Bad Request" '{"error":"not a provenance file"}'
	cp "$body" "$store/$file.prov" && answer "201 Created" '{"saved":true}' ;;
"GET /charts/"*/*)
	rest=${PATH_INFO#/charts/} name=${rest%%/*} version=${rest#*/}
	file=$store/$name-$version.tgz
	[ -e "$file" ] || answer "404 Not Found" '{"error":"improper constraint: no chart version found"}'
	answer "200 OK" "{\"name\":\"$name\",\"version\":\"$version\",\"digest\":\"$(sha256sum "$file" | cut -c1-64)\",\"urls\":[\"charts/$name-$version.tgz\"]}" ;;
"DELETE /charts/"*/*)
	rest=${PATH_INFO#/charts/}
	rm -f "$store/${rest%%/*}-${rest#*/}.tgz" && answer "200 OK" '{"deleted":true}' ;;
*)
	answer "404 Not Found" '{"error":"not found"}' ;;
esac
