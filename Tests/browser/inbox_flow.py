#!/usr/bin/env python3
"""Drives Hark's web inbox in a real headless Chromium through Selenium 4.

Signs in with a token, filters the inbox, opens one mention (whose text is hostile HTML and must
be shown as literal text, never run), moves its status, assigns it, adds a note, signs out, and
collects the browser console. The page has no JavaScript at all, so everything goes through
plain HTML forms, the way a person would use it.

usage: inbox_flow.py --base http://127.0.0.1:PORT --token TOKEN --out DIR --mention-id ID

Prints one JSON object on stdout:
    {"ok": bool, "steps": [...], "console_errors": [...], "error": "..."}
and exits 0 only when ok (every step passed and the console holds no error).
"""

import argparse
import json
import os
import signal
import sys
import time
import traceback
from urllib.parse import parse_qs, urlparse

from selenium import webdriver
from selenium.common.exceptions import (
    NoAlertPresentException,
    StaleElementReferenceException,
    TimeoutException,
    WebDriverException,
)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
PAGE_LOAD_TIMEOUT = 20  # seconds, per navigation
WAIT = 15  # seconds, per element wait
OVERALL = 150  # seconds for the whole flow; the test that runs this allows 180

# The exact hostile text the test seeds (a prefix of it is enough to recognise it).
HOSTILE_MARK = "<script>alert(1)</script>"


class FlowFailure(Exception):
    pass


class Overall(Exception):
    pass


def check(condition, message):
    if not condition:
        raise FlowFailure(message)


def make_driver():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,900",
        "--lang=en-US",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--password-store=basic",
    ):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "en-US,en", "credentials_enable_service": False})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(CHROMEDRIVER)
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(PAGE_LOAD_TIMEOUT)
    driver.implicitly_wait(0)
    return driver


def path_of(driver):
    return urlparse(driver.current_url).path


def no_alert(driver):
    """True when no JavaScript dialog is open (the hostile text must not have run)."""
    try:
        alert = driver.switch_to.alert
        text = alert.text
        alert.dismiss()
        raise FlowFailure(f"a JavaScript alert is open: {text!r}")
    except NoAlertPresentException:
        return True


def row_ids(driver):
    return [row.get_attribute("data-id") for row in driver.find_elements(By.CSS_SELECTOR, "tr.mention-row")]


def click_and_wait_for_new_page(driver, wait, element):
    """Clicks a submit button or link and waits until the next page replaced this one."""
    old = driver.find_element(By.TAG_NAME, "html")
    element.click()
    # No execute_script anywhere: the page forbids scripts, and the test should see it as a person does.
    wait.until(replaced(old))


def replaced(old):
    """Like EC.staleness_of, but Chromium sometimes answers for a node of the replaced document
    with an inspector error ("does not belong to the document") instead of a stale reference."""

    def condition(_driver):
        try:
            old.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error) or "No node with given id" in str(error):
                return True
            raise

    return condition


