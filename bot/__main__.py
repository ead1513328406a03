"""``python -m bot``: the same as the ``inexa-bot`` command."""

import sys

from bot.cli import main

sys.exit(main())
