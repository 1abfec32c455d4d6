"""A small question on the profile form once a network has started a few assessments in an hour
(limits "start_unchallenged"): no JavaScript, no third party, one field a firm barely notices.

A script can answer it. What stops a flood is the hard limit on starts per network (limits
"start"), and made-up assessments held out of the figures (insights.peers.screen); the question
makes each start past the threshold cost a round trip and some parsing, and turns away the
crudest scripts. The question travels signed with the form (nothing is stored), expires after an
hour and is accepted once.
"""

import secrets

from django import forms
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext, gettext_lazy

SALT = "journey.challenge"
MAX_AGE = 3600
ANSWER, TOKEN = "challenge_answer", "challenge_token"
NUMBERS = [
    gettext_lazy("one"),
    gettext_lazy("two"),
    gettext_lazy("three"),
    gettext_lazy("four"),
    gettext_lazy("five"),
    gettext_lazy("six"),
    gettext_lazy("seven"),
    gettext_lazy("eight"),
    gettext_lazy("nine"),
]
WRONG = gettext_lazy("Enter the answer to the question in figures, for example 12.")


def _read(token):
    try:
        a, b, nonce = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return int(a), int(b), str(nonce)


def attach(form):
    """Adds the question to a form, before its buttons: the one it was asked, when its signed token
    came back with the post, or a new one (then any answer posted is to another question)."""
    asked = _read(form.data.get(TOKEN, "")) if form.is_bound else None
    fresh = asked is None
    if fresh:
        asked = (1 + secrets.randbelow(9), 1 + secrets.randbelow(9), secrets.token_urlsafe(9))
        if form.is_bound:  # the hidden field shows the posted value: make it the new question's
            form.data = form.data.copy()
            form.data[TOKEN] = signing.dumps(list(asked), salt=SALT)
    a, b, nonce = asked
    form.challenge_nonce = nonce

    def right(value):
        if fresh or value != a + b:
            raise forms.ValidationError(WRONG)

    question = gettext("What is %(a)s plus %(b)s? Answer in figures.") % {"a": NUMBERS[a - 1], "b": NUMBERS[b - 1]}
    form.fields[ANSWER] = forms.IntegerField(
        label=question,
        help_text=gettext("We ask this when many assessments start from one connection, to keep out automated ones."),
        error_messages={"required": WRONG, "invalid": WRONG},
        validators=[right],
    )
    form.fields[TOKEN] = forms.CharField(widget=forms.HiddenInput, required=False)
    form.initial[TOKEN] = signing.dumps(list(asked), salt=SALT) if not form.is_bound else None
    layout = form.helper.layout
    layout.insert(len(layout.fields) - 1, TOKEN)  # before the button
    layout.insert(len(layout.fields) - 1, ANSWER)
    return form


def spend(form):
    """Accepts a correctly answered question once: False when it was used already."""
    return cache.add(f"challenge:{form.challenge_nonce}", 1, MAX_AGE)
