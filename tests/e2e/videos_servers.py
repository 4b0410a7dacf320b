"""Small HTTP servers on other loopback ports: a stand-in video host and partner sites."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

__all__ = ["loopback_site", "video_host"]


class LoopbackSite:
    """Serves fixed HTML pages by path and records every path it was asked for."""

    def __init__(self, pages):
        self.pages = dict(pages)
        self.requests = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                site.requests.append(self.path)
                body = site.pages.get(self.path.split("?", 1)[0])
                if body is None:
                    self.send_error(404)
                    return
                payload = body.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def loopback_site():
    sites = []

    def start(pages=None):
        site = LoopbackSite(pages or {})
        sites.append(site)
        return site

    yield start
    for site in sites:
        site.close()


@pytest.fixture
def video_host(loopback_site, settings):
    """A video host whose links the portal turns into player addresses by the configured rule."""
    host = loopback_site(
        {
            "/player/abc": "<!DOCTYPE html><html lang='fr'><title>Lecteur</title>"
            "<body><p>Lecteur de test en cours de lecture</p></body></html>"
        }
    )
    settings.COMCEP_VIDEO_PLAYER_RULES = [
        {
            "pattern": rf"^{host.url}/v/(?P<id>[a-z]+)$",
            "player": f"{host.url}/player/{{id}}",
            "host_name": "l’hébergeur de test",
        }
    ]
    return host
