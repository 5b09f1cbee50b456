#!/usr/bin/env bash
# Web benchmark (issue "Web application"): wrk at 16 connections on the dashboard, a requirement
# page and the evidence list of a database with 100,000 evidence records, beside nginx serving the
# same HTML saved to disk. Bound: at least 0.25 of nginx's throughput, p99 under 20 ms.
# Needs a release build of eqms (make bench builds it). Writes bench-web.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-packages.sh wrk nginx curl
records=${EQMS_BENCH_WEB_RECORDS:-100000}
duration=${EQMS_BENCH_WEB_SECONDS:-10}
eqms=${EQMS_BINARY:-.build/release/eqms}
folder=$(mktemp -d /tmp/eqms-web-bench-XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
nginx_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  [ -f "$folder/nginx.pid" ] && kill "$(cat "$folder/nginx.pid")" 2>/dev/null || true
  rm -rf "$folder"
}
trap cleanup EXIT
export EQMS_STANDARDS="$PWD/Standards" EQMS_ACTOR=bench

echo "Preparing a database with $records evidence records…" >&2
"$eqms" init --db "$folder/eqms.sqlite" >/dev/null
python3 - "$folder/evidence.csv" "$records" <<'PY'
import random, sys
random.seed(7)
keys = ["iso-9001-2015:7.5.3", "iso-9001-2015:8.5.1", "iso-9001-2015:9.2.2", "iso-9001-2015:7.2",
        "iso-54001-2019:EP-04", "iso-54001-2019:EP-01", "iso-54001-2019:9.1.1", "iso-9001-2015:10.2.2"]
with open(sys.argv[1], "w") as out:
    out.write("title,requirements,kind,owner,process,effective_date,valid_until,review_due,confidentiality,link,files\n")
    for i in range(int(sys.argv[2])):
        a, b = random.sample(keys, 2)
        month = 1 + i % 12
        out.write(f"Polling station record {i},{a};{b},link,amal,EP-04,2026-{month:02d}-01,2027-{month:02d}-01,,internal,https://iec.example/r/{i},\n")
PY
"$eqms" evidence import --db "$folder/eqms.sqlite" "$folder/evidence.csv" >/dev/null
printf 'bench-lantern-2026\n' | "$eqms" user add bench --role viewer --db "$folder/eqms.sqlite" --password-stdin >/dev/null
"$eqms" serve --db "$folder/eqms.sqlite" --port "$port" >"$folder/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done

# Sign in through the real form to get a session cookie.
jar="$folder/cookies"
login=$(curl -fs -c "$jar" "http://127.0.0.1:$port/login")
token=$(printf '%s' "$login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
curl -fs -b "$jar" -c "$jar" -o /dev/null -d "username=bench&password=bench-lantern-2026&_csrf=$token" "http://127.0.0.1:$port/login"
session=$(awk '$6 == "eqms_session" { print $7 }' "$jar")
[ -n "$session" ] || { echo "error: could not sign in" >&2; exit 1; }

pages=("/" "/catalogue/iso-9001-2015/8.5.1" "/evidence")
mkdir -p "$folder/static"
for index in "${!pages[@]}"; do
  curl -fs -H "Cookie: eqms_session=$session" "http://127.0.0.1:$port${pages[$index]}" -o "$folder/static/page$index.html"
  # Warm the caches before measuring.
  curl -fs -H "Cookie: eqms_session=$session" "http://127.0.0.1:$port${pages[$index]}" -o /dev/null
done
cat > "$folder/nginx.conf" <<CONF
worker_processes 1;
pid $folder/nginx.pid;
error_log $folder/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$nginx_port;
    root $folder/static;
    default_type text/html;
  }
}
CONF
nginx -c "$folder/nginx.conf"

measure() { # url, extra header → "requests/s p99(ms)"
  local output
  output=$(wrk -t 2 -c 16 -d "${duration}s" --latency ${2:+-H "$2"} "$1")
  local rate p99
  rate=$(printf '%s\n' "$output" | awk '/Requests\/sec/ { print $2 }')
  p99=$(printf '%s\n' "$output" | awk '$1 == "99%" { v=$2; if (v ~ /us$/) { sub("us","",v); v=v/1000 } else if (v ~ /ms$/) { sub("ms","",v) } else if (v ~ /s$/) { sub("s","",v); v=v*1000 } print v }')
  echo "$rate $p99"
}
printf '%-40s %12s %10s %12s %8s %6s\n' "page" "eqms req/s" "p99 ms" "nginx req/s" "ratio" "met"
json="["
all_met=1
for index in "${!pages[@]}"; do
  read -r ours ours_p99 < <(measure "http://127.0.0.1:$port${pages[$index]}" "Cookie: eqms_session=$session")
  read -r theirs theirs_p99 < <(measure "http://127.0.0.1:$nginx_port/page$index.html" "")
  ratio=$(python3 -c "print(round($ours / $theirs, 3))")
  met=$(python3 -c "print('yes' if $ours / $theirs >= 0.25 and $ours_p99 < 20 else 'no')")
  [ "$met" = yes ] || all_met=0
  printf '%-40s %12s %10s %12s %8s %6s\n' "${pages[$index]} ($records records)" "$ours" "$ours_p99" "$theirs" "$ratio" "$met"
  json+="{\"page\":\"${pages[$index]}\",\"records\":$records,\"eqmsRequestsPerSecond\":$ours,\"eqmsP99Milliseconds\":$ours_p99,\"nginxRequestsPerSecond\":$theirs,\"ratio\":$ratio,\"met\":\"$met\"},"
done
json="${json%,}]"
printf '%s\n' "$json" > bench-web.json
echo "Figures written to bench-web.json (bound: ratio ≥ 0.25 and p99 < 20 ms; all met: $([ $all_met = 1 ] && echo yes || echo no))"
