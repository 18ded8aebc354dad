"""nginx's limit_req guards the credential routes before the workers see them."""
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def post(url):
    request = urllib.request.Request(url, data=b"{", method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_burst_of_login_posts_gets_429_from_nginx(base_url):
    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(post, [base_url + "/api/v1/auth/login"] * 80))
    assert 429 in statuses, statuses
    assert all(status in (400, 429) for status in statuses), statuses
    # Viewing the login page is never limited.
    with urllib.request.urlopen(base_url + "/login", timeout=10) as response:
        assert response.status == 200
    time.sleep(3)  # let the bucket refill for the tests that sign in next
