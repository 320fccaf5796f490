"""The PyInstaller entry script: the bundled program runs dangjian_desktop.__main__.main like the console script."""

import sys

from dangjian_desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
