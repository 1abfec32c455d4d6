import pytest

from tests.helpers import make_content, make_programme, make_recommendation

DRIVERS = ("safety", "remote", "supply", "green")


@pytest.fixture
def catalogue(db):
    """Four drivers of three questions; band advice for starting and developing and advice on the first
    question of each driver; a programme for England, one for Scotland and a closed one."""
    content = make_content(drivers=DRIVERS, questions_per_driver=3)
    england = make_programme("england-scheme", regions=["north-west", "london"], drivers=content.drivers)
    scotland = make_programme("scottish-scheme", regions=["scotland"], drivers=content.drivers[:1])
    make_programme("closed-scheme", active=False)
    for driver in content.drivers:
        for band in ("starting", "developing"):
            make_recommendation(content.questionnaire, driver, band=band, programmes=[england, scotland])
        make_recommendation(content.questionnaire, driver, question=content.questions_of(driver.code)[0])
    return content
