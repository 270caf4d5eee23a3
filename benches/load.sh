#!/usr/bin/env bash
# Load benchmark (see README "Performance"). Builds the release binaries,
# starts ankieter on a fresh SQLite database (synchronous=FULL) with a
# 15-question survey and a fast local fake SALESmanago, drives load with wrk
# on 127.0.0.1 (bounded in time), and prints one table.
#   DURATION=10 CONNECTIONS=64 ROUNDS=3 bash benches/load.sh
# To see where a tail comes from, keep the server's log (here with the
# writer's per-batch timings) and every wrk output in a folder:
#   RUST_LOG=warn,ankieter::db=debug KEEP=/tmp/load bash benches/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-64}"
PORT="${PORT:-18181}"
FAKE_PORT="${FAKE_PORT:-18182}"
SLOW_PORT="${SLOW_PORT:-18183}"
PORT2="${PORT2:-18184}"
# Rows 7-9 run on this PostgreSQL (a schema of their own, dropped at the end);
# PG_URL= (empty) skips them.
PG_URL="${PG_URL-postgres://postgres@127.0.0.1:5432/test}"
RATE="${RATE:-500}"
ROUNDS="${ROUNDS:-3}"

if ! command -v wrk >/dev/null; then
  echo "== installing wrk"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
echo "== building release binaries"
cargo build --release --quiet --bin ankieter --example fake_salesmanago
BIN=target/release/ankieter
FAKE=target/release/examples/fake_salesmanago

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -n "${pg_schema:-}" ]; then psql "$PG_URL" -qc "DROP SCHEMA $pg_schema CASCADE" >/dev/null 2>&1 || true; fi
  if [ -n "${autovacuum_was_off:-}" ]; then
    psql "$PG_URL" -qc "ALTER SYSTEM RESET autovacuum" -c "SELECT pg_reload_conf()" >/dev/null 2>&1 || true
  fi
  if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP" && cp "$work"/server.log "$work"/wrk.* "$KEEP"/ 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

export ANKIETER_DATABASE_URL="sqlite://$work/ankieter.db" ANKIETER_DATA_DIR="$work" \
  ANKIETER_LISTEN="127.0.0.1:$PORT" ANKIETER_RATE_LIMIT__SUBMISSIONS_PER_MINUTE=1000000000 \
  ANKIETER_RATE_LIMIT__API_REQUESTS_PER_MINUTE=1000000000 \
  ANKIETER_SALESMANAGO__MAX_REQUESTS_PER_SECOND=1000000 ANKIETER_SALESMANAGO__ALLOW_ANY_ENDPOINT=true \
  RUST_LOG="${RUST_LOG:-warn}"
base="http://127.0.0.1:$PORT"
fake="http://127.0.0.1:$FAKE_PORT"

"$FAKE" "127.0.0.1:$FAKE_PORT" & pids+=($!)
account=$("$BIN" account create --name Bench)
ANKIETER_SM_API_SECRET=bench "$BIN" salesmanago set --account "$account" --endpoint "$fake" \
  --client-id bench --owner bench@example.pl >/dev/null
"$BIN" survey import --account "$account" benches/survey_15.json >/dev/null 2>&1
"$BIN" contact-center create --account "$account" --name bench-cc >/dev/null 2>&1
token=$("$BIN" token create --account "$account" --name bench 2>/dev/null)

server=""
start_server() { # $1: worker on/off
  ANKIETER_WORKER__ENABLED="$1" "$BIN" serve 2>>"$work/server.log" & server=$!; pids+=("$server")
  until curl -fs "$base/healthz" >/dev/null 2>&1; do sleep 0.1; done
}
stop_server() { kill "$server"; wait "$server" 2>/dev/null || true; }
rss_mb() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$server/status"; }
# Peak RSS over a phase: sample every 50 ms in the background.
sample_start() { ( peak=0; while kill -0 "$server" 2>/dev/null; do
    r=$(awk '/VmRSS/ {print $2}' "/proc/$server/status" 2>/dev/null || echo 0); [ "${r:-0}" -gt "$peak" ] && peak=$r
    echo "$peak" > "$work/peak.tmp" && mv "$work/peak.tmp" "$work/peak"; sleep 0.05; done ) & sampler=$!; }
sample_stop() { kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true; awk '{printf "%.1f", $1/1024}' "$work/peak"; }
queue_depth() { curl -fs "$base/metrics" | awk '/^ankieter_delivery_queue_depth/ {print $2}'; }

