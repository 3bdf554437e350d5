"""Language knowledge: which language a block is in, Russian morphology (pymorphy3), Kyrgyz stems."""
