#!/usr/bin/env python3
"""Opens N keep-alive connections to HOST:PORT, makes one request on each, prints 'ready OK'
once they have all answered, then holds them open for HOLD seconds and exits."""
import resource, socket, sys, time

host, port, n, hold = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, n + 1024), hard))
req = ("GET / HTTP/1.1\r\nHost: %s\r\n\r\n" % host).encode()
socks = []
for _ in range(n):
    s = socket.create_connection((host, port), timeout=20)
    s.sendall(req)
    socks.append(s)
ok = sum(1 for s in socks if s.recv(4096).startswith(b"HTTP/1.1 200"))
print("ready %d" % ok, flush=True)
time.sleep(hold)
