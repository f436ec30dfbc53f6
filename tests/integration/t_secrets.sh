#!/usr/bin/env bash
# No password reaches what chartci prints: lock, deps build and publish with
# --verbose, in every --format, against a registry (docker-registry) and a
# WebDAV chart repository (Apache) behind basic auth (user chartci,
# password t3st-pass), with the password from the environment
# (CHARTCI_PASSWORD), from helm's registry config.json (base64 `auth`),
# from helm's repositories.yaml and from --password-stdin, right and wrong
# (401). Neither the password nor the base64 of user:password appears.
. "$(dirname "$0")/lib.sh"
. "$ROOT/tests/lib/servers.sh"
. "$ROOT/tests/lib/oci.sh"
: "${FREEPORT:?}"
W=$(scratch)
net_sandbox "$W"
export TZ=UTC SOURCE_DATE_EPOCH=1700000000
unset CHARTCI_PASSWORD
PASS=t3st-pass WRONG=Wr0ng-pass
HIDDEN=("$PASS" "$(printf 'chartci:%s' "$PASS" | base64)" "$WRONG" "$(printf 'chartci:%s' "$WRONG" | base64)")
FORMATS=(text json github sarif)

# hidden NAME: nothing the last run printed holds a password or its base64
hidden() {
	local s
	for s in "${HIDDEN[@]}"; do
		if contains "$OUT$ERR" "$s"; then
			fail "$1" "the output holds a secret: $(printf '%s\n%s' "$OUT" "$ERR" | grep -F -m1 -e "$s" | sed "s/$s/***/g")"
			return
		fi
	done
	ok "$1"
}
# expect NAME STATUS: the last run exited STATUS and printed nothing secret
expect() {
	if [ "$STATUS" = "$2" ]; then ok "$1"; else fail "$1" "exit $STATUS (want $2): $(printf '%s\n%s' "$OUT" "$ERR" | head -c 400)"; fi
	hidden "$1-hidden"
}
mkchart() { # DIR NAME VERSION
	mkdir -p "$1/templates"
	printf 'apiVersion: v2\nname: %s\nversion: %s\ndescription: d\n' "$2" "$3" >"$1/Chart.yaml"
	printf 'kind: ConfigMap\n' >"$1/templates/cm.yaml"
}
app() { # DIR REPOSITORY: a chart depending on dep 1.x from REPOSITORY
	rm -rf "$1" && mkdir -p "$1/templates"
	printf 'apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n  - name: dep\n    version: "1.x"\n    repository: "%s"\n' "$2" >"$1/Chart.yaml"
}
helm_auth() { printf '{"auths": {"%s": {"auth": "%s"}}}' "$1" "$(printf 'chartci:%s' "$2" | base64)"; }

cc_server_registry "$ROOT/tests/data/oci/htpasswd" || fail registry "docker-registry did not start"
R=$CC_REGISTRY
mkdir -p "$W/dav"
cc_server_dav "$W/dav" "$ROOT/tests/data/oci/htpasswd" || fail dav "apache2 did not start"
D=$CC_DAV
helm_auth "$R" "$PASS" >"$W/registry.json"
helm_auth "$R" "$WRONG" >"$W/wrong.json"

# the charts to publish: one version per format and credential source
for i in 0 1 2 3; do
	for j in 0 1 2; do mkchart "$W/src/sec-1.$i.$j" sec "1.$i.$j"; done
