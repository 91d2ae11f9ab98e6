"""pytest plugin: report a skipped test as a failure, so that nothing that did not run counts as
passing (the e2e suite's conftest applies the same policy)."""

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped tests count as failures (add it to exclusions.txt instead): {reason}"
