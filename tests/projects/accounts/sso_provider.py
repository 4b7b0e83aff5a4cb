"""Real OpenID Connect providers for the single sign-on tests.

Each is ``oidc-provider-mock`` (PyPI) served over HTTP on a loopback port by werkzeug in
a thread, so allauth's discovery fetch, code exchange and ID-token check are real HTTP.
People are added through the provider's own ``PUT /users/<sub>`` API and authorise on its
form. ``entra_like`` mounts it the way Entra ID's multi-tenant endpoint looks: requests go
to ``/organizations/v2.0/...`` and the ID tokens say they come from one tenant
(``<base>/<tenant id>/v2.0`` with a ``tid`` claim), as Entra's do for that tenant's users.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from urllib.parse import quote

import httpx
import oidc_provider_mock
import werkzeug.serving
from flask import Request
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.wrappers import Response


class Provider:
    def __init__(self, server, issuer_base: str, tenant: str = ""):
        self.server = server
        self.base = f"http://127.0.0.1:{server.server_port}"
        self.issuer = issuer_base
        self.tenant = tenant

    def add_person(self, sub: str, **claims) -> None:
        """Tell the provider who ``sub`` is (email, email_verified, tid, ...)."""
        if self.tenant:
            claims.setdefault("tid", self.tenant)
        response = httpx.put(f"{self.issuer}/users/{quote(sub)}", json=claims)
        assert response.status_code == 204, response.text


@contextmanager
def _serve(app):
    server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        thread.join(2)
        server.server_close()


@contextmanager
def generic_provider():
    """A provider whose issuer is its own root URL."""
    with _serve(oidc_provider_mock.app()) as server:
        provider = Provider(server, "")
        provider.issuer = provider.base
        yield provider


@contextmanager
def entra_like(tenant: str):
    """A provider answering on ``/organizations/v2.0`` for the users of one tenant."""
    app = oidc_provider_mock.app()

    class TenantRequest(Request):
        # The mock names its issuer after host_url; Entra names the user's tenant.
        @property
        def host_url(self):
            return f"{self.scheme}://{self.host}/{tenant}/v2.0/"

    app.request_class = TenantRequest
    mounted = DispatcherMiddleware(
        Response("Not found", 404), {"/organizations/v2.0": app}
    )
    with _serve(mounted) as server:
        provider = Provider(server, "", tenant)
        provider.issuer = f"{provider.base}/organizations/v2.0"
        yield provider


def authorise(authorize_url: str, sub: str) -> str:
    """Approve the sign-in on the provider's form as ``sub``; return where it sends us."""
    response = httpx.post(authorize_url, data={"sub": sub})
    assert response.status_code == 302, response.text
    return response.headers["location"]
