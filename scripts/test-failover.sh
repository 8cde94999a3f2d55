#!/usr/bin/env bash
# The failover test (`make test-failover`, docs/operations.md "Streaming replication"):
#
#   1. a primary PostgreSQL cluster with a synchronous standby (synchronous_standby_names =
#      'FIRST 1 (replica1)', synchronous_commit = on, fsync = on);
#   2. the standby made with pg_basebackup -R -X stream -C -S replica1_slot, streaming, sync;
#   3. an installation on the multi-host URL (primary, standby; target_session_attrs=read-write)
#      and TWO `yorisoi serve` instances on it;
#   4. a write load on both instances (a caseworker creating cases and adding 経過記録), keeping
#      the id of every write answered 2xx (acknowledged);
#   5. while it runs: kill -9 of the primary's postmaster, then pg_ctl promote of the standby;
#      the load goes on until both instances answer 2xx again, and a little longer;
#   6. every acknowledged id is read back through the API of both instances and with psql on the
#      promoted server; the session opened before the failover still works; both instances LISTEN
#      on the promoted server and refuse a tablet revoked after the failover; each writes, and
#      the other reads it; the audit chain verifies; /healthz answers 200 on both; both stop
#      cleanly on SIGTERM with no sanitizer report.
#
# Exit 0 only when no acknowledged write is lost and both instances recovered; it prints the
# figures (writes acknowledged, writes failed during the failover, outage seconds).
#
#   scripts/test-failover.sh [path/to/yorisoi]      (default build/debug/yorisoi)
#
# Environment: FAILOVER_LOAD_BEFORE (s of load before the kill, default 6), FAILOVER_PROMOTE_AFTER
# (s between the kill and the promotion, default 2: the time a person or a tool takes to decide),
# FAILOVER_LOAD_AFTER (s of load after both recovered, default 4), FAILOVER_KEEP=1 (keep the
# temporary folder, with every log, instead of removing it).
#
# As root, the PostgreSQL processes run as the postgres user (runuser). Everything it starts is
# stopped, and everything it made removed, when it exits, whatever the outcome.
set -euo pipefail
export LC_NUMERIC=C   # EPOCHREALTIME with a decimal point, whatever the locale

yorisoi=${1:-build/debug/yorisoi}
load_before=${FAILOVER_LOAD_BEFORE:-6}
promote_after=${FAILOVER_PROMOTE_AFTER:-2}
load_after=${FAILOVER_LOAD_AFTER:-4}
recovery_limit=60   # s after the promotion within which both instances must answer 2xx again
tenant=failover
platform_db=ysfo

say() { printf '[failover %6ss] %s\n' "$(elapsed)" "$*"; }
fail() { printf '\nFAILOVER TEST FAILED: %s\n' "$*" >&2; exit 1; }
now() { echo "$EPOCHREALTIME"; }              # seconds.microseconds (bash 5)
micros() { local t=${1:-$EPOCHREALTIME}; echo "${t/./}"; }
t_start=$(micros)
elapsed() { local d=$(($(micros) - t_start)); printf '%d.%d' $((d / 1000000)) $((d / 100000 % 10)); }

[ -x "$yorisoi" ] || fail "no yorisoi binary at $yorisoi (make build-debug)"
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ] || [ ! -x "$bindir/pg_basebackup" ]; then
  fail "the PostgreSQL server is not installed (apt-get install postgresql-15)"
fi
command -v python3 >/dev/null || fail "python3 is needed for the load client"

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

work=$(mktemp -d /tmp/yorisoi-failover-XXXXXX)
chmod 755 "$work"
mkdir -p "$work/pg"
[ "$(id -u)" -eq 0 ] && chown postgres: "$work/pg"
primary="$work/pg/primary"
replica="$work/pg/replica"
# Each cluster's Unix socket in a folder of its own, outside its data folder.
sock_primary="$work/pg/sock-primary"
sock_replica="$work/pg/sock-replica"
mkdir -p "$sock_primary" "$sock_replica"
[ "$(id -u)" -eq 0 ] && chown postgres: "$sock_primary" "$sock_replica"
data="$work/data"
load_pid=""
serve_pids=()

