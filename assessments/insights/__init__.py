"""Figures about many firms: peer comparison for one firm's report, the analysts' dashboard, the
quarterly publications that may leave the building, exports, and demo data.

Entry points: `peers.record()` / `peers.remove()` / `peers.refresh()` (the live insight cells, kept
at submit and rebuilt from scores), `peers.screen()` / `peers.admit()` (made-up assessments held out
until an analyst lets them in), `peers.release()` / `peers.release_if_due()` (the daily release of
the peer cells), `peers.comparison()` (a firm's peer figures), `benchmarks` (released figures from
histograms; pure), `disclosure` (the one minimum group, released rounding, suppression; pure),
`published.publish_due()` (a completed quarter frozen for download), `views` (the dashboard, whose
"adviser support" grouping puts supported firms beside the rest, never as a filter; and the
published downloads, logged), `exports` (the responses export), `demo.seed()` (synthetic firms).

Rules it owns: the minimum group, how released figures are rounded, suppression, what may leave the
building, which assessments look made up. Who counts is the model's (`Assessment.objects.counted()`),
and so is which firms are supported by an adviser (`Share.objects.supported()`).
"""
