"""Rate limits counted in the cache (the resume e-mail's limits: journey/test_mail.py)."""

from assessments import limits


def test_uses_within_the_limit_pass_and_the_next_does_not():
    assert [limits.hit("k", 2, 60) for _ in range(3)] == [True, True, False]


def test_each_key_has_its_own_count():
    limits.hit("a", 1, 60)
    assert limits.hit("b", 1, 60)
