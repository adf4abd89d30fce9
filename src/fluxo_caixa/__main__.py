from fluxo_caixa.cli import main

main()
