#!/usr/bin/python3
"""Browser test of the cloud map: a real fangxind, a real fangxin-map and headless Chromium.

Registers a few merchants and stores with fangxinctl, opens the map page, checks the number of
stores drawn and the main-urban coverage shown, makes changes with fangxinctl (a new store, a
closed store, and a server restart in between) and waits for the page to follow without a
reload. Saves a screenshot to <build>/tests/artifacts/map.png.

The whole test runs inside a fresh network namespace (`unshare -n`, loopback only) so the page
provably needs no internet; where namespaces are not permitted it runs without one and says so.
Chromium's resolver rules refuse every host name but 127.0.0.1 in both cases.

Usage: map_browser_test.py --build_dir=BUILD --source_dir=SOURCE
"""

import argparse
import datetime
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

IN_NETNS_ENV = "FANGXIN_MAP_TEST_NETNS"

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc(body17):
    """Completes 17 characters with the GB 32100-2015 check character."""
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(body17, USCC_WEIGHTS))
    return body17 + USCC_CHARS[(31 - total % 31) % 31]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, predicate, timeout=30.0, interval=0.2):
    """Polls predicate() until it returns a truthy value; fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = predicate()
            if last:
                return last
        except Exception as e:  # a page or server still starting
            last = e
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what} (last: {last!r})")


class Cluster:
    """fangxind + fangxin-map in a temporary directory."""

    def __init__(self, build_dir, source_dir, tmp):
        self.build_dir = build_dir
        self.source_dir = source_dir
        self.tmp = tmp
        self.data_dir = os.path.join(tmp, "data")
        self.grpc = f"127.0.0.1:{free_port()}"
        self.server = None
        self.map = None
        self.map_url = None

    def ctl(self, *args):
        cmd = [os.path.join(self.build_dir, "clients/cli/fangxinctl"), f"--server={self.grpc}",
               f"--token={self.token()}", "--output=json", *args]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            raise AssertionError(f"{' '.join(args)} failed: {result.stdout}{result.stderr}")
        return json.loads(result.stdout) if result.stdout.strip() else None

    def has_pledge_commands(self):
        """Whether this fangxinctl has the pledge noun (PledgeService may land after the map)."""
        result = subprocess.run([os.path.join(self.build_dir, "clients/cli/fangxinctl"), "--help"],
                                capture_output=True, text=True, timeout=30)
        return "pledge" in result.stdout + result.stderr

    def pledge(self, store_name):
        """Files a no-reason-return pledge for the store and puts it in force."""
        today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()
        pledge = self.ctl("pledge", "create", f"--store={store_name}",
                          f"--from={today.isoformat()}",
                          f"--until={today.replace(year=today.year + 1).isoformat()}")
        self.ctl("pledge", "activate", pledge["name"], f"--etag={pledge['etag']}")

    def token(self):
        with open(os.path.join(self.data_dir, "admin.key")) as f:
            return f.read().strip()

    def start_server(self):
        log = open(os.path.join(self.tmp, "fangxind.log"), "a")
        self.server = subprocess.Popen(
            [os.path.join(self.build_dir, "services/server/fangxind"),
             f"--data_dir={self.data_dir}", f"--listen={self.grpc}",
             "--divisions=" + os.path.join(self.source_dir, "deploy/data/yancheng-divisions.csv"),
             "--plaintext"],
            stdout=log, stderr=log)

        def ready():
            assert self.server.poll() is None, "fangxind exited; see fangxind.log"
            self.ctl("division", "get", "320900")
            return True
        wait_for("fangxind", ready, timeout=60)

    def stop_server(self):
        self.server.send_signal(signal.SIGTERM)
        self.server.wait(timeout=30)

    def start_map(self):
        log = open(os.path.join(self.tmp, "fangxin-map.log"), "a")
        self.map = subprocess.Popen(
            [os.path.join(self.build_dir, "clients/map/fangxin-map"), f"--server={self.grpc}",
             "--token_file=" + os.path.join(self.data_dir, "admin.key"),
             "--listen=127.0.0.1:0"],
            stdout=subprocess.PIPE, stderr=log, text=True)
        line = self.map.stdout.readline()  # "fangxin-map: serving http://127.0.0.1:PORT/ ..."
        assert "serving http://" in line, f"fangxin-map did not start: {line!r}"
        self.map_url = line.split("serving ")[1].split(" ")[0]
        wait_for("fangxin-map listed", lambda: self.get("healthz")["status"] == "ok")

    def get(self, path):
        with urllib.request.urlopen(self.map_url + path, timeout=5) as response:
            return json.loads(response.read())

    def stop(self):
        for p in (self.map, self.server):
            if p is not None and p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    p.kill()


def open_browser(tmp):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1440,900", "--lang=zh-CN",
                "--user-data-dir=" + os.path.join(tmp, "chromium-profile")]:
        options.add_argument(arg)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def page_state(driver):
    return driver.execute_script("""
      const cov = document.getElementById('main-urban-coverage');
      return {
        revision: Number(document.body.dataset.revision),
        stores: Number(document.getElementById('store-count').dataset.storeCount),
        coverage_text: cov.textContent,
        main_open: Number(cov.dataset.open),
        main_pledged: Number(cov.dataset.pledged),
        changes: Array.from(document.querySelectorAll('#changes li')).map(li => li.textContent),
        live: document.getElementById('live').className,
      };""")


def run(args):
    tmp = tempfile.mkdtemp(prefix="fangxin-map-test-")
    cluster = Cluster(args.build_dir, args.source_dir, tmp)
    driver = None
    try:
        cluster.start_server()
        # Tinghu (320902) is main-urban, so is its Wuxing street; Xiangshui (320921) is not.
        stores = [
            ("91320902", "tinghu-1", "320902", "320902001", 33.3900, 120.1400, "五星街道便利店"),
            ("91320902", "tinghu-2", "320902", "", 33.3800, 120.1250, "文峰百货"),
            ("91320903", "yandu-1", "320903", "", 33.3400, 120.1300, "盐都超市"),
            ("91320921", "xiangshui-1", "320921", "", 34.2000, 119.5700, "响水家电"),
        ]
        merchants = {}
        for prefix, _, division, _, _, _, _ in stores:
            if prefix in merchants:
                continue
            code = uscc(prefix + "MA1WKD" + str(len(merchants)).rjust(3, "0"))
            cluster.ctl("merchant", "create", f"--uscc={code}", f"--name=测试商户{len(merchants)}",
                        f"--division={division}")
            merchants[prefix] = code
        for prefix, store_id, division, township, lat, lng, name in stores:
            flags = [f"--merchant={merchants[prefix]}", f"--id={store_id}", f"--name={name}",
                     "--address=测试路1号", f"--division={division}", f"--lat={lat}", f"--lng={lng}"]
            if township:
                flags.append(f"--township={township}")
            cluster.ctl("store", "create", *flags)
        store_names = {store_id: f"merchants/{merchants[prefix]}/stores/{store_id}"
                       for prefix, store_id, *_ in stores}
        with_pledges = cluster.has_pledge_commands()
        if with_pledges:
            cluster.pledge(store_names["tinghu-1"])
        else:
            print("map_browser_test: NOTE: this fangxinctl has no pledge commands; the "
                  "coverage checks expect no pledges")

        cluster.start_map()
        coverage = cluster.get("api/coverage")
        assert coverage["city"]["open_stores"] == 4, coverage["city"]
        assert coverage["main_urban"]["open_stores"] == 3, coverage["main_urban"]
        assert coverage["main_urban"]["pledged_stores"] == (1 if with_pledges else 0), coverage

        driver = open_browser(tmp)
        driver.get(cluster.map_url)
        state = wait_for("the page to draw 4 stores",
                         lambda: (s := page_state(driver))["stores"] == 4 and s)
        assert state["main_open"] == 3, state
        assert state["coverage_text"] == ("33.3%" if with_pledges else "0.0%"), state
        first_revision = state["revision"]
        assert first_revision > 0, state

        # A new main-urban store appears without a reload.
        cluster.ctl("store", "create", f"--merchant={merchants['91320902']}", "--id=tinghu-3",
                    "--name=新洋商场", "--address=测试路3号", "--division=320902",
                    "--township=320902007", "--lat=33.3950", "--lng=120.1500")
        state = wait_for("the new store on the page",
                         lambda: (s := page_state(driver))["stores"] == 5 and s, timeout=20)
        assert state["main_open"] == 4, state
        assert any("新洋商场" in c and "新开门店" in c for c in state["changes"]), state["changes"]
        if with_pledges:
            # A pledge put in force moves the main-urban coverage: 2 of 4.
            cluster.pledge(store_names["tinghu-2"])
            state = wait_for("the coverage to move",
                             lambda: (s := page_state(driver))["coverage_text"] == "50.0%" and s,
                             timeout=20)
            assert state["main_pledged"] == 2, state
            assert any("文峰百货" in c and "承诺生效" in c for c in state["changes"]), state

        # The map follows the feed across a server restart.
        cluster.stop_server()
        wait_for("the map to notice", lambda: cluster.get("healthz")["watching"] is False,
                 timeout=20)
        cluster.start_server()
        store = cluster.ctl("store", "get", f"merchants/{merchants['91320921']}/stores/xiangshui-1")
        cluster.ctl("store", "close", store["name"], f"--etag={store['etag']}",
                    "--reason=停业")
        state = wait_for("the closed store to leave the page",
                         lambda: (s := page_state(driver))["stores"] == 4 and s, timeout=30)
        assert state["main_open"] == 4, state
        assert any("响水家电" in c and "门店关闭" in c for c in state["changes"]), state["changes"]
        assert state["revision"] > first_revision, state

        # Everything the page loaded came from fangxin-map itself.
        urls = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)")
        foreign = [u for u in urls if not u.startswith(cluster.map_url)]
        assert not foreign, f"page loaded from elsewhere: {foreign}"

        artifacts = os.path.join(args.build_dir, "tests", "artifacts")
        os.makedirs(artifacts, exist_ok=True)
        screenshot = os.path.join(artifacts, "map.png")
        time.sleep(2.5)  # let the "fresh" highlight of the last change fade for a clean picture
        driver.save_screenshot(screenshot)
        netns = "in a network namespace" if os.environ.get(IN_NETNS_ENV) else "WITHOUT a namespace"
        print(f"map_browser_test: PASS {netns} ({len(urls)} resources, all local); "
              f"screenshot {screenshot}")
        return 0
    finally:
        if driver is not None:
            driver.quit()
        cluster.stop()
        if os.environ.get("FANGXIN_KEEP_TMP"):
            print(f"map_browser_test: kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build_dir", required=True)
    parser.add_argument("--source_dir", required=True)
    args = parser.parse_args()
    args.build_dir = os.path.abspath(args.build_dir)
    args.source_dir = os.path.abspath(args.source_dir)

    missing = [p for p in ("/usr/bin/chromium", "/usr/bin/chromedriver") if not os.path.exists(p)]
    try:
        import selenium  # noqa: F401  (Debian's python3-selenium)
    except ImportError:
        missing.append("python3-selenium")
    if missing:
        print(f"map_browser_test: SKIPPED: missing {', '.join(missing)} "
              "(deploy/install-deps.sh installs them)")
        return 77

    if os.environ.get(IN_NETNS_ENV) is None and shutil.which("unshare"):
        # Re-run this script inside a new network namespace with only loopback up.
        probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
        if probe.returncode == 0:
            env = dict(os.environ, **{IN_NETNS_ENV: "1"})
            inner = "ip link set lo up && exec " + shlex.join([sys.executable, *sys.argv])
            return subprocess.run(["unshare", "-n", "sh", "-c", inner], env=env).returncode
        print("map_browser_test: NOTE: `unshare -n` is not permitted here; running without a "
              "network namespace (Chromium's resolver rules still block other hosts)")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
