#!/usr/bin/env bash
# Install the external components danvan's xAPI integration tests run against, and check
# that they work: the ralph LRS (Python venv at .ci/.venv-ralph) and Learning Locker's
# xAPI validator (npm, .ci/xapi-validator/node_modules). Idempotent; safe to call from
# .ci/run on every run. Needs python3 (3.11) with venv+pip, node and npm; installs Debian's
# chromium and poppler-utils (tests/report.rs prints an HTML report to PDF) when missing.
set -euo pipefail
ci="$(cd "$(dirname "$0")" && pwd)"

echo "setup-external: chromium, poppler-utils and openssl"
# openssl makes the test CA of tests/lrs.rs's HTTPS push (--ca).
if ! command -v chromium >/dev/null || ! command -v pdfinfo >/dev/null || ! command -v pdftotext >/dev/null || ! command -v openssl >/dev/null; then
  if [[ "$(id -u)" == 0 ]]; then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium poppler-utils openssl
  else
    echo "setup-external: chromium/poppler-utils/openssl missing and not root: apt-get install -y chromium poppler-utils openssl" >&2
    exit 1
  fi
fi

echo "setup-external: ralph LRS"
bash "$ci/lrs/setup.sh" "$ci/.venv-ralph"
"$ci/.venv-ralph/bin/python" "$ci/lrs/smoke_test.py"

echo "setup-external: xAPI validator"
validator="$ci/xapi-validator"
marker="$validator/node_modules/.danvan-installed"
lock_sum="$(sha256sum "$validator/package-lock.json" | cut -d' ' -f1)"
if [[ -f "$marker" && "$(cat "$marker")" == "$lock_sum" ]]; then
  echo "setup-external: validator already installed"
else
  (cd "$validator" && npm ci --no-audit --no-fund)
  echo "$lock_sum" > "$marker"
fi
node "$validator/validate.js" "$validator/examples/valid.json"
if node "$validator/validate.js" "$validator/examples/invalid.jsonl" > /dev/null; then
  echo "setup-external: the validator accepted examples/invalid.jsonl" >&2
  exit 1
fi
echo "setup-external: done"