rows_file="$work/rows"
: > "$rows_file"
add_row() { echo "$1" >> "$rows_file"; }
wrk_run() { # $1.. wrk args; prints "rps|p50|p99|errors|peak RSS"
  sample_start
  local out; out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@")
  echo "$out" > "$work/wrk.$(date +%s%N)" # in order of time, for KEEP
  local peak; peak=$(sample_stop)
  local rps p50 p99 errs
  rps=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errs=$(awk '/Non-2xx or 3xx/ {n+=$NF} /Socket errors/ {n+=$4+$6+$8+$10} END {print n+0}' <<<"$out")
  echo "$rps|$p50|$p99|$errs|$peak"
}
median_run() { # stdin: runs as printed by wrk_run; prints the run with the median rate
  sort -t'|' -k1,1n | awk '{line[NR]=$0} END {print line[int((NR+1)/2)]}'
}
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
drain() { # with the worker on: waits for an empty queue; prints "pending rate/s peak RSS"
  # $1: seconds between looks at the queue (each look counts the pending rows)
  sample_start
  local pending t0 t1 peak; pending=$(queue_depth); t0=$(date +%s.%N)
  while [ "$(queue_depth)" != "0" ]; do sleep "${1:-0.05}"; done
  t1=$(date +%s.%N); peak=$(sample_stop)
  echo "$pending $(awk -v n="$pending" -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f", n/(b-a)}') $peak"
}

echo "== 1-3: /healthz, survey page, durable submit (${ROUNDS} rounds of ${DURATION}s each, $CONNECTIONS connections)"
start_server false
sleep 1
idle=$(rss_mb)
# The rows take turns, round after round: a noisy neighbour then slows all
# three alike, and the median round of each is reported.
: > "$work/healthz" ; : > "$work/page" ; : > "$work/submit" ; : > "$work/ratios"
for round in $(seq "$ROUNDS"); do
  h=$(wrk_run "$base/healthz"); echo "$h" >> "$work/healthz"
  p=$(wrk_run "$base/s/bench-15"); echo "$p" >> "$work/page"
  s=$(wrk_run -s benches/post.lua "$base/s/bench-15"); echo "$s" >> "$work/submit"
  echo "${h%%|*} ${p%%|*} ${s%%|*}" >> "$work/ratios"
  echo "   round $round: healthz ${h%%|*}/s, page ${p%%|*}/s, submit ${s%%|*}/s"
done
# The WAL after all submit rounds, before the server's exit removes it:
# bounded (see src/db/sqlite/checkpoint.rs).
wal_mb=$(stat -c %s "$work/ankieter.db-wal" | awk '{printf "%.0f", $1/1048576}')
stop_server
add_row "GET /healthz|$(median_run < "$work/healthz")"
add_row "GET /s/{slug}|$(median_run < "$work/page")"
submit_median=$(median_run < "$work/submit")
add_row "POST /s/{slug} (15 answers, durable)|$submit_median"
page_ratio=$(awk '{printf "%.2f\n", $2/$1}' "$work/ratios" | median)
submit_ratio=$(awk '{printf "%.2f\n", $3/$1}' "$work/ratios" | median)

echo "== 3b: submits offered at half of row 3's rate" | tee -a "$work/server.log"
# Each connection pauses between its submits (benches/post_paced.lua); wrk's
# pause is whole milliseconds, so the rate reached is printed, not assumed.
start_server false
submit_rate=${submit_median%%|*}
paced_connections=128
delay_ms=$(awk -v c="$paced_connections" -v r="$submit_rate" 'BEGIN {d = int(c * 1000 / (r / 2)); print (d < 1 ? 1 : d)}')
out=$(CONNECTIONS=$paced_connections DELAY_MS=$delay_ms wrk_run -s benches/post_paced.lua "$base/s/bench-15")
stop_server
add_row "POST /s/{slug} at half of row 3 ($paced_connections connections, ${delay_ms} ms apart)|$out"

echo "== 4: backlog drain"
start_server true
read -r pending drain_rate peak < <(drain)
add_row "backlog drain: $pending pending → fake SALESmanago|$drain_rate deliveries/s|||0|$peak"

echo "== 5: ${RATE} submissions/s for ${DURATION}s, submit → SALESmanago receipt"
curl -fs -X POST "$fake/reset"
sample_start
read -r sent c50 c99 cerr < <(python3 benches/paced.py 127.0.0.1 "$PORT" "$RATE" "$DURATION")
sleep 1
peak=$(sample_stop)
stats=$(curl -fs "$fake/stats")
r50=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["latency_p50_ms"])' <<<"$stats")
r99=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["latency_p99_ms"])' <<<"$stats")
add_row "$RATE/s: submit → SALESmanago receipt ($sent sent; submit itself p50 ${c50} ms, p99 ${c99} ms)|$RATE|${r50}ms|${r99}ms|$cerr|$peak"
stop_server

