"""Browser test of the Herald web console: a real `herald serve`, a real loopback HTTP sink, headless Chromium.

Flow: a rule sends `console.test` events to a sink that answers 400 (non-retryable), so three events land in the
dead-letter queue. In the browser: log in with the admin token, read the status page (target row, DLQ size 3), open
the target and one dead letter (escaped event JSON), let the sink accept, click Redrive, confirm, read the flash
message and the DLQ size 2, check that the sink received the event again, then purge one entry through its button
(DLQ size 1). Screenshots of every step go to the artifacts directory.

Environment: HERALD_BIN (default .build/debug/herald), CONSOLE_ARTIFACTS (default .build/console-artifacts).
Exits non-zero on the first failed check.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from webdriver import ChromeDriver, WebDriverError  # noqa: E402

TOKEN = "browser-test-token"
TARGET = "default/console-rule/sink"
MARKER = "<script>alert('console')</script>"


class Sink:
    """A loopback HTTP target that rejects (400) until `accepting` is set, recording every request body."""

    def __init__(self):
        self.accepting = threading.Event()
        self.bodies = []
        self.lock = threading.Lock()
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0") or 0)).decode("utf-8", "replace")
                with sink.lock:
                    sink.bodies.append(body)
                status, text = (200, b"ok") if sink.accepting.is_set() else (400, b"rejected by the console test sink")
                self.send_response(status)
                self.send_header("Content-Length", str(len(text)))
                self.end_headers()
                self.wfile.write(text)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def count(self, text):
        with self.lock:
            return sum(1 for body in self.bodies if text in body)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Herald:
    """`herald serve` on a free loopback port with a temporary data directory and an admin token."""

    def __init__(self, binary, work):
        self.output_path = os.path.join(work, "herald.out")
        self.output = open(self.output_path, "wb")
        env = dict(os.environ, HERALD_ADMIN_TOKEN=TOKEN)
        self.process = subprocess.Popen(
            [binary, "serve", "--data-dir", os.path.join(work, "data"), "--http", "127.0.0.1:0", "--log-level", "warning"],
            stdout=self.output, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 30
        while True:
            with open(self.output_path, encoding="utf-8", errors="replace") as file:
                for line in file:
                    if line.startswith("herald ready http=127.0.0.1:"):
                        self.port = int(line.split("http=127.0.0.1:")[1].split()[0])
                        self.base = f"http://127.0.0.1:{self.port}"
                        return
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("herald serve did not become ready:\n" + open(self.output_path).read())
            time.sleep(0.1)

    def call(self, operation, body):
        """An EventBridge API call (developer-mode signing: none on loopback)."""
        request = urllib.request.Request(self.base + "/", data=json.dumps(body).encode(), method="POST")
        request.add_header("X-Amz-Target", f"AWSEvents.{operation}")
        request.add_header("Content-Type", "application/x-amz-json-1.1")
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def admin(self, path):
        request = urllib.request.Request(self.base + path)
        request.add_header("Authorization", f"Bearer {TOKEN}")
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.output.close()


def eventually(condition, timeout, what):
    """Polls `condition` every 100 ms for at most `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)


def check(condition, message):
    if not condition:
        raise AssertionError(message)
    print(f"ok: {message}")


def dlq_size(browser):
    return browser.find(f'tr[data-target="{TARGET}"] td.dlq-size').text.strip()


def run(binary, artifacts, work):
    sink = Sink()
    herald = Herald(binary, work)
    browser = None
    shots = []

    def shot(name):
        path = os.path.join(artifacts, f"{len(shots) + 1:02d}-{name}.png")
        browser.screenshot(path)
        shots.append(path)

    try:
        herald.call("PutRule", {"Name": "console-rule", "EventPattern": json.dumps({"source": ["console.test"]})})
        herald.call("PutTargets", {"Rule": "console-rule", "Targets": [{"Id": "sink", "Arn": sink.url}]})
        entries = [{"Source": "console.test", "DetailType": "ConsoleCheck",
                    "Detail": json.dumps({"n": index, "note": MARKER})} for index in range(3)]
        answer = herald.call("PutEvents", {"Entries": entries})
        check(answer.get("FailedEntryCount") == 0, "three events put through the EventBridge API")
        eventually(lambda: len(herald.admin(f"/admin/dlq?target={TARGET}")["entries"]) == 3, 30,
                   "three dead letters (the sink answers 400)")
        first = min(entry["sequence"] for entry in herald.admin(f"/admin/dlq?target={TARGET}")["entries"])

        browser = ChromeDriver(profile_dir=os.path.join(work, "profile"), log_path=os.path.join(work, "chromedriver.log"))
        browser.get(herald.base + "/console")
        check("/console/login" in browser.current_url, "an anonymous browser is sent to the login page")
        shot("login")
        browser.find("#token").type("wrong-token")
        browser.find("#login").click()
        check("not the admin token" in browser.wait_for("p.error").text, "a wrong token is refused")
        browser.find("#token").type(TOKEN)
        browser.find("#login").click()
        browser.wait_for("#targets")
        check(browser.current_url.endswith("/console"), "the right token logs in and returns to /console")
        check(browser.find(f'tr[data-target="{TARGET}"]').text.startswith(TARGET), "the status page lists the target")
        check(dlq_size(browser) == "3", "the status page shows 3 dead letters")
        check(browser.find("#log-last").text.strip() == "3", "the status page shows the log's last sequence 3")
        shot("status")

        browser.find(f'tr[data-target="{TARGET}"] td a').click()
        browser.wait_for("#dlq-entries")
        check(browser.find("#dlq-size").text.strip() == "3", "the target page shows 3 dead letters")
        check(len(browser.find_all("#dlq-entries tbody tr")) == 3, "the target page lists 3 entries")
        shot("target")

        browser.find(f'tr[data-sequence="{first}"] a').click()
        event_json = browser.wait_for("#event-json").text
        check("<script>alert(" in event_json, "the entry page shows the event JSON, its <script> as plain text")
        check(not browser.find_all("script"), "no script element made it into the page")
        check("400" in browser.find("#attempts").text, "the attempts table shows the 400 response")
        check("rejected by the console test sink" in browser.find("#attempts").text, "the response excerpt is shown")
        shot("entry")

        sink.accepting.set()
        delivered_before = sink.count('"n":0')
        browser.find("#redrive").click()
        question = browser.wait_for("#confirm-question").text
        check(f"Redrive dead letter {first} of {TARGET}?" in question, "redrive asks for confirmation")
        shot("confirm-redrive")
        browser.find("#confirm").click()
        flash = browser.wait_for("#flash").text
        check(f"Redrove 1 of 1 matching dead letter(s) of {TARGET}" in flash, "the flash message reports the redrive")
        check(browser.find("#dlq-size").text.strip() == "2", "the DLQ shrank to 2 after the redrive")
        shot("redriven")
        eventually(lambda: sink.count('"n":0') > delivered_before, 30, "the redriven event to reach the sink")
        check(True, "the sink received the redriven event")

        browser.get(herald.base + "/console")
        check(dlq_size(browser) == "2", "the status page shows 2 dead letters")
        check("id=\"flash\"" not in browser.source, "the flash message is shown only once")

        browser.get(herald.base + f"/console/targets/{TARGET}")
        browser.find("#dlq-entries tbody tr a").click()
        browser.find("#purge").click()
        check("cannot be undone" in browser.wait_for("p.error").text, "purge warns before deleting")
        browser.find("#confirm").click()
        check("Purged 1 of 1" in browser.wait_for("#flash").text, "the flash message reports the purge")
        check(browser.find("#dlq-size").text.strip() == "1", "the DLQ shrank to 1 after the purge")
        shot("purged")
        check(len(herald.admin(f"/admin/dlq?target={TARGET}")["entries"]) == 1, "the admin API agrees: 1 dead letter")

        browser.get(herald.base + "/console/events?refresh=0")
        # The compactor may already have dropped events every target is past, so only the newest is certain.
        newest = browser.wait_for("#events tbody tr")
        check(newest.attribute("data-sequence") == "3" and "console.test" in newest.text,
              "the live events page lists the newest event (sequence 3) first")
        shot("events")
        print(f"screenshots: {len(shots)} PNG files in {artifacts}")
    except BaseException:
        if browser is not None:
            try:
                shot("failure")
                with open(os.path.join(artifacts, "failure.html"), "w", encoding="utf-8") as file:
                    file.write(browser.source)
            except (OSError, WebDriverError):
                pass
        try:
            shutil.copy(herald.output_path, os.path.join(artifacts, "herald.out"))
        except OSError:
            pass
        raise
    finally:
        if browser is not None:
            browser.quit()
        herald.stop()
        sink.close()


def main():
    binary = os.path.abspath(os.environ.get("HERALD_BIN", ".build/debug/herald"))
    artifacts = os.path.abspath(os.environ.get("CONSOLE_ARTIFACTS", ".build/console-artifacts"))
    if not os.access(binary, os.X_OK):
        print(f"console browser test: FAIL: no herald binary at {binary} (build it or set HERALD_BIN)")
        return 1
    os.makedirs(artifacts, exist_ok=True)
    for name in os.listdir(artifacts):
        if name.endswith(".png") or name in ("failure.html", "herald.out"):
            os.remove(os.path.join(artifacts, name))
    work = tempfile.mkdtemp(prefix="herald-console-browser-")
    try:
        run(binary, artifacts, work)
    except (AssertionError, WebDriverError, RuntimeError, OSError) as error:
        print(f"console browser test: FAIL: {error}")
        print(f"artifacts (screenshots, page source, server output): {artifacts}")
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("console browser test: PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
