"""Record kinds beyond the built-in four (quotes, entities, places, times: in :mod:`newstrail.models`).

Each module here declares one kind — its dataclass and one :func:`newstrail.models.register`
call — and is imported automatically when the registry is first read. See :mod:`newstrail.models`
for how to add a kind.
"""
