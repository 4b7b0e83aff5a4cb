"""Health probe for containers and CI: ``python -m coproduce.probe web``.

Asks this host's web process for its readiness page (``/health/ready/``) the way a
request through the HTTPS proxy would arrive: with a ``Host`` the site answers to and
``X-Forwarded-Proto: https``. Prints the page and exits 0 when every part is healthy, 1
otherwise. It does not load Django, so it is cheap enough to run every few seconds (the
worker and beat are checked with ``celery inspect ping`` instead).
"""

import argparse
import os
import sys
import urllib.error
import urllib.request


def probe_host() -> str:
    """A host name the site answers to: the first of ALLOWED_HOSTS, wildcards made real."""
    hosts = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",")]
    host = next((h for h in hosts if h), "localhost")
    if host == "*":
        return "localhost"
    return host.lstrip(".")


def web(path: str, timeout: float, quiet: bool) -> int:
    port = os.environ.get("PORT", "8000")
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        headers={
            "Host": probe_host(),
            "X-Forwarded-Proto": "https",
            "Accept": "text/plain",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body, status = response.read().decode(), response.status
    except urllib.error.HTTPError as error:
        body, status = error.read().decode(errors="replace"), error.code
    except OSError as error:
        body, status = f"not reachable: {error}\n", 0
    if not quiet:
        sys.stdout.write(body if body.endswith("\n") else body + "\n")
    return 0 if status == 200 else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coproduce.probe")
    sub = parser.add_subparsers(dest="what", required=True)
    web_parser = sub.add_parser("web", help="the web process is ready")
    web_parser.add_argument("--path", default="/health/ready/")
    web_parser.add_argument("--timeout", type=float, default=10)
    web_parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    return web(args.path, args.timeout, args.quiet)


if __name__ == "__main__":
    sys.exit(main())