done
mkchart "$W/src/dep" dep 1.0.0
run package -d "$W/out" "$W"/src/*
check packaged [ "$(ls "$W/out" | wc -l)" = 13 ]
cc_oci_push "$R" charts/dep 1.0.0 "$W/out/dep-1.0.0.tgz" "chartci:$PASS" >/dev/null || fail dep-push "push failed"

i=0
for f in "${FORMATS[@]}"; do
	v=(--verbose --format "$f")
	# publish to the registry: environment, --password-stdin, helm's config.json
	CHARTCI_PASSWORD=$PASS run publish "${v[@]}" --to "oci://$R/charts" --plain-http --username chartci "$W/out/sec-1.$i.0.tgz"
	expect "$f-oci-env" 0
	run publish "${v[@]}" --to "oci://$R/charts" --plain-http --username chartci --password-stdin "$W/out/sec-1.$i.1.tgz" <<<"$PASS"
	expect "$f-oci-stdin" 0
	run publish "${v[@]}" --to "oci://$R/charts" --plain-http --registry-config "$W/registry.json" "$W/out/sec-1.$i.2.tgz"
	expect "$f-oci-config" 0
	CHARTCI_PASSWORD=$WRONG run publish "${v[@]}" --to "oci://$R/charts" --plain-http --username chartci "$W/out/sec-1.$i.0.tgz"
	expect "$f-oci-env-wrong" 1
	run publish "${v[@]}" --to "oci://$R/charts" --plain-http --username chartci --password-stdin "$W/out/sec-1.$i.1.tgz" <<<"$WRONG"
	expect "$f-oci-stdin-wrong" 1
	run publish "${v[@]}" --to "oci://$R/charts" --plain-http --registry-config "$W/wrong.json" "$W/out/sec-1.$i.2.tgz"
	expect "$f-oci-config-wrong" 1

	# publish to the WebDAV repository: environment, --password-stdin
	CHARTCI_PASSWORD=$PASS run publish "${v[@]}" --to "$D" --username chartci "$W/out/sec-1.$i.0.tgz"
	expect "$f-dav-env" 0
	run publish "${v[@]}" --to "$D" --username chartci --password-stdin "$W/out/sec-1.$i.1.tgz" <<<"$PASS"
	expect "$f-dav-stdin" 0
	CHARTCI_PASSWORD=$WRONG run publish "${v[@]}" --to "$D" --username chartci "$W/out/sec-1.$i.2.tgz"
	expect "$f-dav-env-wrong" 1
	run publish "${v[@]}" --to "$D" --username chartci --password-stdin "$W/out/sec-1.$i.2.tgz" <<<"$WRONG"
	expect "$f-dav-stdin-wrong" 1

	# lock and deps build from the registry, helm's config.json (named, and
	# from the environment's HELM_REGISTRY_CONFIG)
	app "$W/oci-$f" "oci://$R/charts"
	run lock "${v[@]}" --plain-http --registry-config "$W/registry.json" "$W/oci-$f"
	expect "$f-lock-oci" 0
	HELM_REGISTRY_CONFIG=$W/registry.json run deps build "${v[@]}" --plain-http "$W/oci-$f"
	expect "$f-deps-build-oci" 0
	check "$f-deps-build-oci-saved" [ -f "$W/oci-$f/charts/dep-1.0.0.tgz" ]
	rm -f "$W/oci-$f/Chart.lock"
	run lock "${v[@]}" --plain-http --registry-config "$W/wrong.json" "$W/oci-$f"
	expect "$f-lock-oci-wrong" 1

	# lock and deps build from the WebDAV repository, helm's repositories.yaml
	printf 'apiVersion: ""\nrepositories:\n- name: dav\n  url: %s\n  username: chartci\n  password: %s\n' "$D" "$PASS" >"$W/repositories.yaml"
	sed "s/$PASS/$WRONG/" "$W/repositories.yaml" >"$W/wrong-repositories.yaml"
	app "$W/dav-$f" "@dav"
	sed -i 's/name: dep/name: sec/' "$W/dav-$f/Chart.yaml"
	run lock "${v[@]}" --repository-config "$W/repositories.yaml" "$W/dav-$f"
	expect "$f-lock-dav" 0
	HELM_REPOSITORY_CONFIG=$W/repositories.yaml run deps build "${v[@]}" "$W/dav-$f"
	expect "$f-deps-build-dav" 0
	rm -f "$W/dav-$f/Chart.lock"
	run lock "${v[@]}" --repository-config "$W/wrong-repositories.yaml" "$W/dav-$f"
	expect "$f-lock-dav-wrong" 1
	i=$((i + 1))
done

# A registry that echoes the credentials it is sent in its error messages
# (basic: the Authorization header; bearer: the token it handed out): chartci
# shows its message with them taken out.
TOKEN=echo-t0ken-s3cret
HIDDEN+=("$TOKEN")
mkdir -p "$W/echo"
cc_server_http "$W/echo" "" "default_type application/json;
	location = /token { return 200 '{\"token\": \"$TOKEN\"}'; }
	location /v2/bearer/ {
		if (\$http_authorization !~ Bearer) {
			add_header WWW-Authenticate 'Bearer realm=\"http://\$http_host/token\",service=\"echo\"' always;
			return 401 '{\"errors\": [{\"code\": \"UNAUTHORIZED\", \"message\": \"a token please\"}]}';
		}
		return 403 '{\"errors\": [{\"code\": \"DENIED\", \"message\": \"rejected \$http_authorization\"}]}';
	}
	location /v2/ {
		if (\$http_authorization = '') {
			add_header WWW-Authenticate 'Basic realm=\"echo\"' always;
			return 401 '{\"errors\": [{\"code\": \"UNAUTHORIZED\", \"message\": \"credentials please\"}]}';
		}
		return 401 '{\"errors\": [{\"code\": \"DENIED\", \"message\": \"rejected \$http_authorization\"}]}';
	}" || fail echo-server "nginx did not start"
E=${CC_HTTP#http://}
CHARTCI_PASSWORD=$PASS run publish --verbose --to "oci://$E/charts" --plain-http --username chartci "$W/out/sec-1.0.0.tgz"
expect echo-basic 1
check echo-basic-shown contains "$OUT$ERR" "DENIED: rejected Basic ***"
CHARTCI_PASSWORD=$PASS run publish --verbose --format json --to "oci://$E/bearer/charts" --plain-http --username chartci "$W/out/sec-1.0.0.tgz"
expect echo-bearer 1
check echo-bearer-shown contains "$OUT$ERR" "DENIED: rejected Bearer ***"

# chartci ci, as the GitHub Action runs it: the password only in
# CHARTCI_PASSWORD, publishing to the registry behind auth, right and wrong,
# in every format; the job summary and step outputs files are swept too.
git_sandbox "$W"
G=$W/repo
mkdir -p "$G" && cp -r "$ROOT/examples/monorepo/." "$G/" && rm -rf "$G/charts/worker"
git -C "$G" init -q -b main && git -C "$G" add -A && git -C "$G" commit -qm charts
ci_run() { # NAME STATUS PASSWORD FORMAT
	rm -f "$W/summary.md" "$W/outputs"
	cd "$G" && CHARTCI_PASSWORD=$3 GITHUB_ACTIONS=true run ci --verbose --format "$4" --to "oci://$R/ci" --plain-http \
		--username chartci --summary "$W/summary.md" --outputs "$W/outputs"
	cd "$W"
	expect "$1" "$2"
	OUT="$(cat "$W/summary.md" "$W/outputs" 2>/dev/null)" ERR=""
	cat "$W/summary.md" "$W/outputs" >>"$RESULTS.outputs" 2>/dev/null
	hidden "$1-files-hidden"
}
ci_run ci-wrong-text 1 "$WRONG" text
ci_run ci-wrong-github 1 "$WRONG" github
ci_run ci-right-sarif 0 "$PASS" sarif
check ci-published [ -n "$(curl -s -u "chartci:$PASS" "http://$R/v2/ci/web/tags/list" | jq -r '.tags[]?')" ]
ci_run ci-again-json 0 "$PASS" json
