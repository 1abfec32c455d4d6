"""The report: one typed object for the results page and the PDF, its PDF rendered in the
background, stored once per state and served from the store.

Entry points: `builder.for_assessment(assessment)` (the one builder; `parts`, `progress`, `advice`,
`charts` are its named pieces), `rendering.current_pdf(assessment)` / `rendering.request_render()`
(the stored PDF, queued when missing), `state.state_key(assessment)` (the PDF state: everything a
stored PDF depends on), `pdf.render_pdf()` (WeasyPrint in a child process, `pdf_worker`).

Rules it owns: which recommendations and programmes fit a firm (advice; closed programmes are
never recommended, via `models.validate_recommendable`), what the PDF state key is made of, one
render per state.
"""
