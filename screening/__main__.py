"""``python -m screening`` runs the command line."""

import sys

from screening.cli import main

sys.exit(main())
