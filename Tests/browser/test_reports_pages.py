"""Report pages in the browser: an enrolled admin opens every report from the menu, each chart's
bars and points carry exactly the cells of the table beside them, a bad field is named next to
it, and a screenshot of each report is saved."""
import os


from selenium.webdriver.common.by import By

from admin_session import enrolled_admin

KINDS = ["mrr", "revenue", "receivables", "churn", "profit", "capacity"]


def charts_match_tables(browser):
    """Every data-value of every chart equals the cell of its table (same series column, same row)."""
    checked = 0
    for section in browser.find_elements(By.CSS_SELECTOR, "section.report-table"):
        columns = [th.get_attribute("data-column") for th in section.find_elements(By.CSS_SELECTOR, "table.report-data thead th")]
        rows = [[td.get_attribute("data-value") for td in tr.find_elements(By.TAG_NAME, "td")]
                for tr in section.find_elements(By.CSS_SELECTOR, "table.report-data tbody tr")]
        for svg in section.find_elements(By.CSS_SELECTOR, "svg.chart"):
            assert svg.get_attribute("role") == "img"
            for mark in svg.find_elements(By.CSS_SELECTOR, "[data-value]"):
                series, row = mark.get_attribute("data-series"), int(mark.get_attribute("data-row"))
                assert rows[row][columns.index(series)] == mark.get_attribute("data-value"), (series, row)
                checked += 1
    return checked


def test_every_report_page_shows_charts_that_match_its_tables(browser, base_url, screenshot_dir, console_errors):
    enrolled_admin(browser, base_url, name="Reports Admin")
    browser.get(base_url + "/admin")
    browser.find_element(By.LINK_TEXT, "Reports").click()
    assert browser.current_url.endswith("/admin/reports"), browser.current_url
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#reports a")]
    assert [link.rsplit("/", 1)[1] for link in links] == KINDS
    browser.save_screenshot(os.path.join(screenshot_dir, "reports-index.png"))

    try:
        for kind in KINDS:
            look_at_report(browser, base_url, screenshot_dir, kind)
    finally:
        browser.set_window_size(1280, 900)
    assert console_errors(browser) == []


def look_at_report(browser, base_url, screenshot_dir, kind):
    browser.get(f"{base_url}/admin/reports/{kind}?group=month")
    alerts = browser.find_elements(By.ID, "report-alert")
    assert not alerts, f"{kind}: {alerts[0].text}"
    assert browser.find_elements(By.CSS_SELECTOR, "section.report-table"), kind
    assert browser.find_elements(By.CSS_SELECTOR, "svg.chart title"), kind
    charts_match_tables(browser)
    browser.set_window_size(1280, max(900, browser.execute_script("return document.body.scrollHeight")))
    browser.save_screenshot(os.path.join(screenshot_dir, f"report-{kind}.png"))
    csv = browser.find_element(By.CSS_SELECTOR, "section.report-table a[download]").get_attribute("href")
    assert f"/admin/reports/{kind}/csv?table=" in csv


def test_a_bad_field_is_named_next_to_it(browser, base_url, screenshot_dir):
    enrolled_admin(browser, base_url, name="Reports Admin")
    browser.get(base_url + "/admin/reports/revenue?from=2026-02-30&group=year")
    assert browser.find_element(By.ID, "from-error").text == "must be a date like 2026-01-31"
    assert browser.find_element(By.ID, "group-error").text == "must be one of day, week, month"
    assert browser.find_element(By.ID, "from").get_dom_attribute("value") == "2026-02-30"
    browser.save_screenshot(os.path.join(screenshot_dir, "report-bad-field.png"))