echo "== 6: contact-center interactions: accepted (durable, as submits), then drained"
start_server false
out=$(TOKEN=$token wrk_run -s benches/interaction.lua "$base/api/v1/interactions")
stop_server
add_row "POST /api/v1/interactions (durable, unique ids)|$out"
start_server true
read -r pending event_rate peak < <(drain)
stop_server
add_row "event drain: $pending pending → fake SALESmanago (contact/basic + addContactExtEvent each)|$event_rate events/s|||0|$peak"

echo "== 4b: one account drains while another account's SALESmanago answers in 10 s"
# A second account whose fake answers every call in 10 s (the default
# timeout): its calls hang for as long as a call may. The healthy account's
# drain rate, alone and beside it, over backlogs made the same way.
"$FAKE" "127.0.0.1:$SLOW_PORT" 10000 & pids+=($!)
slow_account=$("$BIN" account create --name Slow)
ANKIETER_SM_API_SECRET=bench "$BIN" salesmanago set --account "$slow_account" \
  --endpoint "http://127.0.0.1:$SLOW_PORT" --client-id slow --owner slow@example.pl >/dev/null
sed 's/"bench-15"/"bench-slow"/' benches/survey_15.json > "$work/survey_slow.json"
"$BIN" survey import --account "$slow_account" "$work/survey_slow.json" >/dev/null 2>&1
fake_received() { curl -fs "$fake/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["received"])'; }
fair_round() { # $1: 1 = with the slow account's backlog; prints "rate|healthy backlog"
  start_server false
  wrk -t2 -c"$CONNECTIONS" -d3s -s benches/post.lua "$base/s/bench-15" >/dev/null
  local healthy; healthy=$(queue_depth)
  if [ "$1" = 1 ]; then
    wrk -t1 -c16 -d1s -s benches/post.lua "$base/s/bench-slow" >/dev/null
  fi
  stop_server
  curl -fs -X POST "$fake/reset"
  start_server true
  local t0 t1; t0=$(date +%s.%N)
  while [ "$(fake_received)" -lt "$healthy" ]; do sleep 0.05; done
  t1=$(date +%s.%N)
  stop_server
  awk -v n="$healthy" -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f|%d", n/(b-a), n}'
}
alone=$(fair_round 0)
shared=$(fair_round 1)
fair_ratio=$(awk -v a="${alone%%|*}" -v s="${shared%%|*}" 'BEGIN {printf "%.2f", s/a}')
add_row "drain of ${shared##*|} beside an account whose SALESmanago takes 10 s (alone: ${alone%%|*}/s for ${alone##*|}; **${fair_ratio}×**)|${shared%%|*} deliveries/s|||0|"

pg_line=""
if [ -n "$PG_URL" ] && psql "$PG_URL" -qAtc "SELECT 1" >/dev/null 2>&1; then
  echo "== 7-9: PostgreSQL on this machine: submits on one and on two instances, drain and latency with two"
  pg_schema="bench_$(date +%s)"
  # As a PostgreSQL installation runs by default: with autovacuum (it keeps
  # the deliveries' indexes free of the dead versions a drain leaves, and
  # its statistics change the plans). This machine's server may have it
  # off; it is turned on for the benchmark and back off at the end.
  if [ "$(psql "$PG_URL" -qAtc "SHOW autovacuum")" = off ]; then
    psql "$PG_URL" -qc "ALTER SYSTEM SET autovacuum = on" -c "SELECT pg_reload_conf()" >/dev/null
    autovacuum_was_off=1
  fi
  psql "$PG_URL" -qc "CREATE SCHEMA $pg_schema"
  export ANKIETER_DATABASE_URL="$PG_URL?options[search_path]=$pg_schema"
  pg_account=$("$BIN" account create --name Bench)
  ANKIETER_SM_API_SECRET=bench "$BIN" salesmanago set --account "$pg_account" --endpoint "$fake" \
    --client-id bench --owner bench@example.pl >/dev/null
  "$BIN" survey import --account "$pg_account" benches/survey_15.json >/dev/null 2>&1
  base2="http://127.0.0.1:$PORT2"
  second=""
  start_second() { # $1: worker on/off
    ANKIETER_LISTEN="127.0.0.1:$PORT2" ANKIETER_WORKER__ENABLED="$1" "$BIN" serve 2>>"$work/server2.log" & second=$!; pids+=("$second")
    until curl -fs "$base2/healthz" >/dev/null 2>&1; do sleep 0.1; done
  }
  stop_second() { kill "$second"; wait "$second" 2>/dev/null || true; }
  wrk_field() { awk -v k="$1" '$1==k {print $2}' "$2"; }
  : > "$work/pg1" ; : > "$work/pg2"
  for round in $(seq "$ROUNDS"); do
    # One instance, then two behind "one port" (wrk on each with half the connections).
    start_server false
    one=$(wrk_run -s benches/post.lua "$base/s/bench-15"); echo "$one" >> "$work/pg1"
    start_second false
    wrk -t1 -c$((CONNECTIONS / 2)) -d"${DURATION}s" --latency -s benches/post.lua "$base/s/bench-15" > "$work/wrk.a" &
    wrk -t1 -c$((CONNECTIONS / 2)) -d"${DURATION}s" --latency -s benches/post.lua "$base2/s/bench-15" > "$work/wrk.b"
    wait "$!" 2>/dev/null || true
    sleep 0.5
    two=$(awk '/^Requests\/sec/ {n += $2} END {printf "%.0f", n}' "$work/wrk.a" "$work/wrk.b")
    errs=$(awk '/Non-2xx or 3xx/ {n+=$NF} END {print n+0}' "$work/wrk.a" "$work/wrk.b")
    echo "$two|$(wrk_field 50% "$work/wrk.a")|$(wrk_field 99% "$work/wrk.a") / $(wrk_field 99% "$work/wrk.b")|$errs|" >> "$work/pg2"
    stop_second
    stop_server
    echo "   round $round: one instance ${one%%|*}/s, two instances ${two}/s"
  done
  pg1=$(median_run < "$work/pg1"); pg2=$(median_run < "$work/pg2")
  sqlite_submit=${submit_median%%|*}
  pg_ratio=$(awk -v p="${pg1%%|*}" -v s="$sqlite_submit" 'BEGIN {printf "%.2f", p/s}')
  pg2_ratio=$(awk -v p="${pg2%%|*}" -v s="$sqlite_submit" 'BEGIN {printf "%.2f", p/s}')
  add_row "PostgreSQL: POST /s/{slug}, one instance (**${pg_ratio}×** row 3)|$pg1"
  add_row "PostgreSQL: POST /s/{slug}, two instances (**${pg2_ratio}×** row 3; p99 of each)|$pg2"
  # At half of the one-instance rate, paced as row 3b.
  start_server false
  pg_rate=${pg1%%|*}
  pg_delay_ms=$(awk -v c="$paced_connections" -v r="$pg_rate" 'BEGIN {d = int(c * 1000 / (r / 2)); print (d < 1 ? 1 : d)}')
  out=$(CONNECTIONS=$paced_connections DELAY_MS=$pg_delay_ms wrk_run -s benches/post_paced.lua "$base/s/bench-15")
  stop_server
  add_row "PostgreSQL: POST /s/{slug} at half of the one-instance rate ($paced_connections connections, ${pg_delay_ms} ms apart)|$out"
  start_server true
  start_second true
  # Counting 600,000 pending rows takes PostgreSQL tens of milliseconds: 20
  # looks a second would take a core from the drain they measure.
  read -r pending pg_drain peak < <(drain 0.5)
  add_row "PostgreSQL: backlog drain with two instances: $pending pending|$pg_drain deliveries/s|||0|$peak"
  curl -fs -X POST "$fake/reset"
  read -r sent c50 c99 cerr < <(python3 benches/paced.py 127.0.0.1 "$PORT" "$RATE" "$DURATION")
  sleep 1
  stats=$(curl -fs "$fake/stats")
  r50=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["latency_p50_ms"])' <<<"$stats")
  r99=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["latency_p99_ms"])' <<<"$stats")
  add_row "PostgreSQL: $RATE/s, two instances, right after the drain: submit → SALESmanago receipt ($sent sent; submit itself p50 ${c50} ms, p99 ${c99} ms)|$RATE|${r50}ms|${r99}ms|$cerr|"
  stop_second
  stop_server
  vacuums=$(psql "$PG_URL" -qAtc "SELECT autovacuum_count FROM pg_stat_user_tables WHERE schemaname = '$pg_schema' AND relname = 'deliveries'")
  pg_line="; PostgreSQL submit/SQLite submit ${pg_ratio}× (one instance), ${pg2_ratio}× (two); autovacuum ran on deliveries ${vacuums} times"
else
  echo "== 7-9 skipped: no PostgreSQL at ${PG_URL:-(PG_URL empty)}"
fi

echo
echo "Machine: $(nproc) cores; idle RSS ${idle} MB; WAL file after the submit rounds ${wal_mb} MB; page/healthz ${page_ratio}×, submit/healthz ${submit_ratio}× (medians of ${ROUNDS} rounds; each round: $(awk '{printf "%.2f/%.2f ", $2/$1, $3/$1}' "$work/ratios"))$pg_line"
echo
echo "| Row | Requests/s | p50 | p99 | Errors | Peak RSS (MB) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
while IFS='|' read -r a b c d e f; do
  echo "| $a | $b | $c | $d | $e | $f |"
done < "$rows_file"
