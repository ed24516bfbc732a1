#!/usr/bin/env python3
"""Serves the web build from a folder, as any static host would, with the two headers that make
the page cross-origin isolated: then the page shares a stop flag with its search worker, and
Cancel keeps what the search found so far (without them, Cancel can only end the search).

    python3 web/serve.py [SITE_DIR] [PORT]      (defaults: target/site, 8000)
"""
import functools
import http.server
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        self.send_header("Cross-Origin-Opener-Policy", "same-origin")
        self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        super().end_headers()


def main():
    site = sys.argv[1] if len(sys.argv) > 1 else "target/site"
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 8000
    handler = functools.partial(Handler, directory=site)
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"Red Lines at http://127.0.0.1:{port}/ (from {site})", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main()
