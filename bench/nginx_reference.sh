# Sourced by the bench scripts: start_nginx_reference BODY_FILE PORT DATA_DIR WORK_DIR [TENANT]
# serves BODY_FILE for every path over TLS on 127.0.0.1:PORT with the installation's server
# certificate (keep-alive, one worker per core, Cache-Control: no-store as ours), and fails
# unless it answers 200. Sets NGINX_WWW (a folder for the caller's cleanup).
# With TENANT, nginx requires a client certificate of that tenant's device CA, as `yorisoi serve`
# does (mutual TLS on both sides; the checks are made once per connection), and the 200 check
# uses CERT and KEY.
# POST requests (bench/mixed.sh's note writes) get the same body with 200: nginx refuses POST on
# a static file with 405, which error_page turns into the file.
# nginx's workers run as nobody: the served folder must be readable by others (mktemp makes
# 0700 folders, which made nginx answer 404 until this was caught — see docs/performance.md).
start_nginx_reference() {
  local body=$1 port=$2 data=$3 work=$4 tenant=${5:-}
  local client_ca="" curl_cert=()
  if [ -n "$tenant" ]; then
    client_ca="ssl_client_certificate $data/tenants/$tenant/device-ca.crt.pem; ssl_verify_client on;"
    curl_cert=(--cert "$CERT" --key "$KEY")
  fi
  NGINX_WWW=$(mktemp -d /tmp/yorisoi-www.XXXXXX)
  chmod 755 "$NGINX_WWW"
  cp "$body" "$NGINX_WWW/body"
  chmod 644 "$NGINX_WWW/body"
  cat >"$work/nginx.conf" <<NGINX
worker_processes $(nproc);
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$port ssl;
    ssl_certificate $data/tls/server.crt.pem;
    ssl_certificate_key $data/tls/server.key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    $client_ca
    location / { root $NGINX_WWW; default_type application/json; try_files /body =404;
      add_header Cache-Control no-store; error_page 405 =200 \$uri; }
  }
}
NGINX
  nginx -c "$work/nginx.conf"
  sleep 0.5
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$data/tls/ca.crt.pem" "${curl_cert[@]}" "https://localhost:$port/check")
  [ "$code" = 200 ] || { echo "nginx reference answers $code, not 200" >&2; return 1; }
}
