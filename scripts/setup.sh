#!/usr/bin/env bash
# Installs what is missing, then builds: Debian packages (when root), npm dependencies, the
# TypeScript build, the generated OpenAPI schemas and validators, and the component bundles. Safe to run again: each step is skipped when
# already done. Used by `npm start` and `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(etcd-server runc conmon containernetworking-plugins iptables nftables iproute2
          docker-registry skopeo umoci busybox-static python3 python3-kubernetes)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: WARNING: missing Debian packages (${missing[*]}); run as root to install them." >&2
  fi
fi

stamp=node_modules/.k8ts-lock-hash
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

echo "setup: building"
npx tsc -p tsconfig.json
node dist/apiserver/openapi/generate.js
# The schema validators as ajv standalone code, so the API server does not compile them at start-up.
node dist/apiserver/validation/generate.js
# One bundled file per component process (dist/bundle/<component>/main.js), run by `k8ts up`.
node scripts/bundle.mjs
