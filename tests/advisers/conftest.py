"""One small world for the advisers tests: a questionnaire, two organisations serving Wales (A and
B), their advisers, and a Welsh firm that has submitted."""

import pytest
from django.urls import reverse

from tests.helpers import make_adviser, make_content, make_organisation, submit_firm


@pytest.fixture
def content(db):
    return make_content(drivers=("safety", "remote"), questions_per_driver=2)


@pytest.fixture
def org_a(db):
    return make_organisation("Business Wales North", regions=["wales"], inbox="north@wales.example")


@pytest.fixture
def org_b(db):
    return make_organisation("Business Wales South", regions=["wales"], inbox="south@wales.example")


@pytest.fixture
def adviser_a(org_a):
    return make_adviser(org_a, "alys", first_name="Alys", last_name="Jones")


@pytest.fixture
def adviser_b(org_b):
    return make_adviser(org_b, "bryn", first_name="Bryn", last_name="Evans")


@pytest.fixture
def firm(content):
    """(assessment, token): a firm in Wales that answered every question at level 2 and submitted."""
    return submit_firm(content.questionnaire, level=2, region="wales", company_name="Dyfi Metalwork Ltd")


def firm_url(name, share, **kwargs):
    return reverse(f"advisers:{name}", kwargs={"share_id": share.public_id, **kwargs})


def token_url(name, token, **kwargs):
    return reverse(f"advisers:{name}", kwargs={"token": token, **kwargs})
