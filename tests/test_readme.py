"""The README's usage example runs and gives what it shows."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_usage_example() -> None:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"<!-- usage-start -->\n```pycon\n(.*?)```\n<!-- usage-end -->", text, re.S)
    assert block is not None, "README has no usage example between its markers"
    parser = doctest.DocTestParser()
    test = parser.get_doctest(block.group(1), {}, "README.md", str(README), 0)
    assert len(test.examples) >= 5
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    result = runner.run(test)
    assert result.failed == 0
