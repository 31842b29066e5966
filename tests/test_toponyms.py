from geo.toponyms import has_tokens, resolve, tokens_in

TOPONYMS = {
    "stepanakert": (
        {"usage": "Armenian", "en": "Stepanakert", "ru": "Степанакерт", "az": "Stepanakert"},
        {"usage": "Azerbaijani", "en": "Khankendi", "ru": "Ханкенди", "az": "Xankəndi"},
    ),
    "same": ({"usage": "a", "en": "Hadrut"}, {"usage": "b", "en": "Hadrut"}),
}


def test_both_forms_side_by_side_in_each_language():
    assert resolve("HQ, {stepanakert}", "en", TOPONYMS) == "HQ, Stepanakert / Khankendi"
    assert resolve("Штаб, {stepanakert}", "ru", TOPONYMS) == "Штаб, Степанакерт / Ханкенди"
    assert resolve("{stepanakert}", "az", TOPONYMS) == "Stepanakert / Xankəndi"


def test_swap_reverses_the_order_and_never_drops_a_form():
    assert resolve("{stepanakert}", "en", TOPONYMS, swap=True) == "Khankendi / Stepanakert"


def test_missing_language_falls_back_to_english_and_identical_forms_show_once():
    assert resolve("{stepanakert}", "ka", TOPONYMS) == "Stepanakert / Khankendi"
    assert resolve("{same}", "en", TOPONYMS) == "Hadrut"


def test_tokens():
    assert tokens_in("{a} and {b_2}, not {C} or { x }") == ["a", "b_2"]
    assert has_tokens("near {shusha}") and not has_tokens("plain")
