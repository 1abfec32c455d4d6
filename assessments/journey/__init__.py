"""The firm's journey: start, profile, one page per area, the task list, check your answers,
submit, results and the PDF download, resuming from a link or this browser, and the firm's own data.

Entry points: `urls` (every public page), `views.with_assessment` (the one token lookup: one 404,
uncached, unindexed), `pages.Journey` (the pages of one assessment and their order),
`forms` (profile, area answers, e-mail link, submit, each rendered by the project's crispy pack,
`form_pack`; an area page saves in one transaction that re-checks the status), `challenge` (the small
question after a few starts from one network), `session_link` (how a browser remembers its
assessment without the token), `mail` (the only e-mail a firm is sent; its limit counts the
mailbox), `privacy` (download and delete, the privacy page), `languages` (each page in its URL's
language, English or Welsh, and the page that says a version is not offered in Welsh).

Rules it owns: which page follows which; a submitted assessment is read-only; where the private
link may appear; an assessment's language is the one its pages were last used in; starts, submits
and deletions are limited per client network (`limits`). It submits through `Assessment.submit()`
(models) and shows `report`.
"""
