"""Allow ``python -m mlquiz`` as a synonym of the ``mlquiz`` console script."""

from mlquiz.cli.main import main

if __name__ == "__main__":
    main()
