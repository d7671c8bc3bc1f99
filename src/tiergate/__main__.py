from tiergate.cli import run

run()
