from importer.privacy import scrub, scrub_author


def test_email_addresses_are_removed():
    assert scrub("mail jan.de.vries@example.org maar") == "mail [e-mailadres verwijderd] maar"
    assert "example" not in scrub("mailto:a+b@sub.example.nl")


def test_ip_addresses_are_removed():
    assert scrub("van 192.168.10.4 en 2001:db8::1") == (
        "van [IP-adres verwijderd] en [IP-adres verwijderd]"
    )


def test_times_versions_and_counts_stay():
    for text in ["om 12:30", "op 9.28", "1.871 keer", "web 2.0", "10.0.0.300"]:
        assert scrub(text) == text


def test_an_author_that_is_an_address_is_unknown():
    assert scrub_author("jan@example.org") is None
    assert scrub_author("127.0.0.1") is None
    assert scrub_author("Jan") == "Jan"
