#!/usr/bin/env bash
# Install the ralph LRS (ralph-malph 5.1.0, pinned in requirements.txt) into a virtualenv,
# for danvan's xAPI integration tests. Usage: .ci/lrs/setup.sh [VENV_DIR]
# (default .ci/.venv-ralph). Idempotent: a marker in the venv records the installed
# requirements, and a second run with the same requirements only checks the imports.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
venv="${1:-$here/../.venv-ralph}"
requirements="$here/requirements.txt"
marker="$venv/.danvan-ralph-installed"
python="${PYTHON:-$(command -v python3.11 || command -v python3)}"

# ralph.api builds its backend at import time, so importing it needs the fs backend set.
imports_ok() {
  RALPH_RUNSERVER_BACKEND=fs RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH="$venv/.import-check" \
    "$venv/bin/python" -c 'import ralph.api, uvicorn, bcrypt, requests'
}

want="$(sha256sum "$requirements" | cut -d' ' -f1) $("$python" -c 'import sys; print(sys.version.split()[0])')"

if [[ -f "$marker" && "$(cat "$marker")" == "$want" ]] && imports_ok 2>/dev/null; then
  echo "lrs/setup.sh: ralph already installed in $venv"
  exit 0
fi

if ! "$venv/bin/python" -c '' 2>/dev/null; then
  if ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
    # Debian's own python3 ships venv/ensurepip in a separate package.
    echo "lrs/setup.sh: $python lacks venv/ensurepip; installing python3-venv with apt-get"
    apt-get update -qq && apt-get install -y -qq python3-venv
  fi
  echo "lrs/setup.sh: creating virtualenv $venv with $python"
  rm -rf "$venv"
  "$python" -m venv "$venv"
fi

echo "lrs/setup.sh: installing ralph-malph into $venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"

imports_ok
"$venv/bin/ralph" --version
echo "$want" > "$marker"
echo "lrs/setup.sh: done"
