"""An area page on a phone, in Debian Chromium at 390 × 844: four questions of realistic length
(the median lengths of the built-in v3: these four are its median questions) fill no more than three
screens, header and footer included. Each area here is one page, so each page carries the most an
area page can: the answer rule in full, the save note, four questions and the importance question,
and the second also the "saved" message from the first."""

import pytest

from tests.helpers import make_assessment, make_driver, make_question, make_questionnaire

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
SCREENS = 3.0
QUESTIONS = [
    (
        "How do your main customers share their forecasts and delivery schedules?",
        "EDI (electronic data interchange) sends orders and schedules straight from their system into yours.",
        [
            "Customers send firm orders only.",
            "Schedules arrive now and then as emailed spreadsheets or PDFs and are retyped.",
            "Key customers send forecasts on an agreed date in an agreed format, and we enter them into our plan.",
            "Key customers' schedules load into our system by EDI or portal without retyping.",
            "Forecasts and stock targets are agreed and reviewed with key customers.",
        ],
    ),
    (
        "When a machine breaks down, how do you get help from engineers who are not on site?",
        "Remote diagnosis can save a day's wait for a visit. Approved connections that are switched on only "
        "when needed are safer than permanently open links.",
        [
            "Production waits for an engineer to visit.",
            "Operators send photos or videos from personal phones.",
            "Staff use video calls on company devices.",
            "Approved remote-support links for critical machines are switched on only when needed.",
            "Every remote session is logged, and engineers can see live machine data during it.",
        ],
    ),
    (
        "How far have you looked at replacing gas or oil with electric or renewable energy?",
        "Heat pumps, electric ovens and on-site solar can cut emissions and exposure to fuel prices. Plan "
        "switches for when equipment is due for renewal.",
        [
            "We have not looked at it.",
            "We know which equipment burns gas or oil, and how much.",
            "We have had advice on electric or renewable options.",
            "A costed plan replaces at least one fossil-fuel system at its next renewal.",
            "At least one major fossil-fuel system has already been replaced, or the site uses no gas or oil at all.",
        ],
    ),
    (
        "How do you plan shifts and cover absence?",
        "A rota is the shift plan. Knowing early who is off, and who can safely cover, keeps output steady "
        "and untrained people off machines.",
        [
            "Shifts are arranged day to day; whoever is free covers absence.",
            "A paper or whiteboard rota is planned at least a week ahead.",
            "A shared rota shows planned leave, so managers see gaps in advance.",
            "Staff report absence through an app or system that updates the rota and alerts the supervisor.",
            "The rota checks the skills matrix and flags uncovered key roles before the shift starts.",
        ],
    ),
]


def make_questionnaire_of_median_questions():
    questionnaire = make_questionnaire(version=1)
    areas = [("safety", "Health & safety", "Safe people and machines"), ("supply", "Supply chain", "Forecasting")]
    for order, (code, name, subtitle) in enumerate(areas, start=1):
        driver = make_driver(code, name=name, order=order, subtitle=subtitle)
        for number, (text, hint, labels) in enumerate(QUESTIONS, start=1):
            question = make_question(questionnaire, driver, f"{code}-{number:02d}", order=number, help_text=hint)
            question.text = text
            question.save()
            for option, label in zip(question.options.filter(kind="scored").order_by("level"), labels, strict=True):
                option.label = label
                option.save()
    return questionnaire


def test_an_area_page_of_four_questions_is_at_most_three_phone_screens(live_server, chromium):
    _assessment, token = make_assessment(make_questionnaire_of_median_questions())
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/assessments/{token}/safety/")
    screens = {}
    for code in ("safety", "supply"):
        assert page.url.endswith(f"/{code}/")
        assert page.locator(".question:not(.importance)").count() == 4 and page.locator(".importance").count() == 1
        assert (page.locator(".messages").count() == 1) == (code == "supply")  # "… are saved", from the first
        screens[code] = round(page.evaluate("document.documentElement.scrollHeight") / PHONE["height"], 2)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        for group in page.locator(".question:not(.importance) fieldset").all():
            group.locator("input[type=radio]").nth(2).check()
        page.get_by_label("3 – Important").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Save and continue").click()
    context.close()
    assert {code: s for code, s in screens.items() if s > SCREENS} == {}, screens
