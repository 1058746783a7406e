#!/bin/sh
# install-deps.sh — installs what wushe needs on Debian 12, only what is
# missing: build libraries, Chromium and a CJK font for the browser tests,
# scipy for the matching benchmark, jsonschema for the HSDS export test,
# aiosmtpd (a real local SMTP server) for the e-mail notice test,
# nginx and wrk for the HTTP benchmark; WUSHE_EXTRA_PKGS adds more (`make
# fuzz` adds clang).
# Uses sudo when not root. Then `npm ci` for the web UI when needed.
set -eu
PKGS="build-essential pkg-config libmicrohttpd-dev libsqlite3-dev libsodium-dev libjansson-dev
libxlsxwriter-dev libcmocka-dev libpq-dev libhpdf-dev libqrencode-dev libzip-dev libexpat1-dev libcurl4-openssl-dev sqlite3
chromium fonts-wqy-microhei python3 python3-scipy python3-numpy python3-jsonschema python3-aiosmtpd nginx-light wrk nodejs npm
${WUSHE_EXTRA_PKGS:-}"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	# nodejs/npm may come from elsewhere (nvm, NodeSource): accept any working node and npm.
	if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
		missing=$(echo "$missing" | tr ' ' '\n' | grep -vx -e nodejs -e npm | tr '\n' ' ')
	fi
fi
missing=$(echo $missing)
if [ -n "$missing" ]; then
	SUDO=""
	[ "$(id -u)" = 0 ] || SUDO=sudo
	echo "install-deps: apt-get install $missing"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
if [ -f web/package-lock.json ]; then
	if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
		(cd web && npm ci --no-audit --no-fund)
	fi
fi
