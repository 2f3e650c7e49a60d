from thitsa.cli import main

main()