# Every process of a cluster runs with the data folder as its working directory: that finds the
# backends a kill -9 of the postmaster left behind, and nothing else.
kill_cluster_leftovers() {
  local dir=$1 p
  while read -r p; do
    p=${p#/proc/}
    kill -9 "${p%/cwd}" 2>/dev/null || true
  done < <(find /proc -mindepth 2 -maxdepth 2 -name cwd -lname "$dir" 2>/dev/null)
}

cleanup() {
  local status=$?
  set +e
  trap '' PIPE  # a closed stdout must not stop the cleanup half-way
  touch "$work/stop"
  [ -n "$load_pid" ] && kill "$load_pid" 2>/dev/null && wait "$load_pid" 2>/dev/null
  for pid in "${serve_pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${serve_pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  for d in "$replica" "$primary"; do
    [ -f "$d/postmaster.pid" ] && as_pg "$bindir/pg_ctl" -D "$d" -m immediate stop >/dev/null 2>&1
    [ -d "$d" ] && kill_cluster_leftovers "$d"
  done
  if [ "$status" -ne 0 ]; then
    for f in "$work"/serve-*.err "$work/pg/primary.log" "$work/pg/replica.log"; do
      [ -s "$f" ] || continue
      echo "--- last lines of $f" >&2
      tail -n 15 "$f" >&2
    done
  fi
  if [ "${FAILOVER_KEEP:-0}" = 1 ]; then
    echo "failover: kept $work" >&2
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The program under test is copied, so that a rebuild while the test runs does not change it.
cp "$yorisoi" "$work/yorisoi"
yorisoi="$work/yorisoi"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
secret() { head -c 18 /dev/urandom | base64 | tr -d '/+='; }
psql_on() {  # psql_on SOCKET_DIR PORT DB SQL: as postgres over the cluster's own socket
  as_pg timeout 60 "$bindir/psql" -X -q -A -t -v ON_ERROR_STOP=1 -h "$1" -p "$2" -U postgres -d "$3" -c "$4"
}
start_cluster() {  # start_cluster DATADIR: starts it on a free port, prints the port
  local dir=$1 port
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    if as_pg "$bindir/pg_ctl" -D "$dir" -o "-p $port" -l "$dir.log" -w -t 60 start >/dev/null; then
      echo "$port"
      return 0
    fi
  done
  fail "cannot start the cluster in $dir (see $dir.log)"
}

# --- 1. The primary ------------------------------------------------------------------------
say "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}'): initdb of the primary"
as_pg "$bindir/initdb" -D "$primary" -U postgres -E UTF8 --locale=C.UTF-8 \
  --auth-local=peer --auth-host=scram-sha-256 >"$work/pg/initdb.log" 2>&1 ||
  fail "initdb failed: $(tail -n 5 "$work/pg/initdb.log")"
cat >"$primary/pg_hba.conf" <<'HBA'
# TYPE  DATABASE     USER        ADDRESS        METHOD
local   all          postgres                   peer
host    all          yorisoi     127.0.0.1/32   scram-sha-256
host    replication  replicator  127.0.0.1/32   scram-sha-256
HBA
cat >>"$primary/postgresql.conf" <<CONF
# --- scripts/test-failover.sh
listen_addresses = '127.0.0.1'
unix_socket_directories = '$sock_primary'
password_encryption = scram-sha-256
max_connections = 100
shared_buffers = 32MB
log_min_messages = warning
wal_level = replica
max_wal_senders = 5
max_replication_slots = 5
hot_standby = on
wal_log_hints = on          # lets pg_rewind bring a failed primary back as a standby
fsync = on
synchronous_commit = on
# synchronous_standby_names is set once the standby streams (below): set before, every commit
# (CREATE ROLE included) would wait for a standby that does not exist yet.
CONF
p1=$(start_cluster "$primary")
pw_yorisoi=$(secret)
pw_repl=$(secret)
psql_on "$sock_primary" "$p1" postgres "CREATE ROLE yorisoi LOGIN CREATEDB PASSWORD '$pw_yorisoi'" >/dev/null
psql_on "$sock_primary" "$p1" postgres "CREATE ROLE replicator LOGIN REPLICATION PASSWORD '$pw_repl'" >/dev/null
say "primary on 127.0.0.1:$p1 (pid $(head -1 "$primary/postmaster.pid"))"

# --- 2. The synchronous standby -------------------------------------------------------------
# The replicator's password in a passfile of the postgres user (never on a command line);
# pg_basebackup -R names it in primary_conninfo.
(umask 077; echo "127.0.0.1:*:*:replicator:$pw_repl" >"$work/pg/replicator.pgpass")
[ "$(id -u)" -eq 0 ] && chown postgres: "$work/pg/replicator.pgpass"
as_pg env PGPASSFILE="$work/pg/replicator.pgpass" "$bindir/pg_basebackup" -D "$replica" \
  -R -X stream -C -S replica1_slot -c fast \
  -d "host=127.0.0.1 port=$p1 user=replicator application_name=replica1" \
  >"$work/pg/basebackup.log" 2>&1 || fail "pg_basebackup failed: $(tail -n 5 "$work/pg/basebackup.log")"
grep -q "application_name=replica1" "$replica/postgresql.auto.conf" ||
  fail "pg_basebackup -R wrote no application_name=replica1 into primary_conninfo"
[ -f "$replica/standby.signal" ] || fail "pg_basebackup -R wrote no standby.signal"
# The standby's postgresql.conf is the primary's copy: its own socket folder, and no
# synchronous standby of its own — promoted, it runs alone until a new standby joins, instead of
# waiting for ever on a standby that does not exist.
cat >>"$replica/postgresql.conf" <<CONF
# --- the standby
unix_socket_directories = '$sock_replica'
synchronous_standby_names = ''
CONF
p2=$(start_cluster "$replica")
say "standby started on 127.0.0.1:$p2; naming it the synchronous standby"
psql_on "$sock_primary" "$p1" postgres "ALTER SYSTEM SET synchronous_standby_names = 'FIRST 1 (replica1)'" >/dev/null
psql_on "$sock_primary" "$p1" postgres "SELECT pg_reload_conf()" >/dev/null
for i in $(seq 1 120); do
  rep=$(psql_on "$sock_primary" "$p1" postgres \
    "SELECT state || '/' || sync_state FROM pg_stat_replication WHERE application_name = 'replica1'")
  [ "$rep" = "streaming/sync" ] && break
  [ "$i" -eq 120 ] && fail "the standby is not a streaming synchronous standby after 30 s ($rep)"
  sleep 0.25
done
say "pg_stat_replication: replica1 $rep"

# --- 3. The installation and two instances ------------------------------------------------
(umask 077; echo "$pw_yorisoi" >"$work/postgres.password")
url="postgresql://yorisoi@127.0.0.1:$p1,127.0.0.1:$p2/$platform_db?target_session_attrs=read-write"
"$yorisoi" init --data "$data" --postgres "$url" --postgres-password-file "$work/postgres.password" \
  >"$work/init.out" 2>&1 || fail "yorisoi init: $(cat "$work/init.out")"
"$yorisoi" tenant add --data "$data" --id "$tenant" --name 試験区 >/dev/null
"$yorisoi" unit add --data "$data" --tenant "$tenant" --id center --name 子ども総合センター >/dev/null
login_pw="Failover-$(secret)"
printf '%s\n' "$login_pw" | "$yorisoi" user add --data "$data" --tenant "$tenant" --login cw1 \
  --name 相談員（試験） --role caseworker --unit center >/dev/null
for dev in fo-tab-1 fo-tab-2; do  # the second one is revoked after the failover
  "$yorisoi" device enroll --data "$data" --tenant "$tenant" --name "$dev" --kind tablet \
    --out "$work/$dev" >/dev/null
done
say "installation on $url"

start_serve() {  # start_serve NAME: starts an instance, waits for its "listening" line
  local name=$1
  "$yorisoi" serve --data "$data" --listen 127.0.0.1:0 --ops 127.0.0.1:0 \
    >"$work/serve-$name.out" 2>"$work/serve-$name.err" &
  serve_pids+=($!)
  for _ in $(seq 1 300); do
    grep -q '^listening ' "$work/serve-$name.out" 2>/dev/null && return 0
    kill -0 "${serve_pids[-1]}" 2>/dev/null || fail "instance $name exited: $(tail -n 5 "$work/serve-$name.err")"
    sleep 0.1
  done
  fail "instance $name did not start within 30 s"
}
port_of() { sed -n "s/^listening https=127.0.0.1:\([0-9]*\) ops=127.0.0.1:\([0-9]*\)$/\\$2/p" "$work/serve-$1.out"; }
start_serve a
start_serve b
say "instance a: https $(port_of a 1) ops $(port_of a 2); instance b: https $(port_of b 1) ops $(port_of b 2)"

umask 077  # the files below hold the throwaway account's password
cat >"$work/load.json" <<JSON
{
  "servers": {"a": $(port_of a 1), "b": $(port_of b 1)},
  "ops": {"a": $(port_of a 2), "b": $(port_of b 2)},
  "ca": "$data/tls/ca.crt.pem",
  "cert": "$work/fo-tab-1.crt.pem",
  "key": "$work/fo-tab-1.key.pem",
  "cert2": "$work/fo-tab-2.crt.pem",
  "key2": "$work/fo-tab-2.key.pem",
  "tenant": "$tenant",
  "yorisoi": "$yorisoi",
  "data": "$data",
  "login": "cw1",
  "password": "$login_pw",
  "workers_per_server": 2,
  "pace_seconds": 0.02,
  "timeout_seconds": 30,
  "dir": "$work"
}
JSON

# --- 4. The load ---------------------------------------------------------------------------
cat >"$work/client.py" <<'PY'
# The load and verification client of scripts/test-failover.sh (Python standard library only).
#   client.py load CONFIG     writes to the two instances until DIR/stop exists, and polls their
#                             /healthz; DIR/status.txt every 0.2 s ("server ok last_ok_start_us
#                             last_failure"); DIR/events.json and DIR/health.json at the end
#   client.py verify CONFIG   reads back every acknowledged id (API of both instances, and the
#                             psql id lists DIR/db-cases.txt, DIR/db-notes.txt); prints the figures
import http.client, json, os, ssl, subprocess, sys, threading, time

CASE_BODY = {"received_on": "2025-07-01T10:30:00+09:00", "unit_id": "center",
             "consultation_type": {"code": "upbringing_parenting"}, "referral_route": "family"}


class Api:
    def __init__(self, cfg, port, device=""):
        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        self.ctx.load_verify_locations(cfg["ca"])
        self.ctx.load_cert_chain(cfg["cert" + device], cfg["key" + device])
        self.port, self.timeout, self.conn = port, cfg["timeout_seconds"], None

    def close(self):
        if self.conn is not None:
            self.conn.close()
        self.conn = None

    def call(self, method, path, body=None, token=None):
        """(status, parsed body, transport error); status None when no answer came."""
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = "Bearer " + token
        try:
            if self.conn is None:
                self.conn = http.client.HTTPSConnection("127.0.0.1", self.port, context=self.ctx,
                                                        timeout=self.timeout)
            self.conn.request(method, path, body=data, headers=headers)
            r = self.conn.getresponse()
            raw = r.read()
            if (r.getheader("Connection") or "").lower() == "close":
                self.close()
            try:
                doc = json.loads(raw) if raw else None
            except ValueError:
                doc = None
            return r.status, doc, None
        except (OSError, http.client.HTTPException) as e:
            self.close()
            return None, None, type(e).__name__


def ok(status):
    return status is not None and 200 <= status < 300


def login(cfg, port, deadline=30):
    api = Api(cfg, port)
    end = time.time() + deadline
    while True:
        status, doc, err = api.call("POST", "/api/v1/login", {
            "tenant": cfg["tenant"], "login": cfg["login"], "password": cfg["password"]})
        if ok(status):
            return doc["token"]
        if time.time() > end:
            sys.exit(f"login on port {port} failed: {status} {err} {doc}")
        time.sleep(0.2)


def error_code(status, doc, err):
    if err:
        return err
    if isinstance(doc, dict) and isinstance(doc.get("error"), dict):
        return f'{status} {doc["error"].get("code")}'
    return str(status)


class Load:
    def __init__(self, cfg):
        self.cfg, self.lock, self.events, self.health = cfg, threading.Lock(), [], []
        self.stop = threading.Event()
        self.stats = {s: {"ok": 0, "failed": 0, "last_ok_start": 0.0, "last_failure": None}
                      for s in cfg["servers"]}

    def record(self, ev):
        with self.lock:
            self.events.append(ev)
            st = self.stats[ev["server"]]
            if ev["id"] is not None:
                st["ok"] += 1
                st["last_ok_start"] = max(st["last_ok_start"], ev["start"])
            else:
                st["failed"] += 1
                st["last_failure"] = ev["error"]

    def write(self, api, server, wid, kind, path, body, token):
        t0 = time.time()
        status, doc, err = api.call("POST", path, body, token)
        t1 = time.time()
        good = ok(status) and isinstance(doc, dict) and isinstance(doc.get("id"), str)
        self.record({"server": server, "worker": wid, "kind": kind, "start": t0, "end": t1,
                     "status": status, "id": doc["id"] if good else None,
                     "error": None if good else error_code(status, doc, err),
                     "message": None if good or not isinstance(doc, dict)
                     else str(doc.get("error", {}).get("message"))})
        return doc["id"] if good else None

    def worker(self, server, port, wid, token):
        api = Api(self.cfg, port)
        anchor = None  # this worker's case, which its 経過記録 go to
        n = 0
        while not self.stop.is_set():
            n += 1
            if anchor is not None and n % 2 == 0:
                got = self.write(api, server, wid, "note", f"/api/v1/cases/{anchor}/notes",
                                 {"body": f"フェイルオーバー試験の経過記録 {wid}-{n}"}, token)
            else:
                got = self.write(api, server, wid, "case", "/api/v1/cases", CASE_BODY, token)
                if got is not None and anchor is None:
                    anchor = got
            time.sleep(self.cfg["pace_seconds"] if got is not None else 0.1)
        api.close()

    def healthz(self, server, port):
        while not self.stop.is_set():
            t = time.time()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/healthz")
                status = conn.getresponse().status
                conn.close()
            except (OSError, http.client.HTTPException) as e:
                status = type(e).__name__
            with self.lock:
                self.health.append({"server": server, "t": t, "status": status})
            time.sleep(0.2)

    def run(self):
        d = self.cfg["dir"]
        # One sign-in, on instance a; both instances take its token (sessions are in the database).
        first = next(iter(self.cfg["servers"].values()))
        token = login(self.cfg, first)
        for server, port in self.cfg["servers"].items():  # the second tablet is served, for now
            status, _, err = Api(self.cfg, port, "2").call("GET", "/api/v1/settings")
            if status != 200:
                sys.exit(f"instance {server} refuses the second tablet before the failover: "
                         f"{status} {err}")
        with open(os.path.join(d, "token"), "w") as f:
            f.write(token)
        threads = []
        for server, port in self.cfg["servers"].items():
            for i in range(self.cfg["workers_per_server"]):
                t = threading.Thread(target=self.worker, args=(server, port, f"{server}{i}", token))
                t.start()
                threads.append(t)
        for server, port in self.cfg["ops"].items():
            t = threading.Thread(target=self.healthz, args=(server, port))
            t.start()
            threads.append(t)
        while not os.path.exists(os.path.join(d, "stop")):
            with self.lock:
                lines = "".join(
                    f'{s} {st["ok"]} {int(st["last_ok_start"] * 1e6)} '
                    f'{(st["last_failure"] or "-").replace(" ", "_")}\n'
                    for s, st in self.stats.items())
            with open(os.path.join(d, "status.txt.tmp"), "w") as f:
                f.write(lines)
            os.replace(os.path.join(d, "status.txt.tmp"), os.path.join(d, "status.txt"))
            time.sleep(0.2)
        self.stop.set()
        for t in threads:
            t.join()
        with open(os.path.join(d, "events.json"), "w") as f:
            json.dump(self.events, f)
        with open(os.path.join(d, "health.json"), "w") as f:
            json.dump(self.health, f)


def walk(api, path, token):
    """Every id of a paged list, or None when a page fails."""
    ids, after = [], None
    while True:
        target = path + "?limit=200" + (f"&after={after}" if after else "")
        status, doc, err = api.call("GET", target, None, token)
        if not ok(status):
            print(f"  GET {path}: {error_code(status, doc, err)}")
            return None
        ids += [item["id"] for item in doc["items"]]
        after = doc.get("next")
        if not after:
            return ids


def verify(cfg):
    d = cfg["dir"]
    events = json.load(open(os.path.join(d, "events.json")))
    health = json.load(open(os.path.join(d, "health.json")))
    t_kill = float(open(os.path.join(d, "t_kill")).read())
    t_promote = float(open(os.path.join(d, "t_promote")).read())  # pg_ctl promote started
    t_promoted = float(open(os.path.join(d, "t_promoted")).read())  # and returned
    problems, warnings = [], []

    # --- a revocation made after the failover reaches both instances (LISTEN/NOTIFY, polling);
    # first, so that nothing else runs between the revocation and the probes
    revoked = []
    for server, port in cfg["servers"].items():
        status, _, err = Api(cfg, port, "2").call("GET", "/api/v1/settings")
        if status != 200:
            problems.append(f"instance {server} refuses the second tablet before its revocation "
                            f"({status} {err})")
    subprocess.run([cfg["yorisoi"], "device", "revoke", "--data", cfg["data"], "--tenant",
                    cfg["tenant"], "--name", "fo-tab-2", "--reason", "lost"], check=True,
                   stdout=subprocess.DEVNULL)
    t_revoke = time.time()
    for server, port in cfg["servers"].items():
        refused = None
        while refused is None and time.time() < t_revoke + 10:
            status, _, err = Api(cfg, port, "2").call("GET", "/api/v1/settings")
            if status is None and err not in ("TimeoutError", "timeout"):
                refused = time.time()  # the handshake failed (or the connection was cut)
            else:
                time.sleep(0.05)
        if refused is None:
            problems.append(f"instance {server} still serves a tablet revoked 10 s ago")
        else:
            revoked.append(f"  instance {server}: the tablet revoked after the failover is refused "
                           f"(handshake fails) {refused - t_revoke:.2f} s after `device revoke`"
                           f" returned (probed every 0.05 s)")
        if refused is not None and refused - t_revoke > 1.0:
            warnings.append(f"instance {server}: revocation took {refused - t_revoke:.2f} s (> 1 s)")

    acked = {"case": set(), "note": set()}
    anchors = {}  # note id -> case id, by worker: the case each note went to
    for e in sorted(events, key=lambda e: e["start"]):
        if e["id"] is None:
            continue
        acked[e["kind"]].add(e["id"])
        if e["kind"] == "case":
            anchors.setdefault(e["worker"], e["id"])
    failed = [e for e in events if e["id"] is None]

    # --- the figures
    print("\nFigures")
    print(f"  writes sent                 {len(events)}  (cases and 経過記録, 2 workers per instance)")
    print(f"  writes acknowledged (2xx)   {len(acked['case']) + len(acked['note'])}"
          f"  ({len(acked['case'])} cases, {len(acked['note'])} notes)")
    by_error = {}
    for e in failed:
        by_error[e["error"]] = by_error.get(e["error"], 0) + 1
    print(f"  writes failed               {len(failed)}"
          f"  ({', '.join(f'{k}: {v}' for k, v in sorted(by_error.items())) or 'none'})")
    samples = {}
    for e in failed:
        samples.setdefault((e["error"], (e.get("message") or "")[:30]), e.get("message"))
    for (code, _), message in sorted(samples.items()):
        print(f"    answer {code}: {json.dumps(message, ensure_ascii=False)[:300]}")
    print(f"  kill -9 → pg_ctl promote    {t_promote - t_kill:.2f} s (the script waits that long);"
          f" pg_ctl promote -w took {t_promoted - t_promote:.2f} s")
    for server in cfg["servers"]:
        mine = [e for e in events if e["server"] == server]
        before = [e for e in mine if e["id"] is not None and e["end"] <= t_kill]
        last_ok = max((e["end"] for e in before), default=t_kill)
        after = [e for e in mine if e["id"] is not None and e["start"] > t_kill]
        first_ok = min((e["end"] for e in after), default=None)
        during = [e for e in mine if e["id"] is None and e["start"] >= t_kill - 1]
        slowest = max((e["end"] - e["start"] for e in mine), default=0)
        if first_ok is None:
            problems.append(f"instance {server} acknowledged no write after the kill")
            continue
        print(f"  instance {server}: outage {first_ok - last_ok:.2f} s (last 2xx before the kill → "
              f"first 2xx after), {first_ok - t_promote:.2f} s after pg_ctl promote started; "
              f"{len(during)} writes failed; slowest request {slowest:.2f} s")
        if slowest > 10:
            warnings.append(f"instance {server}: a request took {slowest:.1f} s")
        probes = [h for h in health if h["server"] == server and h["t"] >= t_kill]
        bad = [h for h in probes if h["status"] != 200]
        if bad:
            back = min((h["t"] for h in probes if h["status"] == 200 and h["t"] > bad[-1]["t"]),
                       default=None)
            kinds = sorted({str(h["status"]) for h in bad})
            print(f"  instance {server}: /healthz {'/'.join(kinds)} from {bad[0]['t'] - t_kill:.2f} s"
                  f" after the kill" + (f", 200 again {back - t_promote:.2f} s after pg_ctl promote started"
                                        if back else ", never 200 again"))
        else:
            print(f"  instance {server}: /healthz never failed (probed every 0.2 s)")
    odd = sorted({e["error"] for e in failed
                  if not (e["error"].startswith("503") or e["error"].startswith("409"))})
    if odd:
        warnings.append("failures other than 503 during the failover: " + ", ".join(odd))

    # --- read back through the API of both instances
    print("\nRead back")
    for line in revoked:
        print(line)
    old_token = open(os.path.join(d, "token")).read().strip()
    for server, port in cfg["servers"].items():
        api = Api(cfg, port)
        status, doc, err = api.call("GET", "/api/v1/me", None, old_token)
        if ok(status):
            print(f"  instance {server}: the session opened before the failover still works")
        else:
            problems.append(f"instance {server}: the session opened before the failover is gone "
                            f"({error_code(status, doc, err)})")
        token = login(cfg, port, deadline=10)
        cases = walk(api, "/api/v1/cases", token)
        if cases is None:
            problems.append(f"instance {server}: cannot list the cases after the failover")
            continue
        missing = acked["case"] - set(cases)
        notes = set()
        for case_id in sorted(set(anchors.values())):
            got = walk(api, f"/api/v1/cases/{case_id}/notes", token)
            if got is None:
                problems.append(f"instance {server}: cannot list the notes of case {case_id}")
            else:
                notes |= set(got)
        missing_notes = acked["note"] - notes
        print(f"  instance {server}: {len(acked['case']) - len(missing)}/{len(acked['case'])} "
              f"acknowledged cases and {len(acked['note']) - len(missing_notes)}/"
              f"{len(acked['note'])} acknowledged notes found through the API")
        if missing or missing_notes:
            problems.append(f"instance {server}: acknowledged writes missing through the API: "
                            f"{sorted(missing | missing_notes)[:10]}")
        # A write on this instance, read back on the other: both serve writes and reads.
        status, doc, err = api.call("POST", "/api/v1/cases", CASE_BODY, token)
        if not ok(status):
            problems.append(f"instance {server}: a write after the failover failed "
                            f"({error_code(status, doc, err)})")
        else:
            for other, other_port in cfg["servers"].items():
                s2, _, e2 = Api(cfg, other_port).call("GET", f"/api/v1/cases/{doc['id']}", None,
                                                      token)
                if not ok(s2):
                    problems.append(f"a case written on {server} after the failover is not read "
                                    f"on {other} ({s2} {e2})")
        api.close()

    # --- and straight from the promoted server
    db = {k: set(open(os.path.join(d, f"db-{k}s.txt")).read().split()) for k in ("case", "note")}
    lost = (acked["case"] - db["case"]) | (acked["note"] - db["note"])
    print(f"  promoted server (psql): {len(acked['case']) + len(acked['note']) - len(lost)}/"
          f"{len(acked['case']) + len(acked['note'])} acknowledged writes present")
    if lost:
        problems.append(f"{len(lost)} acknowledged writes are not on the promoted server: "
                        f"{sorted(lost)[:10]}")
    failed_ids = len(events) - len(acked["case"]) - len(acked["note"])
    print(f"  rows on the promoted server whose answer never came: "
          f"{len(db['case']) - len(acked['case'])} cases, {len(db['note']) - len(acked['note'])}"
          f" notes, of {failed_ids} failed writes (committed, but the answer was lost with the"
          f" primary: not acknowledged, so the client may not count on them)")

    for w in warnings:
        print("WARNING: " + w)
    for p in problems:
        print("PROBLEM: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    mode, cfg_path = sys.argv[1], sys.argv[2]
    cfg = json.load(open(cfg_path))
    if mode == "load":
        Load(cfg).run()
    else:
        sys.exit(verify(cfg))
PY

python3 "$work/client.py" load "$work/load.json" >"$work/load.log" 2>&1 &
load_pid=$!
status_of() {  # status_of SERVER ok|last_ok_start_us|last_failure, from the client's status.txt
  local server ok last_ok failure
  while read -r server ok last_ok failure; do
    [ "$server" = "$1" ] || continue
    case $2 in ok) echo "$ok" ;; last_ok_start_us) echo "$last_ok" ;; *) echo "$failure" ;; esac
    return 0
  done <"$work/status.txt"
  echo 0
}
for _ in $(seq 1 300); do
  [ -f "$work/status.txt" ] && break
  kill -0 "$load_pid" 2>/dev/null || fail "the load client exited: $(cat "$work/load.log")"
  sleep 0.1
