from cqvet.cli import main

main()
