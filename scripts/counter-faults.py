#!/usr/bin/env python3
"""The hit counter through the proxy, under concurrency and Redis faults.

    scripts/counter-faults.py BASE_URL REDIS_CONTAINER

1. 200 concurrent requests to /counter/: every one 200, 200 distinct values, count +200 exactly.
2. Steady load (8 threads) while Redis is restarted (docker restart) and then killed with SIGKILL
   (docker kill, then docker start): requests during an outage get 503, never anything else;
   the count satisfies #200 <= final - start <= #200 + #failed, every returned value is distinct
   (nothing counted twice), the count survives both (append-only file on a volume), and the
   counter recovers by itself.
Prints one "ok   - " or "FAIL - " line per check, like scripts/smoke.sh; exits 1 on a failure.
Bounded: at most about 90 s.
"""
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

BASE, REDIS = sys.argv[1], sys.argv[2]
SENTENCE = re.compile(r"^This Compose/Javalin demo has been viewed (\d+) time\(s\)\.$")
failures = 0


def check(name, ok):
    global failures
    print(("ok   - " if ok else "FAIL - ") + name, flush=True)
    failures += 0 if ok else 1


def hit():
    """One counted request: (status, value or None)."""
    try:
        with urllib.request.urlopen(BASE + "/counter/", timeout=10) as r:
            m = SENTENCE.match(r.read().decode().strip())
            return r.status, int(m.group(1)) if m else None
    except urllib.error.HTTPError as e:
        e.read()
        return e.code, None
    except OSError as e:
        return "error " + type(e).__name__, None


def hits():
    with urllib.request.urlopen(BASE + "/counter/api/hits", timeout=10) as r:
        return int(re.search(rb'"hits":(\d+)', r.read()).group(1))


def docker(*args):
    subprocess.run(["docker", *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def until_served(limit_s):
    """Waits until a counted request succeeds again; returns seconds waited or None."""
    t0 = time.time()
    while time.time() - t0 < limit_s:
        try:
            if hits() >= 0:
                return time.time() - t0
        except (OSError, AttributeError):
            pass
        time.sleep(0.2)
    return None


# 1. 200 concurrent requests.
start = hits()
results = []
lock = threading.Lock()


def burst():
    for _ in range(10):
        r = hit()
        with lock:
            results.append(r)


threads = [threading.Thread(target=burst) for _ in range(20)]
for t in threads:
    t.start()
for t in threads:
    t.join()
ok = [v for s, v in results if s == 200]
check(f"200 concurrent requests: {len(ok)} answered 200", len(ok) == 200)
check(f"200 distinct values returned ({len(set(ok))})", len(set(ok)) == 200)
check(f"the count grew by exactly 200 ({start} -> {hits()})", hits() - start == 200)

# 2. Redis restarted, then killed, under steady load.
start = hits()
stop = threading.Event()
load = []


def worker():
    while not stop.is_set():
        r = hit()
        with lock:
            load.append(r)
        time.sleep(0.02)


threads = [threading.Thread(target=worker) for _ in range(8)]
for t in threads:
    t.start()
time.sleep(2)
print(f"counter-faults: docker restart {REDIS}, under load", flush=True)
docker("restart", "-t", "2", REDIS)
back1 = until_served(30)
time.sleep(1)
print(f"counter-faults: docker kill -s KILL {REDIS}, under load", flush=True)
docker("kill", "-s", "KILL", REDIS)
time.sleep(1.5)
state = subprocess.run(["docker", "inspect", "-f", "{{.State.Running}}", REDIS], capture_output=True, text=True).stdout.strip()
if state != "true":
    docker("start", REDIS)
back2 = until_served(30)
time.sleep(2)
stop.set()
for t in threads:
    t.join()
final = hits()

served = [v for s, v in load if s == 200]
failed = [s for s, v in load if s != 200]
statuses = sorted(set(map(str, failed)))
print(f"counter-faults: {len(load)} requests: {len(served)} answered 200, {len(failed)} failed {statuses}; "
      f"served again {back1 if back1 is None else round(back1, 1)} s after the restart, "
      f"{back2 if back2 is None else round(back2, 1)} s after the kill", flush=True)
check("the counter was served again after the restart and after the kill", back1 is not None and back2 is not None)
check(f"requests during the outages failed with 503 only ({statuses})", all(s == 503 for s in failed))
check(f"#200 <= final - start <= #200 + #failed ({len(served)} <= {final - start} <= {len(served) + len(failed)})",
      len(served) <= final - start <= len(served) + len(failed))
check(f"every returned value is distinct ({len(served)} values)", len(set(served)) == len(served) and None not in served)
check(f"the count survived the restart and the kill (start {start}, final {final})", final >= start + len(served))
sys.exit(1 if failures else 0)
