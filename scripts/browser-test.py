#!/usr/bin/env python3
"""Browser test of the review page: headless Chromium signs in with a moderator key, sees a
flagged claim, approves it with the keyboard, and the account's balance changes.

Usage: scripts/browser-test.py BASE_URL DATA_DIR PLATEPROOF
(scripts/browser-test.sh starts the server and passes these.)
"""
import json
import subprocess
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

base, data, plateproof = sys.argv[1:4]


def key(role, name):
    out = subprocess.run([plateproof, "keys", "create", "--role", role, "--name", name, "--data", data, "--json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["key"]


def api(path, key, body=None, idempotency=None):
    request = urllib.request.Request(base + path, data=body, method="POST" if body else "GET")
    request.add_header("Authorization", f"Bearer {key}")
    if body:
        request.add_header("Content-Type", "image/jpeg")
        request.add_header("Idempotency-Key", idempotency)
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def wait_for(condition, what, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    sys.exit(f"browser test: timed out waiting for {what}")


uploader, moderator = key("uploader", "backend"), key("moderator", "mia")
photo = open("TestImages/plates/synthetic-clean.jpg", "rb").read()
# The same photo claimed by two accounts: the second is flagged as a duplicate for review.
first = api("/v1/claims?account=alice", uploader, photo, "first")
wait_for(lambda: api(f"/v1/claims/{first['claim_id']}", uploader)["status"] == "approved", "the first claim's approval")
flagged = api("/v1/claims?account=bob", uploader, photo, "second")["claim_id"]
wait_for(lambda: api(f"/v1/claims/{flagged}", uploader)["status"] == "review", "the duplicate to be flagged")
assert api("/v1/accounts/bob", uploader)["balance"] == 0

options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
    options.add_argument(argument)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
try:
    driver.get(base + "/review")
    driver.find_element(By.NAME, "key").send_keys(moderator)
    driver.find_element(By.CSS_SELECTOR, "form[action='/review/login'] button").click()
    card = WebDriverWait(driver, 20).until(
        expected_conditions.presence_of_element_located((By.ID, f"claim-{flagged}")))
    assert "selected" in card.get_attribute("class"), "the first claim is not selected"
    assert "duplicate_photo" in card.text, card.text
    evidence = driver.find_element(By.CSS_SELECTOR, f"#claim-{flagged} img")
    assert driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", evidence), \
        "the evidence image did not load"
    driver.find_element(By.TAG_NAME, "body").send_keys("a")
    WebDriverWait(driver, 20).until(expected_conditions.staleness_of(card))
    WebDriverWait(driver, 20).until(lambda d: "Nothing is waiting for review" in d.page_source)
finally:
    driver.quit()

balance = wait_for(lambda: api("/v1/accounts/bob", uploader)["balance"], "bob's credit")
assert balance == 200, balance
claim = api(f"/v1/claims/{flagged}", uploader)
assert claim["status"] == "approved", claim
assert "moderator:verified_clean" in claim["reasons"], claim
print(f"browser test: claim {flagged} approved with the keyboard; bob's balance is {balance}")
