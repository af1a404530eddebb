"""The customer profile in headless Chromium through nginx, by keyboard alone: from the listing to the
profile, through every tab by its link, to a policy and a credit and back; and "+ Create credit" as an
officer, refused with a message beside the field and then accepted, without JavaScript."""

from __future__ import annotations

import re

import pytest

from support import SEEDED_CUSTOMERS, next_page
from test_browser import browser, chrome, console_errors, log_in  # noqa: F401  (browser: the module's Chromium)

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

TABS = ["Profile", "Documents", "Addresses", "Employment", "Additional", "Contacts", "Service", "AML", "Risk",
        "Portfolio", "Payments", "Claims", "Credits", "Notes", "Files", "Audit"]


def focused(driver):
    return driver.switch_to.active_element


def press(driver, *keys):
    ActionChains(driver).send_keys(*keys).perform()


def tab_to(driver, wanted, limit: int = 400):
    """Presses Tab until the focused element satisfies `wanted` (a function of the element), and returns it."""
    for _ in range(limit):
        press(driver, Keys.TAB)
        element = focused(driver)
        if wanted(element):
            return element
    pytest.fail("Tab never reached the wanted element")


def href_matches(pattern: str):
    return lambda element: re.search(pattern, element.get_attribute("href") or "") is not None


def first_customer_with(stack, tab: str, prefix: str) -> str:
    for number in range(1, SEEDED_CUSTOMERS + 1):
        customer = f"CUST{number:07d}"
        if f'href="{prefix}' in stack.get(f"/customers/{customer}/{tab}").text:
            return customer
    pytest.fail(f"no seeded customer has a {prefix} link on {tab}")


def test_from_the_listing_through_every_tab_to_a_policy_and_a_credit_by_keyboard(stack, browser):
    customer = first_customer_with(stack, "credits", "/credits/")
    assert first_customer_with(stack, "portfolio", "/policies/")
    browser.get(stack.url(f"/customers?section=all&id_from={customer}&id_to={customer}"))
    link = tab_to(browser, href_matches(rf"/customers/{customer}$"))
    assert link.text == customer, "the ID in the row is the link the keyboard reaches"
    with next_page(browser):
        press(browser, Keys.ENTER)
    assert browser.current_url.endswith(f"/customers/{customer}")
    assert f"{customer} ·" in browser.title and browser.title.split(" · ")[-2] == "Profile"

    for label in TABS[1:]:
        tab = tab_to(browser, lambda element, label=label: element.tag_name == "a"
                     and element.text.split(" (")[0] == label
                     and "profile-tabs" in element.find_element(By.XPATH, "..").get_attribute("class"))
        with next_page(browser):
            press(browser, Keys.ENTER)
        current = browser.find_element(By.CSS_SELECTOR, ".profile-tabs a[aria-current=page]")
        assert current.text.split(" (")[0] == label
        assert browser.find_element(By.ID, "tab-heading").text == label
        assert browser.title.split(" · ")[-2] == label
        if label == "Credits":
            credit = tab_to(browser, href_matches(r"/credits/CR"))
            number = credit.get_attribute("href").rsplit("/", 1)[1]
            with next_page(browser):
                press(browser, Keys.ENTER)
            assert browser.current_url.endswith(f"/credits/{number}")
            assert "Payment schedule" in browser.page_source
            back = tab_to(browser, href_matches(rf"/customers/{customer}/credits$"))
            with next_page(browser):
                press(browser, Keys.ENTER)
            assert browser.current_url.endswith(f"/customers/{customer}/credits")
    assert console_errors(browser) == []


def test_a_policy_is_reached_from_the_portfolio_by_keyboard_and_links_back(stack, browser):
    customer = first_customer_with(stack, "portfolio", "/policies/")
    browser.get(stack.url(f"/customers/{customer}/portfolio"))
    policy = tab_to(browser, href_matches(r"/policies/"))
    number = policy.get_attribute("href").rsplit("/", 1)[1]
    with next_page(browser):
        press(browser, Keys.ENTER)
    assert browser.current_url.endswith(f"/policies/{number}")
    assert "Parties" in browser.page_source
    holder = tab_to(browser, href_matches(rf"/customers/{customer}$"))
    with next_page(browser):
        press(browser, Keys.ENTER)
    assert browser.current_url.endswith(f"/customers/{customer}")


def test_a_click_anywhere_on_a_listing_row_opens_the_profile(stack, browser):
    browser.get(stack.url("/customers?section=all"))
    row = browser.find_elements(By.CSS_SELECTOR, "#results tbody tr")[2]
    target = row.get_attribute("data-href")
    with next_page(browser):
        row.find_elements(By.CSS_SELECTOR, "td")[1].click()
    assert browser.current_url.endswith(target)


def test_an_officer_requests_a_credit_by_keyboard_without_javascript(stack):
    driver = chrome(*stack.auth("officer"))
    try:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
        customer = "CUST0000002"
        driver.get(stack.url(f"/customers/{customer}"))
        tab_to(driver, lambda element: element.text == "+ Create credit")
        with next_page(driver):
            press(driver, Keys.ENTER)
        assert driver.current_url.endswith(f"/customers/{customer}/credits/new")
        product = tab_to(driver, lambda element: element.get_attribute("name") == "product")
        product.send_keys("Microloan")
        amount = tab_to(driver, lambda element: element.get_attribute("name") == "amount")
        amount.send_keys("twelve")  # refused: no amount
        currency = tab_to(driver, lambda element: element.get_attribute("name") == "currency")
        currency.send_keys(Keys.CONTROL, "a")
        currency.send_keys("GMD")
        term = tab_to(driver, lambda element: element.get_attribute("name") == "term_months")
        term.send_keys("12")
        press(driver, Keys.ENTER)
        WebDriverWait(driver, 10).until(lambda d: "field-problem" in d.page_source, driver.page_source[-1500:])
        problem = driver.find_element(By.ID, "amount-problem")
        assert "like 2500" in problem.text
        assert driver.find_element(By.NAME, "term_months").get_attribute("value") == "12", "typed values are kept"
        amount = driver.find_element(By.NAME, "amount")
        amount.clear()
        amount.send_keys("12500")
        amount.send_keys(Keys.ENTER)
        WebDriverWait(driver, 10).until(lambda d: "requested=" in d.current_url, driver.page_source[-1500:])
        assert re.search(rf"/customers/{customer}/credits\?requested=CR\d+$", driver.current_url)
        assert "requested." in driver.find_element(By.CSS_SELECTOR, "[role=status]").text
        assert "Requested" in driver.page_source
    finally:
        driver.quit()
