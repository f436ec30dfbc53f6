# Puts a chart into an OCI registry the way `helm push` lays it out (a
# helm config blob, one chart layer, an OCI image manifest), through the
# distribution API with curl, so tests can fill a registry without helm.
#
#   cc_oci_push HOST:PORT REPOSITORY TAG CHART.tgz [USER:PASS]
#
# The config blob is {"name":..,"version":..} taken from REPOSITORY's last
# element and TAG ('_' read back as '+'). Prints the manifest digest.

cc_oci_blob() {
	local base=$1 file=$2 auth=$3 digest loc sep
	digest=sha256:$(sha256sum "$file" | cut -d' ' -f1)
	if curl -sf $auth -o /dev/null -I "$base/blobs/$digest"; then
		echo "$digest"
		return 0
	fi
	loc=$(curl -sf $auth -X POST -D - -o /dev/null "$base/blobs/uploads/" |
		tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
	[ -n "$loc" ] || return 1
	case "$loc" in /*) loc="${base%%/v2/*}$loc" ;; esac
	case "$loc" in *\?*) sep='&' ;; *) sep='?' ;; esac
	curl -sf $auth -X PUT -H 'Content-Type: application/octet-stream' \
		--data-binary "@$file" "$loc${sep}digest=$digest" -o /dev/null || return 1
	echo "$digest"
}

cc_oci_push() {
	local host=$1 repo=$2 tag=$3 chart=$4 auth= base cfg cd ld manifest
	[ -n "${5:-}" ] && auth="-u $5"
	base="http://$host/v2/$repo"
	cfg=$(mktemp)
	manifest=$(mktemp)
	printf '{"name":"%s","version":"%s","apiVersion":"v2"}' "${repo##*/}" "${tag//_/+}" >"$cfg"
	cd=$(cc_oci_blob "$base" "$cfg" "$auth") &&
		ld=$(cc_oci_blob "$base" "$chart" "$auth") &&
		printf '{"schemaVersion":2,"config":{"mediaType":"application/vnd.cncf.helm.config.v1+json","digest":"%s","size":%s},"layers":[{"mediaType":"application/vnd.cncf.helm.chart.content.v1.tar+gzip","digest":"%s","size":%s}]}' \
			"$cd" "$(stat -c %s "$cfg")" "$ld" "$(stat -c %s "$chart")" >"$manifest" &&
		curl -sf $auth -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' \
			--data-binary "@$manifest" "$base/manifests/$tag" -o /dev/null &&
		echo "sha256:$(sha256sum "$manifest" | cut -d' ' -f1)"
	local rc=$?
	rm -f "$cfg" "$manifest"
	return $rc
}
