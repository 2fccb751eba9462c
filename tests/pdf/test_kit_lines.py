"""Lines of the documents' display text: a glossary term that cannot stay whole breaks between its words."""

from flashgen.load.content import load_campaign
from flashgen.load.resources import CONTENT_DIR
from flashgen.pdf.kit import splits_in, term_aware_lines, vietnamese_lines
from flashgen.text.wordbreak import WordBreaker

POINT_10 = "Chuyển đổi trọng tâm từ tổ chuyên gia công nghệ sang tổ công nghệ số cộng đồng"


def test_no_word_left_alone_between_two_terms_that_may_not_break(fonts) -> None:  # type: ignore[no-untyped-def]
    """The leaflet's point 10 heading once read "… tổ chuyên gia công nghệ / sang / tổ công nghệ số cộng đồng":
    at the widths where the glossary terms force a line of one syllable, the terms break between their words."""
    breaker = WordBreaker.for_glossary(load_campaign(CONTENT_DIR / "17-diem-khac-biet.yaml").glossary)
    face = fonts.resolve("Be Vietnam Pro", 700)
    lonely_widths = [width for width in range(100, 260, 4)
                     if any(len(line.split()) == 1 for line in vietnamese_lines(POINT_10, face, 15, width, breaker, True) or [])]
    assert lonely_widths  # the case exists
    for width in lonely_widths:
        lines = term_aware_lines(POINT_10, face, 15, width, breaker, True)
        assert lines is not None and " ".join(lines) == POINT_10
        assert all(len(line.split()) > 1 for line in lines), (width, lines)
        assert not splits_in(lines, WordBreaker.for_glossary(())), (width, lines)
