"""`python -m casemark`: the same as the `casemark` command."""

import sys

from casemark.tui.__main__ import main

sys.exit(main())
