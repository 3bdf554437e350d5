"""OCR of scanned PDF pages: the Tesseract runner, hOCR lines, re-reading Latin words, ruled grids."""
