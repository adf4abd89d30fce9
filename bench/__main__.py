import sys

from bench.rodada import main

sys.exit(main())
