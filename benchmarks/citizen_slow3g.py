"""How fast the citizen pages become usable on "Slow 3G" (DESIGN §8: the report form within 3 s).

Drives Debian's Chromium through Playwright with Chrome DevTools network throttling: 2 s round
trips, 400 kbit/s down and up, a cold cache each run. Reports, per page, the median and worst of
N loads: bytes transferred, time to DOMContentLoaded (the form can be typed into: there is no
blocking stylesheet or script) and to the load event.

Usage, against a running portal (for example `make run` in another terminal):

    .venv/bin/python benchmarks/citizen_slow3g.py --base http://127.0.0.1:8000 --runs 5
"""

import argparse
import statistics

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SLOW_3G = {
    "offline": False,
    "latency": 2000,  # ms per round trip
    "downloadThroughput": 400 * 1000 / 8,  # bytes per second
    "uploadThroughput": 400 * 1000 / 8,
}
PAGES = ["/", "/report/", "/track/"]


def measure(browser, url: str) -> dict:
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    transferred = 0

    def on_finished(event):
        nonlocal transferred
        transferred += event.get("encodedDataLength", 0)

    cdp.on("Network.loadingFinished", on_finished)
    page.goto(url, wait_until="load", timeout=60_000)
    timing = page.evaluate(
        "() => { const t = performance.getEntriesByType('navigation')[0];"
        " return {dcl: t.domContentLoadedEventEnd, load: t.loadEventEnd}; }"
    )
    context.close()
    return {"bytes": transferred, "dcl": timing["dcl"] / 1000, "load": timing["load"] / 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        print(f"Slow 3G (2 s RTT, 400 kbit/s), {args.runs} cold loads each, {args.base}")
        print(f"{'page':<10} {'bytes':>8} {'DCL median':>11} {'DCL worst':>10} {'load median':>12}")
        for path in PAGES:
            runs = [measure(browser, args.base + path) for _ in range(args.runs)]
            dcl = [r["dcl"] for r in runs]
            load = [r["load"] for r in runs]
            print(
                f"{path:<10} {runs[0]['bytes']:>8} {statistics.median(dcl):>10.2f}s "
                f"{max(dcl):>9.2f}s {statistics.median(load):>11.2f}s"
            )
        browser.close()


if __name__ == "__main__":
    main()
