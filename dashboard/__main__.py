"""`python -m dashboard`: the same as the `frontline` command."""

import sys

from dashboard.cli import main

sys.exit(main())
