#!/bin/sh
# Installs the bcoin regtest node that the Bitcoin adapter's integration tests start
# (bridge/src/test/node, versions pinned by its package-lock.json). Run from the repository root.
# Needs Node.js >= 18 and npm (Debian: apt-get install nodejs npm).
set -eu

dir=bridge/src/test/node
if [ ! -f "$dir/package-lock.json" ]; then
    echo "install-bcoin: $dir/package-lock.json not found; run this from the repository root" >&2
    exit 1
fi
for tool in node npm; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "install-bcoin: '$tool' not found; install Node.js and npm (Debian: apt-get install nodejs npm)" >&2
        exit 1
    fi
done

cd "$dir"
# Install scripts must run: mrmr (murmur3, needed by bcoin) compiles with node-gyp. The native
# builds of bcrypto and secp256k1 fail on Node 20, which their scripts tolerate: bcoin then uses
# pure JavaScript. leveldown 6.1.1 (forced by "overrides") ships prebuilt binaries.
npm ci --no-audit --no-fund
node -e "require('bcoin'); require('mrmr'); console.log('install-bcoin: bcoin ' + require('bcoin/package.json').version + ' ready in $dir')"
