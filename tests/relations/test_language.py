"""factcheck/relations/language.py: pairs with a source that is not English."""

ES_LONG = (
    "El Terremoto sacudió Lima el martes por la mañana. Un sismo de magnitud 6,4 sacudió el sur de Perú "
    "el martes, según el Instituto Geofísico. El sismo causó la muerte de 15 personas y dejó a cientos sin "
    "hogar en la región de Arequipa. Las autoridades dijeron que los equipos de rescate trabajan en la zona."
)
ES_SHORT = "El Sismo sacudió Lima el martes por la mañana."  # under 20 words: was "too short to tell"
EN = "A magnitude 6.4 earthquake struck southern Peru on Tuesday, killing 15 people, officials said."


def test_every_non_english_source_warns_and_skips_the_english_rules(tiny_verifier):
    import warnings

    from factcheck import Article

    arts = [Article(id="es_a", text=ES_LONG), Article(id="es_b", text=ES_SHORT), Article(id="en", text=EN)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = tiny_verifier.verify(arts)
    said = [str(w.message) for w in caught if "does not look like English" in str(w.message)]
    assert len(said) == 2 and all(m.startswith("[W102]") for m in said)
    assert {m.split("'")[1] for m in said} == {"es_a", "es_b"}
    assert [(w.code, w.source) for w in report.warnings] == [("W102", "es_a"), ("W102", "es_b")]  # every format
    reasons = [e.reason for c in report.claims for e in c.evidence]
    assert reasons and not any("mismatch" in r for r in reasons), reasons
    assert all("not English" in r for r in reasons)
