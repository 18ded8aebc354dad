"""Issue 13, the API docs read as docs: /docs shows the OpenAPI document's Markdown as HTML, and
/docs/try runs Swagger UI (from the swagger-ui-py package, served by nginx) over the same document.

A customer made with `vpsctl customer create` signs in, opens the reference, follows its link to
the try-it page and runs `GET /api/v1/me` with Swagger UI's own "Try it out" and "Execute"
buttons: the answer is 200 with their email, authenticated by the session cookie alone. Then
`POST /api/v1/tokens` (an unsafe request, which the API accepts from a cookie session only with
the session's CSRF token) answers 201: the page's initialiser added the token. No console
errors, no CSP violations; screenshots of each step."""
import json
import os

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from portal import alert_text, click_and_wait, fill, submit, unique_email, vpsctl

PASSWORD = "a customer password to try the api"


def shot(browser, directory, name):
    browser.save_screenshot(os.path.join(directory, f"try-api-{name}.png"))


def scroll_to(browser, element):
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)


def live_response(browser, operation):
    """(status, body) of the answer Swagger UI shows under `operation`, or None while it has none."""
    try:
        block = browser.find_element(By.ID, operation)
        status = block.find_elements(By.CSS_SELECTOR, ".live-responses-table .response .response-col_status")
        body = block.find_elements(By.CSS_SELECTOR, ".live-responses-table .response-col_description pre")
        if not status or not body or not status[0].text.strip():
            return None
        return status[0].text.strip(), body[0].text
    except WebDriverException:
        return None


def execute(browser, operation):
    """Opens `operation`, presses "Try it out" and "Execute" and waits for Swagger UI's answer."""
    block = WebDriverWait(browser, 20).until(lambda d: d.find_element(By.ID, operation))
    scroll_to(browser, block)
    block.find_element(By.CSS_SELECTOR, ".opblock-summary-control").click()
    try_out = WebDriverWait(browser, 10).until(lambda d: d.find_element(By.ID, operation).find_element(By.CSS_SELECTOR, "button.try-out__btn"))
    scroll_to(browser, try_out)
    try_out.click()
    run = WebDriverWait(browser, 10).until(lambda d: d.find_element(By.ID, operation).find_element(By.CSS_SELECTOR, "button.execute"))
    scroll_to(browser, run)
    run.click()
    answer = WebDriverWait(browser, 20).until(lambda d: live_response(d, operation))
    scroll_to(browser, browser.find_element(By.ID, operation).find_element(By.CSS_SELECTOR, ".live-responses-table"))
    return answer


# Runs before any script of every page: records what the Content-Security-Policy refused.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (event) {
  window.__cspViolations.push(event.violatedDirective + ' ' + (event.blockedURI || '') + ' ' + (event.sourceFile || ''));
});
"""


def test_signed_in_customer_tries_requests_through_swagger_ui(browser, base_url, screenshot_dir, console_errors):
    recorder = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_CSP_VIOLATIONS})
    try:
        story(browser, base_url, screenshot_dir, console_errors)
    finally:
        browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": recorder["identifier"]})


def story(browser, base_url, screenshot_dir, console_errors):
    email = unique_email("try-api")
    vpsctl("customer", "create", "--email", email, "--name", "Try API", stdin=PASSWORD + "\n")
    browser.get(base_url + "/login")
    fill(browser, email=email, password=PASSWORD)
    submit(browser)
    assert browser.current_url.endswith("/my"), f"{browser.current_url} {alert_text(browser)}"

    # The reference: descriptions are HTML (code spans, paragraphs), no Markdown shows raw.
    browser.get(base_url + "/docs")
    main = browser.find_element(By.TAG_NAME, "main")
    assert "`" not in main.text, "a raw backtick is shown on /docs"
    codes = [element.text for element in main.find_elements(By.CSS_SELECTOR, ".api-markdown code")]
    assert "Authorization: Bearer <token>" in codes, codes[:10]
    shot(browser, screenshot_dir, "1-reference")

    click_and_wait(browser, browser.find_element(By.ID, "try-api-link"))
    assert browser.current_url == base_url + "/docs/try", browser.current_url
    assert email in browser.find_element(By.ID, "try-api-identity").text
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#swagger-ui .opblock"))
    title = browser.find_element(By.CSS_SELECTOR, "#swagger-ui .info .title").text
    assert title.startswith("VPS Portal API"), title
    shot(browser, screenshot_dir, "2-swagger-ui")

    status, body = execute(browser, "operations-Tokens-me")
    assert status == "200", (status, body)
    assert json.loads(body)["email"] == email, body
    shot(browser, screenshot_dir, "3-get-me")

    # An unsafe request from the same page: the interceptor sends the session's CSRF token.
    status, body = execute(browser, "operations-Tokens-createToken")
    assert status == "201", (status, body)
    assert json.loads(body)["token"].startswith("vps_"), body
    shot(browser, screenshot_dir, "4-create-token")
    made = json.loads(body)
    assert made["name"] == "deploy script" and made["scope"] == "read", body

    violations = browser.execute_script("return window.__cspViolations")
    assert violations == [], f"the page's CSP refused: {violations}"
    errors = console_errors(browser)
    assert not errors, f"console errors on the try-it page: {errors}"

    # The same request from this page without the token is refused: the 201 above was the interceptor's doing.
    refused = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        fetch('/api/v1/tokens', {method: 'POST', headers: {'Content-Type': 'application/json'},
                                 body: JSON.stringify({name: 'no csrf', scope: 'read'})})
            .then(response => done(response.status), error => done(String(error)));
    """)
    assert refused == 403, refused
