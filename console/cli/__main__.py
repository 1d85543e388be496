"""`python -m console.cli …`: the command line without the window's entry (main.py), as a
seat starts its own `serve` beside it."""

import sys

from console.cli import main

sys.exit(main())
