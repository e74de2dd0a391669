#!/usr/bin/env bash
# What CI can check of the deployment files without a Docker engine (docs/deployment.md says what it
# cannot): both compose files are valid and complete, .env.example lists every setting, the nginx
# template renders to a configuration `nginx -t` accepts, and that configuration, run for real in
# front of a stand-in app, proxies as intended (scripts/check-nginx-proxy.ts).
# Needs docker-compose, nginx and envsubst (Debian: docker-compose nginx gettext-base); run as root
# or as a user who may start nginx.
set -euo pipefail
PATH=$PATH:/usr/sbin:/sbin  # where Debian puts nginx, also for users other than root
cd "$(dirname "$0")/.."

fail() { echo "check-deployment: $*" >&2; exit 1; }
for tool in docker-compose nginx envsubst node; do
  command -v "$tool" >/dev/null || fail "$tool is not installed"
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- compose files -----------------------------------------------------------------------------------
# In a copy, so that the operator's own .env is neither read nor touched: .env comes from .env.example.
mkdir -p "$work/compose"
cp docker-compose.yml docker-compose-devel.yml .env.example "$work/compose/"
cp -R nginx "$work/compose/nginx"
cp .env.example "$work/compose/.env"
compose() { (cd "$work/compose" && docker-compose "$@"); }

# .env.example leaves the secrets empty: compose must refuse to start until each one is set.
secrets=(SECRET_KEY=check-deployment-secret-key-0123456789 POSTGRES_PASSWORD=checkdeployment)
for secret in "${secrets[@]}"; do
  others=("${secrets[@]/$secret}")
  if (export ${others[*]}; compose -f docker-compose.yml config -q 2>/dev/null); then
    fail "docker-compose.yml accepts an empty ${secret%%=*}"
  fi
done
export "${secrets[@]}"
for file in docker-compose.yml docker-compose-devel.yml; do
  compose -f "$file" config -q || fail "$file is not a valid compose file"
  # Every bind-mounted file or folder exists (a typo would mount an empty folder instead).
  while read -r source; do
    [ -e "$source" ] || fail "$file mounts $source, which does not exist"
  done < <(compose -f "$file" config | sed -nE "s#^ *- ($work/compose[^:]*):.*#\1#p")
done
# The image's entrypoint ignores a .envsh that is not executable.
[ -x nginx/19-upload-limit.envsh ] || fail "nginx/19-upload-limit.envsh must be executable (git: mode 100755)"

# Every `node dist/X.js` started by the image or the stack is built from an X.ts.
for entry in $(grep -ohE 'dist/[A-Za-z0-9/_.-]+\.js' Dockerfile docker-compose.yml | sort -u); do
  source=${entry#dist/}
  [ -f "${source%.js}.ts" ] || fail "$entry is started, but ${source%.js}.ts does not exist"
done
# Every `npm run X` of the devel stack is a script of package.json.
for script in $(grep -oE '"npm", "run", "[^"]+"' docker-compose-devel.yml | sed -E 's/.*"([^"]+)"$/\1/' | sort -u); do
  node -e 'process.exit(require("./package.json").scripts?.[process.argv[1]] ? 0 : 1)' "$script" \
    || fail "docker-compose-devel.yml runs npm run $script, which package.json does not define"
done

# --- .env.example --------------------------------------------------------------------------------------
settings=$(sed -n '/const schema = z.object({/,/^});/p' core/config.ts | grep -oE '^  [A-Z][A-Z0-9_]+:' | tr -d ' :')
[ -n "$settings" ] || fail "found no settings in core/config.ts"
for name in $settings TEST_DATABASE_URL; do
  grep -qE "^$name=" .env.example || fail ".env.example does not list $name"
done

# --- nginx -------------------------------------------------------------------------------------------
# Rendered as the nginx image does at start-up: its entrypoint sources the .envsh, then substitutes
# the variables of its environment in the template. The compose service names are resolved by
# nginx only when a request comes (resolver + a variable in proxy_pass), so `nginx -t` needs no
# name resolution here; the resolver address is Docker's, never contacted by `nginx -t`.
mkdir -p "$work/nginx/conf.d" "$work/nginx/temp"
chmod 755 "$work" "$work/nginx"
chmod 777 "$work/nginx/temp"
render() {  # render MAX_UPLOAD_MB WEB_PORT OUTPUT
  (
    export MAX_UPLOAD_MB=$1 WEB_PORT=$2 NGINX_LOCAL_RESOLVERS=127.0.0.11
    . nginx/19-upload-limit.envsh
    envsubst '${MAX_UPLOAD_MB} ${WEB_PORT} ${NGINX_LOCAL_RESOLVERS} ${NGINX_MAX_BODY_MB}' \
      < nginx/templates/default.conf.template > "$3"
  )
  ! grep -nE '\$\{[A-Z_]+\}' "$3" || fail "the nginx template uses a variable the image does not set"
}
# The http block of the image's nginx.conf, with paths of its own.
main_conf() {  # main_conf SERVER_CONF
  local temp="$work/nginx/temp"
  cat <<EOF
pid $work/nginx/nginx.pid;
error_log stderr crit;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  sendfile on;
  keepalive_timeout 65;
  access_log off;
  client_body_temp_path $temp/body; proxy_temp_path $temp/proxy; fastcgi_temp_path $temp/fastcgi;
  uwsgi_temp_path $temp/uwsgi; scgi_temp_path $temp/scgi;
  include $1;
}
EOF
}

max_upload_mb=$(sed -nE 's/^MAX_UPLOAD_MB=([0-9]+)$/\1/p' .env.example)
render "${max_upload_mb:-100}" 3000 "$work/nginx/conf.d/default.conf"
grep -q "client_max_body_size $(( ${max_upload_mb:-100} + 1 ))m;" "$work/nginx/conf.d/default.conf" \
  || fail "the rendered nginx configuration does not allow MAX_UPLOAD_MB + 1 MB"
# nginx -t binds the listen addresses: port 80 may be taken (or forbidden), so a free one instead.
[ "$(grep -c 'listen 80 default_server;' "$work/nginx/conf.d/default.conf")" = 1 ] || fail "the nginx template must listen on port 80 once"
free_port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
sed -i "s/listen 80 default_server;/listen 127.0.0.1:$free_port default_server;/" "$work/nginx/conf.d/default.conf"
main_conf "$work/nginx/conf.d/default.conf" > "$work/nginx/nginx.conf"
nginx -t -q -p "$work/nginx/" -c "$work/nginx/nginx.conf" -e stderr || fail "nginx -t refuses the rendered configuration"

# --- nginx, running ----------------------------------------------------------------------------------
# The same template with a 1 MB limit, in front of a stand-in app on 127.0.0.1 (the probe rewrites
# the listen address and the app's name, then starts and stops nginx itself).
render 1 3000 "$work/nginx/conf.d/live.conf"
main_conf "$work/nginx/conf.d/live.conf" > "$work/nginx/live.conf"
node --import tsx scripts/check-nginx-proxy.ts "$work/nginx/live.conf" "$work/nginx/conf.d/live.conf" \
  || fail "nginx does not proxy as intended"

echo "check-deployment: compose files, .env.example and nginx configuration OK"
