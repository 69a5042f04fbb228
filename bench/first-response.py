#!/usr/bin/env python3
"""Start a server and time how long it takes to give its first answer on a path.

    first-response.py PORT PATH LOGFILE -- COMMAND [ARGS...]

Prints the milliseconds from just before the process is started to the end of the first
complete response with status 200 on http://127.0.0.1:PORT/PATH, then stops the process.

One process polls: a connect() that is refused costs tens of microseconds, where starting curl
for each try costs 30-50 ms of a core on a small machine, which the server being measured would
otherwise lose, and the last curl's own start-up would be counted as the server's.
"""
import socket
import subprocess
import sys
import time

POLL_SECONDS = 0.002
GIVE_UP_SECONDS = 20.0


def answered(port, path):
    """The status of one complete response from the server, or None if it is not answering yet."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
            data = b""
            while chunk := s.recv(65536):
                data += chunk
    except OSError:
        return None
    if not data.startswith(b"HTTP/1."):
        return None
    return int(data.split(b" ", 2)[1])


def main():
    if len(sys.argv) < 6 or sys.argv[4] != "--":
        sys.exit(__doc__)
    port, path, log = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    with open(log, "wb") as out:
        t0 = time.monotonic()
        proc = subprocess.Popen(sys.argv[5:], stdout=out, stderr=subprocess.STDOUT)
        try:
            while time.monotonic() - t0 < GIVE_UP_SECONDS:
                status = answered(port, path)
                if status == 200:
                    print(round((time.monotonic() - t0) * 1000))
                    return
                if proc.poll() is not None:
                    sys.exit(f"first-response: the server exited with {proc.returncode} before answering")
                time.sleep(POLL_SECONDS)
            sys.exit(f"first-response: no 200 on {path} within {GIVE_UP_SECONDS:.0f} s")
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


if __name__ == "__main__":
    main()
