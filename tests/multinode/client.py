"""A browser for the multinode test: cookies by hand, through nginx or straight to
one node with the headers nginx would add."""

import re
from dataclasses import dataclass, field

import requests

from .topology import HOST, ORIGIN, Topology

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Client:
    """One browser: its cookies, sent by hand (they are Secure, and the direct node
    ports speak plain HTTP as nginx does to them)."""

    topology: Topology
    cookies: dict[str, str] = field(default_factory=dict)
    # The address nginx would forward for this client on the direct node ports.
    address: str = "127.0.0.1"

    def _headers(self, direct: bool, extra: dict | None) -> dict:
        headers = {"Host": HOST, "Referer": ORIGIN + "/", **(extra or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if direct:
            # What nginx adds: the test speaks to the node as the trusted proxy.
            headers["X-Forwarded-For"] = self.address
            headers["X-Forwarded-Proto"] = "https"
        return headers

    def request(self, method: str, path: str, *, node: int | None = None, **kwargs):
        direct = node is not None
        url = self.topology.node_url(node, path) if direct else self.topology.url(path)
        response = requests.request(
            method,
            url,
            headers=self._headers(direct, kwargs.pop("headers", None)),
            allow_redirects=False,
            verify=self.topology.certificate,
            timeout=60,
            **kwargs,
        )
        for cookie in response.cookies:
            if cookie.value:
                self.cookies[cookie.name] = cookie.value
            else:
                self.cookies.pop(cookie.name, None)
        return response

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post_form(self, path: str, data: dict, *, node: int | None = None, **kwargs):
        """GET the form (for its CSRF token), then POST it, both on ``node``."""
        page = self.get(path, node=node)
        assert page.status_code == 200, (path, page.status_code)
        token = CSRF_FIELD.search(page.text).group(1)
        return self.request(
            "POST",
            path,
            node=node,
            data={"csrfmiddlewaretoken": token, **data},
            **kwargs,
        )
