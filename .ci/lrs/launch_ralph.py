"""Run the ralph LRS (ralph-malph 5.1.0) on 127.0.0.1 with the file-system backend.

For integration tests only. Usage (with the virtualenv made by .ci/lrs/setup.sh):

    .ci/.venv-ralph/bin/python .ci/lrs/launch_ralph.py --port P --data-dir D \
        --auth-file F [--user U --password PW] [--ssl-certfile C --ssl-keyfile K]

With --user/--password the auth file F is (over)written with that one user
(scope "all", agent mbox mailto:U@example.com). Without them F must already
exist (e.g. made by `ralph auth ... -w`, see README.md). Statements are stored in
D/fs_lrs.jsonl. The server is ready when GET /__heartbeat__ answers 200.
"""

import argparse
import json
import os
import sys
from pathlib import Path


def write_auth_file(path: Path, user: str, password: str) -> None:
    """Write ralph's basic-auth file: a JSON list of users with bcrypt hashes."""
    import bcrypt  # a dependency of ralph-malph[lrs]

    entry = {
        "agent": {"mbox": f"mailto:{user}@example.com", "objectType": "Agent"},
        "scopes": ["all"],
        "hash": bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode(),
        "username": user,
    }
    path.write_text(json.dumps([entry], indent=2) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--auth-file", type=Path, required=True)
    parser.add_argument("--user")
    parser.add_argument("--password")
    # HTTPS with this certificate and key (PEM), as a province's LRS behind its own CA.
    parser.add_argument("--ssl-certfile")
    parser.add_argument("--ssl-keyfile")
    args = parser.parse_args()

    if (args.user is None) != (args.password is None):
        parser.error("--user and --password go together")
    args.data_dir.mkdir(parents=True, exist_ok=True)
    if args.user is not None:
        write_auth_file(args.auth_file, args.user, args.password)
    elif not args.auth_file.is_file():
        parser.error(f"{args.auth_file} does not exist; pass --user and --password")

    # ralph reads its settings from the environment when ralph.api is imported
    # (the backend client is built at import time), so set them first.
    os.environ["RALPH_RUNSERVER_BACKEND"] = "fs"
    os.environ["RALPH_AUTH_FILE"] = str(args.auth_file.resolve())
    os.environ["RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH"] = str(
        args.data_dir.resolve()
    )

    # In ralph 5.1.0 FSDataBackend.default_operation_type is CREATE, and the fs LRS
    # backend writes every batch to the same file (fs_lrs.jsonl), so only the first
    # POST ever succeeds; later ones fail with "fs_lrs.jsonl already exists and
    # overwrite is not allowed" (HTTP 500). Appending is what an LRS needs.
    from ralph.backends.data.base import BaseOperationType
    from ralph.backends.data.fs import FSDataBackend

    FSDataBackend.default_operation_type = BaseOperationType.APPEND

    import uvicorn

    tls = {}
    if args.ssl_certfile:
        tls = {"ssl_certfile": args.ssl_certfile, "ssl_keyfile": args.ssl_keyfile}
    uvicorn.run(
        "ralph.api:app", host="127.0.0.1", port=args.port, log_level="info", **tls
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
