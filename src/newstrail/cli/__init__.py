"""The ``newstrail`` command line: thin click commands over the library (:mod:`newstrail.cli.main`)."""
