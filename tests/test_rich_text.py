"""Staff-written Markdown (rich_text.py): cleaned to a short allowlist, and never a way for the report
to carry or fetch anything, a `data:` URI of any size included."""

import pytest
from django.core.exceptions import ValidationError

from assessments.rich_text import MAX_LENGTH, render, validate_rich_text
from assessments.templatetags.readiness import rich

PIXEL = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="  # noqa: E501


@pytest.mark.parametrize(
    ("markdown", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src="http://169.254.169.254/">', "<img"),
        ("[click](javascript:alert(1))", "javascript:"),
        ('<a href="file:///etc/passwd">x</a>', "file:"),
        ('<p style="font-size:99999px">big</p>', "style="),
        ("<iframe src=https://example.com></iframe>", "<iframe"),
    ],
)
def test_admin_markdown_is_cleaned_to_the_allowlist(markdown, forbidden):
    assert forbidden not in rich(markdown)


def test_admin_markdown_keeps_emphasis_lists_and_https_links():
    html = rich("**Do this** first:\n\n- one\n- [guide](https://www.hse.gov.uk)")
    assert "<strong>Do this</strong>" in html and "<li>" in html and 'href="https://www.hse.gov.uk"' in html


@pytest.mark.parametrize(
    "markdown",
    [
        f"![chart]({PIXEL})",
        f'<img src="{PIXEL}">',
        f"[open]({PIXEL})",
        f'<a href="{PIXEL}">open</a>',
        "[page](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        f"![big](data:image/png;base64,{'A' * 4000})",
    ],
)
def test_a_data_uri_in_rich_text_is_dropped_whatever_its_size(markdown):
    assert "data:" not in render(markdown)


def test_rich_text_longer_than_its_cap_is_refused_so_no_uri_in_it_can_be_large():
    with pytest.raises(ValidationError, match="Keep this under"):
        validate_rich_text(f"[x](https://example.org/{'a' * MAX_LENGTH})")


def test_rich_text_at_its_cap_is_accepted():
    validate_rich_text("a" * MAX_LENGTH)