def run(args, driver, steps):
    wait = WebDriverWait(driver, WAIT)
    base = args.base.rstrip("/")

    # 1. The inbox sends a stranger to the sign-in page.
    driver.get(base + "/")
    wait.until(EC.presence_of_element_located((By.ID, "token")))
    check(path_of(driver) == "/login", f"/ did not redirect to /login but to {driver.current_url}")
    check(driver.find_elements(By.ID, "sign-in"), "the sign-in button #sign-in is missing")
    steps.append("login_page")

    # 2. Sign in.
    driver.find_element(By.ID, "token").send_keys(args.token)
    click_and_wait_for_new_page(driver, wait, driver.find_element(By.ID, "sign-in"))
    wait.until(EC.presence_of_element_located((By.TAG_NAME, "h1")))
    if not driver.find_elements(By.CSS_SELECTOR, "tr.mention-row"):
        shown = " / ".join(e.text.strip() for e in driver.find_elements(By.CSS_SELECTOR, "h1, p.error") if e.text.strip())
        raise FlowFailure(f"signing in did not open the inbox; the page says {shown!r}")
    check(path_of(driver) == "/", f"signing in led to {driver.current_url}, not the inbox")
    check(not driver.find_elements(By.ID, "token"), "still on the sign-in page after signing in")
    steps.append("signed_in")

    # 3. The inbox: a heading, the rows, the counts.
    heading = driver.find_element(By.TAG_NAME, "h1").text.strip()
    check(heading == "Complaint inbox", f"the inbox heading is {heading!r}")
    all_rows = row_ids(driver)
    check(len(all_rows) >= 2, f"expected the seeded mentions in the inbox, found {len(all_rows)} rows")
    check(all(all_rows), "a row has no data-id")
    check(args.mention_id in all_rows, f"mention {args.mention_id} is not in the inbox rows {all_rows}")
    check(driver.find_elements(By.ID, "overdue-count"), "#overdue-count is missing")
    check(driver.find_elements(By.CSS_SELECTOR, "a.open"), "no a.open links in the inbox")
    steps.append("inbox")

    # 4. Filter by severity through the form.
    Select(driver.find_element(By.ID, "f-severity")).select_by_value("very_dissatisfied")
    click_and_wait_for_new_page(driver, wait, driver.find_element(By.ID, "apply-filters"))
    wait.until(EC.presence_of_element_located((By.ID, "f-severity")))
    query = parse_qs(urlparse(driver.current_url).query)
    check(query.get("severity") == ["very_dissatisfied"], f"the filter is not in the URL: {driver.current_url}")
    chosen = Select(driver.find_element(By.ID, "f-severity")).first_selected_option.get_attribute("value")
    check(chosen == "very_dissatisfied", f"the severity filter did not stay selected ({chosen!r})")
    filtered = row_ids(driver)
    check(filtered, "no rows after filtering by very_dissatisfied")
    check(len(filtered) < len(all_rows), f"filtering did not narrow the rows ({len(all_rows)} -> {len(filtered)})")
    check(set(filtered) <= set(all_rows), f"filtering showed rows not in the inbox: {filtered}")
    check(args.mention_id in filtered, f"mention {args.mention_id} missing after filtering: {filtered}")
    steps.append("filtered")

    driver.save_screenshot(os.path.join(args.out, "inbox.png"))
    steps.append("inbox_screenshot")

    # 5. Open the mention from its link.
    links = [
        a for a in driver.find_elements(By.CSS_SELECTOR, "a.open")
        if (a.get_attribute("href") or "").rstrip("/").endswith("/" + args.mention_id)
    ]
    if links:
        click_and_wait_for_new_page(driver, wait, links[0])
    else:
        driver.get(f"{base}/mentions/{args.mention_id}")
    wait.until(EC.presence_of_element_located((By.ID, "mention-text")))
    check(path_of(driver) == f"/mentions/{args.mention_id}", f"the mention link led to {driver.current_url}")
    steps.append("mention_opened")

    # 6. The hostile text is shown as text: visible literally, escaped in the source, never run.
    text = driver.find_element(By.ID, "mention-text").text
    check(HOSTILE_MARK in text, f"#mention-text does not show the literal markup: {text[:200]!r}")
    check("Nordlys" in text, f"#mention-text lost the complaint: {text[:200]!r}")
    no_alert(driver)
    source = driver.page_source
    check("&lt;script&gt;" in source, "the page source does not hold the escaped &lt;script&gt;")
    check(not driver.find_elements(By.CSS_SELECTOR, "#mention-text script, #mention-text img, main script"),
          "the hostile text became elements")
    steps.append("hostile_text_literal")

    # 7. Move the status.
    before = driver.find_element(By.ID, "status").text.strip()
    moves = Select(driver.find_element(By.ID, "a-status"))
    values = [o.get_attribute("value") for o in moves.options]
    check("acknowledged" in values, f"'acknowledged' is not an allowed move from {before!r}: {values}")
    moves.select_by_value("acknowledged")
    label = moves.first_selected_option.text.strip()
    click_and_wait_for_new_page(driver, wait, driver.find_element(By.ID, "move"))
    wait.until(EC.presence_of_element_located((By.ID, "status")))
    after = driver.find_element(By.ID, "status").text.strip()
    check(after != before and after == label, f"#status went {before!r} -> {after!r}, expected {label!r}")
    check(path_of(driver) == f"/mentions/{args.mention_id}", f"moving led to {driver.current_url}")
    steps.append("status_moved")

    # 8. Assign.
    field = driver.find_element(By.ID, "a-assignee")
    field.clear()
    field.send_keys("kari")
    click_and_wait_for_new_page(driver, wait, driver.find_element(By.ID, "assign"))
    wait.until(EC.presence_of_element_located((By.ID, "assignee")))
    assignee = driver.find_element(By.ID, "assignee").text.strip()
    check(assignee == "kari", f"#assignee shows {assignee!r}, expected 'kari'")
    steps.append("assigned")

    # 9. Add a note (with markup of its own, which must stay text too).
    note = f"Ringte kunden {int(time.time())} <b>ikke fet</b>"
    driver.find_element(By.ID, "a-note").send_keys(note)
    click_and_wait_for_new_page(driver, wait, driver.find_element(By.ID, "add-note"))
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "ul.notes")))
    notes = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "ul.notes li")]
    check(any(note in n for n in notes), f"the note is not in ul.notes: {notes}")
    check(not driver.find_elements(By.CSS_SELECTOR, "ul.notes b"), "the note's markup became elements")
    history = driver.find_element(By.CSS_SELECTOR, "ol.history").text
    check(history.strip(), "ol.history is empty after three changes")
    no_alert(driver)
    steps.append("note_added")

    driver.save_screenshot(os.path.join(args.out, "mention.png"))
    steps.append("mention_screenshot")

    # 10. The customer's page, from the mention's link (recurrence linked it by address).
    wait.until(lambda d: d.find_elements(By.ID, "customer-link") or d.refresh())
    click_and_wait_for_new_page(driver, wait, driver.find_element(By.ID, "customer-link"))
    wait.until(EC.presence_of_element_located((By.ID, "customer-complaints")))
    check(path_of(driver).startswith("/customers/cus_"), f"the customer link led to {driver.current_url}")
    check(args.mention_id in row_ids(driver), f"the customer's mentions lack {args.mention_id}: {row_ids(driver)}")
    check("kunde@example.no" in driver.find_element(By.CSS_SELECTOR, "ul.evidence").text, "the evidence is not shown")
    steps.append("customer_page")

    # 11. Where to act: ranked issues with a reach estimate, trends and a server-drawn chart.
    click_and_wait_for_new_page(driver, wait, driver.find_element(By.ID, "nav-insight"))
    wait.until(EC.presence_of_element_located((By.ID, "reach-note")))
    issues = driver.find_elements(By.CSS_SELECTOR, "table.issues tr.issue-row")
    check(issues, "no issue on the insight page")
    check("26" in driver.find_element(By.ID, "reach-note").text, "the reach note does not name the multiplier")
    check(all(cell.text.startswith("≈") for cell in driver.find_elements(By.CSS_SELECTOR, "tr.issue-row .estimate")),
          "a reach is not shown as an estimate")
    check(driver.find_elements(By.CSS_SELECTOR, "#trends figure svg"), "the trends chart is missing")
    driver.save_screenshot(os.path.join(args.out, "insight.png"))
    steps.append("insight_page")

    # 12. The monthly report: counts, three charts drawn on the server, printable.
    click_and_wait_for_new_page(driver, wait, driver.find_element(By.ID, "nav-report"))
    wait.until(EC.presence_of_element_located((By.ID, "report-month")))
    month = driver.find_element(By.ID, "report-month").text.strip()
    check(len(month) == 7 and month[4] == "-", f"the report's month is {month!r}")
    total = int(driver.find_element(By.ID, "report-total").text.strip())
    check(total >= 2, f"the report counts {total} complaints this month")
    check(len(driver.find_elements(By.CSS_SELECTOR, ".report figure svg")) >= 3, "the report lacks its charts")
    driver.save_screenshot(os.path.join(args.out, "report.png"))
    steps.append("report_page")

    # 13. Sign out: back on the sign-in page, and the inbox is closed again.
    click_and_wait_for_new_page(driver, wait, driver.find_element(By.ID, "sign-out"))
    wait.until(EC.presence_of_element_located((By.ID, "token")))
    check(path_of(driver) == "/login", f"signing out led to {driver.current_url}")
    driver.get(base + "/")
    wait.until(EC.presence_of_element_located((By.ID, "token")))
    check(path_of(driver) == "/login", f"after signing out / showed {driver.current_url}")
    steps.append("signed_out")


