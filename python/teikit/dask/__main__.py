"""`python -m teikit.dask convert|validate ...`: see teikit.dask."""

import sys

from teikit.dask import main

sys.exit(main())