done
say "load running on both instances; $load_before s before the kill"
sleep "$load_before"
for s in a b; do
  [ "$(status_of $s ok)" -gt 0 ] || fail "instance $s acknowledged no write before the failover: $(status_of $s last_failure)"
done
say "acknowledged so far: a $(status_of a ok), b $(status_of b ok)"

# --- 5. The failover ------------------------------------------------------------------------
pm=$(head -1 "$primary/postmaster.pid")
children=$(ps -o pid= --ppid "$pm" | tr -d ' ' | tr '\n' ' ')
kill -9 "$pm"
t_kill=$(now)
echo "$t_kill" >"$work/t_kill"
say "kill -9 of the primary's postmaster (pid $pm)"
sleep "$promote_after"
left=0
for p in $children; do kill -0 "$p" 2>/dev/null && left=$((left + 1)); done
say "of its $(echo "$children" | wc -w) child processes, $left still run after $promote_after s"
t_promote=$(now)
echo "$t_promote" >"$work/t_promote"
as_pg "$bindir/pg_ctl" -D "$replica" -w -t 60 promote >/dev/null || fail "pg_ctl promote failed"
now >"$work/t_promoted"
[ "$(psql_on "$sock_replica" "$p2" postgres "SELECT pg_is_in_recovery()")" = f ] ||
  fail "the standby is still in recovery after pg_ctl promote"