def where(driver):
    """Where the browser stands, for a failure message: the URL and the page's title."""
    try:
        return f" (at {driver.current_url}, page {driver.title!r})"
    except Exception:  # noqa: BLE001
        return ""


def console_errors(driver):
    """SEVERE console entries, and any Content-Security-Policy report whatever its level."""
    errors = []
    for entry in driver.get_log("browser"):
        message = entry.get("message", "")
        if entry.get("level") == "SEVERE" or "Content Security Policy" in message or "Content-Security-Policy" in message:
            errors.append({"level": entry.get("level"), "source": entry.get("source"), "message": message})
    return errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="http://127.0.0.1:PORT")
    parser.add_argument("--token", required=True, help="an API token with write access")
    parser.add_argument("--out", required=True, help="directory for the screenshots")
    parser.add_argument("--mention-id", required=True, help="the mention with the hostile text")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    result = {"ok": False, "steps": [], "console_errors": [], "error": ""}

    def out_of_time(signum, frame):
        raise Overall(f"the browser flow took longer than {OVERALL} s")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(OVERALL)
    started = time.monotonic()
    driver = None
    try:
        driver = make_driver()
        result["steps"].append("browser_started")
        run(args, driver, result["steps"])
    except FlowFailure as failure:
        result["error"] = f"{failure}{where(driver)}"
    except TimeoutException as failure:
        result["error"] = f"timed out waiting after step {result['steps'][-1:]}{where(driver)}: {failure.msg or 'no detail'}"
    except (WebDriverException, Overall) as failure:
        result["error"] = f"{type(failure).__name__}: {getattr(failure, 'msg', None) or failure}"
    except Exception as failure:  # noqa: BLE001 - reported in the JSON, never swallowed silently
        result["error"] = "".join(traceback.format_exception_only(type(failure), failure)).strip()
    finally:
        if driver is not None:
            try:
                result["console_errors"] = console_errors(driver)
            except Exception as failure:  # noqa: BLE001
                if not result["error"]:
                    result["error"] = f"could not read the browser console: {failure}"
            if result["error"]:
                try:
                    driver.save_screenshot(os.path.join(args.out, "failure.png"))
                except Exception:  # noqa: BLE001
                    pass
            try:
                driver.quit()
            except Exception:  # noqa: BLE001
                pass
        signal.alarm(0)

    if not result["error"] and result["console_errors"]:
        result["error"] = f"{len(result['console_errors'])} error(s) in the browser console"
    result["ok"] = not result["error"]
    result["seconds"] = round(time.monotonic() - started, 1)
    print(json.dumps(result, ensure_ascii=False))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
