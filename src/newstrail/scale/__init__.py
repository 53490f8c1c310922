"""Running the stages at scale (distributed extraction, large feeds); filled by issue 14.

Empty on purpose for now: the stages in :mod:`newstrail.ingest.batch`, :mod:`newstrail.extract`
and :mod:`newstrail.link` run in one process (extraction on all cores).
"""