say "standby promoted (pg_ctl promote); waiting for both instances to acknowledge writes again"
recovered=""
for _ in $(seq 1 $((recovery_limit * 5))); do
  recovered=""
  for s in a b; do
    [ "$(status_of $s last_ok_start_us)" -gt "$(micros "$t_kill")" ] && recovered+=$s
  done
  [ "$recovered" = ab ] && break
  kill -0 "$load_pid" 2>/dev/null || fail "the load client exited: $(cat "$work/load.log")"
  sleep 0.2
done
for s in a b; do
  [[ $recovered == *$s* ]] ||
    fail "instance $s answers no write $recovery_limit s after the promotion (last failure: $(status_of $s last_failure))"
done
say "both instances acknowledge writes again; $load_after s more load"
sleep "$load_after"
touch "$work/stop"
wait "$load_pid" || fail "the load client failed: $(cat "$work/load.log")"
load_pid=""

# --- 6. Nothing acknowledged is lost ------------------------------------------------------------
say "load stopped; reading back every acknowledged write"
psql_on "$sock_replica" "$p2" "${platform_db}_$tenant" "SELECT id FROM cases" >"$work/db-cases.txt"
psql_on "$sock_replica" "$p2" "${platform_db}_$tenant" "SELECT id FROM notes" >"$work/db-notes.txt"
verdict=0
listeners=0
for _ in $(seq 1 50); do
  listeners=$(psql_on "$sock_replica" "$p2" postgres \
    "SELECT count(*) FROM pg_stat_activity WHERE datname = '$platform_db' AND query = 'LISTEN yorisoi'")
  [ "$listeners" -ge 2 ] && break
  sleep 0.1
