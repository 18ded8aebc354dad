"""The sign-in page as a browser shows it."""
import os

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


def label_text_for(driver, element):
    """Text of the <label> that labels element (for= its id, or wrapping it)."""
    element_id = element.get_attribute("id")
    if element_id:
        labels = driver.find_elements(By.CSS_SELECTOR, f'label[for="{element_id}"]')
        if labels:
            return labels[0].text
    wrapping = element.find_elements(By.XPATH, "ancestor::label")
    if wrapping:
        return wrapping[0].text
    return element.get_attribute("aria-label") or ""


def test_login_page_renders(browser, base_url, screenshot_dir, console_errors):
    browser.get(f"{base_url}/login")
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.NAME, "email")))

    assert "Sign in" in browser.title, browser.title

    email = browser.find_element(By.NAME, "email")
    password = browser.find_element(By.NAME, "password")
    assert email.is_displayed() and password.is_displayed()
    assert password.get_attribute("type") == "password"
    assert "Email" in label_text_for(browser, email)
    assert "Password" in label_text_for(browser, password)

    buttons = [b for b in browser.find_elements(By.CSS_SELECTOR, "button, input[type=submit]")
               if "Sign in" in (b.text or b.get_attribute("value") or "")]
    assert buttons, "no 'Sign in' button"
    assert buttons[0].is_displayed()

    # The stylesheet is loaded and applied.
    sheets = browser.execute_script(
        "return Array.from(document.styleSheets).map(s => s.href || '')")
    assert any(href.endswith("/static/css/portal.css") for href in sheets), sheets
    rule_count = browser.execute_script("""
        for (const s of document.styleSheets) {
            if ((s.href || '').endsWith('/static/css/portal.css')) {
                try { return s.cssRules.length; } catch (e) { return -1; }
            }
        }
        return 0;""")
    assert rule_count > 0, f"portal.css has no rules ({rule_count})"
    font = browser.execute_script("return getComputedStyle(document.body).fontFamily")
    assert "times" not in font.lower() and font.strip().lower() not in ("serif", ""), font

    browser.save_screenshot(os.path.join(screenshot_dir, "login.png"))

    errors = console_errors(browser)
    assert not errors, f"console errors: {errors}"
