#!/usr/bin/env bash
# Re-runs every command the root README and the lessons in docs/ show with its output, in
# order, against a running stack, and fails when an output differs (ids, times, addresses and
# request ids are normalised; "..." in the text stands for any text). The README comes first:
# it expects a fresh stack (the counter at 0). Ports: HTTP_PORT, HTTPS_PORT (80, 443).
#
#   scripts/doc-check.sh            # prints "N passed, N failed" per file, exits 1 on a failure
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
scripts/readme-check.sh README.md . || status=1
for lesson in docs/[0-9][0-9]-*.md; do
  scripts/readme-check.sh "$lesson" . '*' || status=1
done
rm -f hotgates-ca.crt
exit $status
