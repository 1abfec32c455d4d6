"""Figures about many firms: peer comparison for one firm's report, the analysts' dashboard and
exports, and demo data.

Entry points: `peers.record()` / `peers.refresh()`
(the stored cells, kept at submit and rebuilt from scores), `peers.comparison()` (a firm's peer
figures), `benchmarks` (released figures from histograms; pure), `disclosure.protect()` (the
disclosure rule: what may be shown of a table of counts; pure), `views` (the dashboard and its
downloads), `exports` (the responses export), `demo.seed()` (synthetic firms).

Rules it owns: who counts, the minimum group, how released figures are rounded, suppression.
"""
