"""axe-core (through axe-playwright-python) on the page open in the browser."""

from axe_playwright_python.sync_playwright import Axe

SERIOUS = {"serious", "critical"}


def serious_violations(page):
    """The axe-core rules the page breaks with a serious or critical impact, with their targets."""
    results = Axe().run(page)
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]
