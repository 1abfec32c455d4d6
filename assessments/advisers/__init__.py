"""From report to a person: adviser organisations, the firm's consent to share with one, the
advisers' workspace, and their validations beside the firm's answers.

Entry points:
- the firm's side (`consent`): "Share with an adviser" (`consent.share`: organisations serving the
  firm's region, consent recorded per purpose) and withdrawing a share in one POST
  (`consent.withdraw`); the journey's results page and task list link here and list the active shares;
- the adviser's side (`workspace`, under /advisers/, behind the admin's staff sign-in and second
  factor): the queue (`queue.entries()`), a firm's page, its report and PDF, its answers with the
  validation forms, notes, assignment and the firm's data as CSV;
- facilitated and adviser-entered modes (`facilitated`): an adviser starts an assessment with a firm
  (`facilitated.start`), choosing to fill it in with the firm in a meeting or to enter the firm's
  answers on its behalf (recorded as its engagement, shown on the firm page and at the top of the
  firm's results and report; `Assessment.with_adviser` is the one test for "an adviser started
  it"), and hands it over with a new private link (`facilitated.handover`), after which the firm
  owns it;
- impact over time (`impact`): per area, the scores then (the shared assessment, T0) and now (the
  firm's newest re-assessment started from it), for firms that agreed to count in statistics,
  under the dashboard's disclosure control;
- `access.firm_view()`: the one door to a firm's data — an active share with the adviser's own
  organisation allowing the purpose, read on every request (never cached), each access logged;
- `mail.tell_organisation()`: the inbox e-mail when a firm shares (company name and a link only);
- `demo.seed()` / `demo.clear()`: the demo organisation, adviser and shared demo firms (seed_demo).

Rules it owns: an adviser reaches a firm only through `Share.objects.seen_by()` (models/advisers.py
holds the rule itself); a withdrawn or expired share, a deleted assessment or an adviser moved to
another organisation ends access on the next request; firms' and advisers' words are plain text,
escaped wherever shown; validations never change the firm's answers or its self-assessed scores
(peer figures and the dashboard read only those).
"""
