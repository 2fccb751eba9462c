"""The medium table: every medium readable, px media scale with the image width."""

from flashgen.load.media import media, medium


def test_every_medium_has_a_heading_at_least_as_large_as_its_body() -> None:
    for item in media().values():
        assert item.heading >= item.body > 0, item.name


def test_phone_sizes_are_those_of_the_issue_and_scale_with_the_image() -> None:
    phone = medium("phone")
    assert phone.body_at(1080) == 28
    assert phone.body_at(2160) == 56
    assert medium("poster-a3").body_at(5000) == medium("poster-a3").body
