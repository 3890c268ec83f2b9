#!/usr/bin/python3
"""hub.py: a WebSub hub for feedgen's tests. Standard library only.

    hub.py [--port N] [--port-file FILE] [--log FILE]

Listens on 127.0.0.1 only, on port N (default 0: the kernel picks one), prints
the port as one line on stdout (or writes it, atomically, to --port-file), and
serves until killed. One process serves every scenario: the request path picks
the answer (a query string is ignored for the answer, so ?case=x makes a path
unique for the per-path counters):

    /ok                       200 "hub says ok"
    /status/NNN               NNN with the one-line body "hub says NNN"
    /retry-after/S            429 with Retry-After: S (S as given)
    /retry-after-date/S       429 with Retry-After: the HTTP-date S seconds on
    /status-then-ok/NNN/K     NNN for the first K requests to this exact path
                              (query included), then 204
    /hang/S                   sleeps S seconds, then 204
    /close                    closes the connection without answering
    /redirect/NNN             NNN with Location: http://127.0.0.1:PORT/ok
    /redirect-chain/NNN/K     NNN to /redirect-chain/NNN/K-1; K = 0 answers as /ok
    anything else             404 "hub says 404: no such scenario"

Every request is logged on arrival (after its body is read) as one JSON line,
flushed at once, appended to --log: {"time": epoch float, "method", "path"
(with the query), "headers": {name: value}, "body": text}.
"""
import argparse
import email.utils
import json
import os
import re
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Hub(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, port, log):
        super().__init__(("127.0.0.1", port), Handler)
        self.log = log
        self.lock = threading.Lock()
        self.counts = {}

    def record(self, entry):
        if self.log is None:
            return
        with self.lock:
            self.log.write(json.dumps(entry) + "\n")
            self.log.flush()

    def count(self, path):
        """How many requests this exact path had before this one."""
        with self.lock:
            n = self.counts.get(path, 0)
            self.counts[path] = n + 1
            return n


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def version_string(self):
        return "feedgen-test-hub/1"

    def log_message(self, format, *args):
        pass

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def answer(self, status, body=None, headers=()):
        if body is None:
            body = "hub says %d" % status
        data = b"" if status in (204, 304) or status < 200 else (body + "\n").encode()
        try:
            self.send_response(status)
            for k, v in headers:
                self.send_header(k, v)
            if data or status not in (204, 304):
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if data and self.command != "HEAD":
                self.wfile.write(data)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def handle_any(self):
        body = self.read_body()
        headers = {}
        for k, v in self.headers.items():
            headers[k] = headers[k] + ", " + v if k in headers else v
        self.server.record({
            "time": time.time(),
            "method": self.command,
            "path": self.path,
            "headers": headers,
            "body": body.decode("utf-8", "replace"),
        })
        path = self.path.split("?", 1)[0]
        host, port = self.server.server_address[:2]
        m = re.fullmatch(r"/status/(\d{3})", path)
        if path == "/ok":
            return self.answer(200, "hub says ok")
        if m:
            return self.answer(int(m.group(1)))
        m = re.fullmatch(r"/retry-after/([^/]+)", path)
        if m:
            return self.answer(429, headers=[("Retry-After", m.group(1))])
        m = re.fullmatch(r"/retry-after-date/(\d+)", path)
        if m:
            when = email.utils.formatdate(time.time() + int(m.group(1)), usegmt=True)
            return self.answer(429, headers=[("Retry-After", when)])
        m = re.fullmatch(r"/status-then-ok/(\d{3})/(\d+)", path)
        if m:
            if self.server.count(self.path) < int(m.group(2)):
                return self.answer(int(m.group(1)))
            return self.answer(204)
        m = re.fullmatch(r"/hang/(\d+(?:\.\d+)?)", path)
        if m:
            time.sleep(float(m.group(1)))
            return self.answer(204)
        if path == "/close":
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return None
        m = re.fullmatch(r"/redirect/(\d{3})", path)
        if m:
            loc = "http://%s:%d/ok" % (host, port)
            return self.answer(int(m.group(1)), headers=[("Location", loc)])
        m = re.fullmatch(r"/redirect-chain/(\d{3})/(\d+)", path)
        if m:
            k = int(m.group(2))
            if k == 0:
                return self.answer(200, "hub says ok")
            loc = "http://%s:%d/redirect-chain/%s/%d" % (host, port, m.group(1), k - 1)
            return self.answer(int(m.group(1)), headers=[("Location", loc)])
        return self.answer(404, "hub says 404: no such scenario")

    do_POST = do_GET = do_PUT = do_HEAD = do_DELETE = do_PATCH = handle_any


def main():
    p = argparse.ArgumentParser(description="a WebSub hub for feedgen's tests")
    p.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default 0: any free one)")
    p.add_argument("--port-file", help="write the port here instead of stdout")
    p.add_argument("--log", help="append one JSON line per request here")
    a = p.parse_args()
    log = open(a.log, "a", encoding="utf-8") if a.log else None
    hub = Hub(a.port, log)
    port = hub.server_address[1]
    if a.port_file:
        tmp = a.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.replace(tmp, a.port_file)
    else:
        print(port, flush=True)
    try:
        hub.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
