"""Fixed-rate submitter for benches/load.sh: RATE submissions/s for SECONDS,
over keep-alive connections. Each carries `imie=sent:<unix µs>` so the fake
SALESmanago can measure submit -> receipt. Prints client-side p50/p99 (ms)."""
import http.client
import sys
import threading
import time
import urllib.parse

host, port, rate, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
threads = 8
latencies, errors = [], [0]
lock = threading.Lock()


def body():
    fields = [("email", "paced@example.pl"), ("nps", "9"), ("obsluga", "Dobrze"), ("zgoda", "1"),
              ("imie", "sent:%d" % int(time.time() * 1_000_000))]
    return urllib.parse.urlencode(fields)


def run(offset):
    conn = http.client.HTTPConnection(host, port, timeout=10)
    interval = threads / rate
    start = time.monotonic() + offset * interval / threads
    n = 0
    while True:
        due = start + n * interval
        if due - start > seconds:
            return
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        t0 = time.monotonic()
        try:
            conn.request("POST", "/s/bench-15", body(), {"Content-Type": "application/x-www-form-urlencoded"})
            response = conn.getresponse()
            response.read()
            ok = response.status == 303
        except Exception:
            conn = http.client.HTTPConnection(host, port, timeout=10)
            ok = False
        with lock:
            if ok:
                latencies.append((time.monotonic() - t0) * 1000)
            else:
                errors[0] += 1
        n += 1


workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
for w in workers:
    w.start()
for w in workers:
    w.join()
latencies.sort()
pick = lambda p: latencies[min(len(latencies) - 1, int(round((len(latencies) - 1) * p)))] if latencies else 0
print("%d %.2f %.2f %d" % (len(latencies), pick(0.5), pick(0.99), errors[0]))
