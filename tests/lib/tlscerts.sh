#!/bin/sh
# tlscerts.sh DIR: a throwaway CA and a server certificate it signed, for
# TLS on loopback in tests: DIR/ca.pem (the CA), DIR/server.pem and
# DIR/server.key (valid for 127.0.0.1, ::1 and localhost), and
# DIR/other-ca.pem, a second CA that signed nothing here (a wrong CA).
# EC keys, so making them costs milliseconds.
set -eu
dir=$1
mkdir -p "$dir"
cd "$dir"
ca() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
		-subj "/CN=chartci test $1" -keyout "$1.key" -out "$1.pem" 2>/dev/null
}
ca ca
ca other-ca
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=127.0.0.1" \
	-keyout server.key -out server.csr 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
	-extfile server.ext -out server.pem 2>/dev/null
rm -f server.csr server.ext ca.srl
