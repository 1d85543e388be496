"""应急指挥台 — `python main.py` opens the console; `python main.py COMMAND …` runs the
same services without a window (see `python main.py --help`)."""

import sys


def main() -> int:
    from console.cli import main as cli_main
    from console.cli import wants_drill_window, wants_window

    argv = sys.argv[1:]
    if argv[:1] == ["shot"]:  # a seat rendered offscreen to a PNG (it needs Qt)
        from widgets.shot import main as shot

        return shot(argv[1:])
    if wants_window(argv):
        from widgets.start import run

        return run(argv)
    if wants_drill_window(argv):
        from widgets.start import run_drill

        return run_drill(argv)
    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
