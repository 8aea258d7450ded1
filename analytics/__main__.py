"""`python -m analytics` is `pledge-903`."""

import sys

from analytics.cli import main

sys.exit(main())