done
if [ "$listeners" -ge 2 ]; then
  echo "  promoted server: both instances LISTEN again ($listeners listening sessions)"
else
  echo "PROBLEM: $listeners of the 2 instances LISTEN on the promoted server"
  verdict=1
fi
python3 "$work/client.py" verify "$work/load.json" || verdict=1
if "$yorisoi" audit verify --data "$data" --tenant "$tenant" >"$work/audit.out" 2>&1; then
  echo "  audit verify: $(head -1 "$work/audit.out")"
else
  echo "PROBLEM: audit verify failed after the failover: $(cat "$work/audit.out")"
  verdict=1
fi
for s in a b; do
  code=$(python3 -c 'import sys, urllib.request
try: print(urllib.request.urlopen(sys.argv[1], timeout=5).status)
except Exception as e: print(getattr(e, "code", type(e).__name__))' "http://127.0.0.1:$(port_of $s 2)/healthz")
  if [ "$code" = 200 ]; then
    echo "  instance $s: /healthz 200"
  else
    echo "PROBLEM: instance $s: /healthz answers $code after the failover"
    verdict=1
  fi
done
# Both instances stop cleanly (SIGTERM), then their sanitizer reports (the debug build runs
# under ASan+UBSan; leaks are reported at exit).
for pid in "${serve_pids[@]}"; do kill -TERM "$pid"; done
for i in "${!serve_pids[@]}"; do
  code=0
  wait "${serve_pids[$i]}" || code=$?
  if [ "$code" -ne 0 ]; then
    echo "PROBLEM: instance $([ "$i" -eq 0 ] && echo a || echo b) exited with status $code on SIGTERM"
    verdict=1
  fi
done
serve_pids=()
if grep -l -E 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$work"/serve-*.err 2>/dev/null; then
  echo "PROBLEM: a sanitizer reported an error in an instance (above)"
  verdict=1
fi
[ "$verdict" -eq 0 ] || fail "an acknowledged write was lost or an instance did not recover (above)"
say "PASSED: no acknowledged write lost; both instances recovered"
