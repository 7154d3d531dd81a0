"""Direct quotations and who said them, in each newsroom's style.

lang.py tells the article's language; styles.py holds each language's marks and words;
scan.py pairs the marks; speakers.py finds who spoke; speech.py tells speech from titles,
labels and scare quotes; find.py puts them together.
"""

from tui_reader.content.quotes.find import Quote, find_quotes, speech_summary
from tui_reader.content.quotes.scan import QuotePiece

__all__ = ["Quote", "QuotePiece", "find_quotes", "speech_summary"]
