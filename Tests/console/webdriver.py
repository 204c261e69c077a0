"""A minimal W3C WebDriver client over urllib (no selenium): just what the console browser test needs."""

import base64
import json
import socket
import subprocess
import time
import urllib.error
import urllib.request

ELEMENT_KEY = "element-6066-11e4-a52e-4f735466cecf"


class WebDriverError(Exception):
    """A WebDriver command failed (the driver's error code and message)."""


def free_port():
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ChromeDriver:
    """Runs `chromedriver` on 127.0.0.1 and one headless Chromium session through it."""

    def __init__(self, driver="chromedriver", binary="/usr/bin/chromium", profile_dir=None, log_path=None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        log = open(log_path, "wb") if log_path else subprocess.DEVNULL
        self.process = subprocess.Popen(
            [driver, f"--port={self.port}", "--allowed-ips=127.0.0.1"], stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while True:
            try:
                if self._call("GET", "/status").get("ready"):
                    break
            except (OSError, WebDriverError):
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.quit()
                raise WebDriverError("chromedriver did not become ready within 20 s")
            time.sleep(0.1)
        args = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000",
            "--no-first-run", "--no-default-browser-check", "--disable-background-networking", "--disable-sync",
            "--disable-component-update", "--disable-default-apps", "--disable-domain-reliability",
            "--disable-client-side-phishing-detection", "--dns-prefetch-disable", "--disable-features=Translate,MediaRouter",
            # Everything that is not loopback goes to a dead proxy, so the browser can reach nothing else.
            "--proxy-server=http://127.0.0.1:9",
        ]
        if profile_dir:
            args.append(f"--user-data-dir={profile_dir}")
        capabilities = {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {"binary": binary, "args": args}}}
        try:
            self.session = self._call("POST", "/session", {"capabilities": capabilities})["sessionId"]
        except Exception:
            self.quit()
            raise

    def _call(self, method, path, body=None, timeout=30):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                payload = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            try:
                value = json.loads(error.read()).get("value", {})
            except ValueError:
                value = {}
            raise WebDriverError(f"{method} {path}: {value.get('error', error.code)}: {value.get('message', '')[:500]}")
        return payload.get("value", payload)

    def _session(self, method, path, body=None):
        return self._call(method, f"/session/{self.session}{path}", body)

    def get(self, url):
        """Navigates and waits for the page load."""
        self._session("POST", "/url", {"url": url})

    @property
    def current_url(self):
        return self._session("GET", "/url")

    @property
    def title(self):
        return self._session("GET", "/title")

    @property
    def source(self):
        return self._session("GET", "/source")

    def find(self, css):
        """The first element matching `css` (raises WebDriverError when none)."""
        return Element(self, self._session("POST", "/element", {"using": "css selector", "value": css})[ELEMENT_KEY])

    def find_all(self, css):
        return [Element(self, item[ELEMENT_KEY]) for item in
                self._session("POST", "/elements", {"using": "css selector", "value": css})]

    def wait_for(self, css, timeout=10):
        """Polls (bounded) until an element matching `css` exists."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.find_all(css)
            if found:
                return found[0]
            if time.monotonic() > deadline:
                raise WebDriverError(f"no element matches {css!r} after {timeout} s on {self.current_url}")
            time.sleep(0.1)

    def screenshot(self, path):
        """Saves a PNG of the viewport."""
        with open(path, "wb") as file:
            file.write(base64.b64decode(self._session("GET", "/screenshot")))

    def quit(self):
        try:
            if getattr(self, "session", None):
                self._call("DELETE", f"/session/{self.session}", timeout=10)
        except (OSError, WebDriverError):
            pass
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Element:
    """One element of the current page."""

    def __init__(self, driver, element_id):
        self.driver = driver
        self.id = element_id

    @property
    def text(self):
        return self.driver._session("GET", f"/element/{self.id}/text")

    def attribute(self, name):
        return self.driver._session("GET", f"/element/{self.id}/attribute/{name}")

    def click(self):
        self.driver._session("POST", f"/element/{self.id}/click", {})

    def type(self, text):
        self.driver._session("POST", f"/element/{self.id}/value", {"text": text})
