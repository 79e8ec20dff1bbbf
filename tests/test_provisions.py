"""The provision tables: citations, absolute/qualified status and NCND links per foi-law.md."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from foi_drafter.errors import FoiError
from foi_drafter.provisions import (
    REGIMES,
    SUMMARY_MAX,
    load_provisions,
    normalise,
    read_provisions,
)

FOI_LAW = Path(__file__).resolve().parents[2] / "shared" / "foi-law.md"


@pytest.fixture(scope="module")
def foia():
    return load_provisions("foia")


@pytest.fixture(scope="module")
def eir():
    return load_provisions("eir")


@pytest.fixture(scope="module")
def foisa():
    return load_provisions("foisa")


@pytest.fixture(scope="module")
def eisr():
    return load_provisions("eisr")


# Normalising citations --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "section 31(1)(a)",
        "s.31(1)(a)",
        "S31 (1) (a)",
        "31(1)(a)",
        "s 31(1)(a)",
        "Section 31 (1) (A)",
    ],
)
def test_normalise_section_citations(text):
    assert normalise(text, "foia") == "s31(1)(a)"
    assert normalise(text, "foisa") == "s31(1)(a)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("s.40(5b)", "s40(5B)"), ("section 22a", "s22A"), ("sec. 36(2)(b)(I)", "s36(2)(b)(i)")],
)
def test_normalise_keeps_subsection_letters_upper_and_paragraphs_lower(text, expected):
    assert normalise(text, "foia") == expected


@pytest.mark.parametrize(
    "text", ["regulation 12(5)(a)", "reg12(5)(a)", "r.12(5)(a)", "12(5)(a)", "Reg. 12 (5)(a)"]
)
def test_normalise_regulation_citations(text):
    assert normalise(text, "eir") == "reg 12(5)(a)"
    assert normalise(text, "eisr") == "reg 12(5)(a)"


def test_normalise_leaves_other_text_tidied():
    assert normalise("  reg  12(5)(a) ", "foia") == "reg 12(5)(a)"
    assert normalise("section 31", "eir") == "section 31"


def test_unknown_regime_is_refused():
    with pytest.raises(FoiError, match="unknown regime 'foi'; use one of foia, eir"):
        normalise("s31", "foi")
    with pytest.raises(FoiError, match="unknown regime"):
        load_provisions("gdpr")


# The data files ----------------------------------------------------------------------


@pytest.mark.parametrize("regime", REGIMES)
def test_every_entry_is_complete(regime):
    table = load_provisions(regime)
    assert len(table) > 10
    for p in table:
        assert re.fullmatch(r"foi-law\.md §[\d.]+ \[[VSK]\]", p.source), p.id
        assert p.title and len(p.summary) <= SUMMARY_MAX, p.id
        assert normalise(p.id, regime) == p.id
        if p.kind == "refusal":
            assert p.status is None and p.test is None
        else:
            assert p.absolute != p.qualified, p.id
        if p.kind == "exemption" and p.prejudice_based:
            assert p.harm_wording and p.interest, p.id


def test_load_is_cached(foia):
    assert load_provisions("foia") is foia


def test_provisions_are_immutable(foia):
    with pytest.raises(dataclasses.FrozenInstanceError):
        foia.require("s21").status = "qualified"


def _ids(table) -> set[str]:
    return {p.id for p in table}


def test_foia_covers_the_required_provisions(foia):
    required = {
        *("s12", "s14(1)", "s14(2)", "s21", "s22", "s22A", "s23(1)", "s23(5)", "s24(1)"),
        *("s24(2)", "s26", "s27(1)", "s27(2)", "s28", "s29", "s30(1)", "s30(3)", "s31(3)"),
        *("s32", "s33", "s34", "s35", "s36(3)", "s38(1)", "s38(2)", "s40(1)", "s40(2)"),
        *("s40(5A)", "s40(5B)", "s41", "s42(1)", "s42(2)", "s43(1)", "s43(2)", "s43(3)", "s44"),
        *(f"s31(1)({limb})" for limb in "abcdefghi"),
        *("s36(2)(a)", "s36(2)(b)(i)", "s36(2)(b)(ii)", "s36(2)(c)"),
        *("s37(1)(a)", "s37(1)(aa)", "s37(1)(ab)", "s37(1)(ac)", "s37(1)(ad)", "s37(1)(b)"),
    }
    assert required <= _ids(foia)


def test_eir_covers_the_required_provisions(eir):
    required = {
        *(f"reg 12(4)({limb})" for limb in "abcde"),
        *(f"reg 12(5)({limb})" for limb in "abcdefg"),
        *("reg 12(6)", "reg 13", "reg 13(5A)", "reg 13(5B)"),
    }
    assert required == _ids(eir)


def test_foisa_covers_the_required_provisions(foisa):
    required = {
        *("s12", "s14(1)", "s14(2)", "s18", "s25", "s26", "s27", "s28", "s29", "s34"),
        *("s30(a)", "s30(b)(i)", "s30(b)(ii)", "s30(c)", "s31(1)", "s31(4)", "s32(1)(a)"),
        *("s33(1)(a)", "s33(1)(b)", "s35(1)(a)", "s36(1)", "s36(2)", "s37", "s39(1)", "s40"),
        *("s38(1)(a)", "s38(1)(b)", "s38(1)(c)", "s38(1)(d)", "s41"),
    }
    assert required <= _ids(foisa)


def test_eisr_covers_the_required_provisions(eisr):
    required = {
        *(f"reg 10(4)({limb})" for limb in "abcde"),
        *(f"reg 10(5)({limb})" for limb in "abcdefg"),
        "reg 11",
    }
    assert required == _ids(eisr)


# Absolute or qualified (foi-law.md §3, §6, §7, §10 pitfall 6) --------------------------


@pytest.mark.parametrize(
    "cited",
    ["s21", "s23(1)", "s23(5)", "s32", "s34", "s37(1)(a)", "s37(1)(aa)", "s37(1)(ab)"]
    + ["s40(1)", "s40(2)", "s41", "s44"],
)
def test_foia_absolute(foia, cited):
    assert foia.require(cited).absolute


@pytest.mark.parametrize(
    "cited",
    ["s22", "s22A", "s24(1)", "s24(2)", "s26", "s27(1)", "s30(1)", "s31(1)(a)", "s31(3)"]
    + ["s33", "s35", "s36(2)(a)", "s36(2)(b)(i)", "s36(2)(b)(ii)", "s36(2)(c)", "s36(3)"]
    + ["s37(1)(ac)", "s37(1)(ad)", "s37(1)(b)", "s38(1)", "s42(1)", "s43(1)", "s43(2)", "s43(3)"],
)
def test_foia_qualified(foia, cited):
    assert foia.require(cited).qualified


def test_s40_2_is_absolute_under_the_first_condition(foia):
    s40_2 = foia.require("s40(2)")
    assert s40_2.absolute
    assert "s40(3A)(a)" in s40_2.note and "first condition" in s40_2.note


def test_s36_is_qualified_except_for_parliament(foia):
    for p in foia.search("s36"):
        assert p.qualified and "House of Commons" in p.note, p.id
        assert p.needs == ("qualified-person-opinion",)


def test_refusals_have_no_status(foia, foisa):
    assert [p.id for p in foia.by_kind("refusal")] == ["s12", "s14(1)", "s14(2)"]
    assert [p.id for p in foisa.by_kind("refusal")] == ["s12", "s14(1)", "s14(2)"]
    assert all(p.status is None and p.test is None for p in foia.by_kind("refusal"))


def test_eir_and_eisr_exceptions_are_all_qualified(eir, eisr):
    for p in [*eir, *eisr]:
        assert p.qualified, p.id


def test_eir_manifestly_unreasonable_is_an_exception(eir):
    assert eir.require("reg 12(4)(b)").kind == "exemption"


def test_foisa_absolute_exemptions_are_the_s2_2_list(foisa):
    absolute = {p.id for p in foisa if p.absolute}
    assert absolute == {"s25", "s26", "s36(2)", "s37"} | {f"s38(1)({x})" for x in "abcd"}


# Tests and harm wording -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("regime", "cited", "harm"),
    [
        ("foia", "s31(1)(a)", "prejudice"),
        ("foia", "s43(2)", "prejudice"),
        ("foia", "s38(1)", "endanger"),
        ("foia", "s36(2)(b)(i)", "inhibit"),
        ("foisa", "s35(1)(a)", "prejudice substantially"),
        ("foisa", "s33(1)(b)", "prejudice substantially"),
        ("foisa", "s39(1)", "endanger"),
        ("eir", "reg 12(5)(b)", "adversely affect"),
    ],
)
def test_harm_wording(regime, cited, harm):
    provision = load_provisions(regime).require(cited)
    assert provision.prejudice_based and provision.harm_wording == harm


def test_tests_and_interests(foia):
    assert foia.require("s31(1)(a)").interest == "the prevention or detection of crime"
    assert foia.require("s43(2)").interest == (
        "the commercial interests of any person (including the public authority holding it)"
    )
    assert foia.require("s43(1)").test == "class"
    assert foia.require("s24(1)").test == "required"
    assert foia.require("s21").interest is None


def test_s31_notes_exclude_s30(foia):
    for limb in "abcdefghi":
        assert "not exempt under s30" in foia.require(f"s31(1)({limb})").note
    assert "s31(2)" in foia.require("s31(1)(g)").note


def test_restrictions(foia, foisa):
    assert foia.require("s35(1)(a)").restricted_to == "central-government"
    assert foia.require("s33").restricted_to == "audit-bodies"
    assert foisa.require("s29").restricted_to == "scottish-administration"
    assert foia.require("s36(2)(c)").restricted_to is None


def test_cite_spells_the_citation(foia, eir):
    assert foia.require("s31(1)(a)").cite == "section 31(1)(a)"
    assert eir.require("reg 12(5)(a)").cite == "regulation 12(5)(a)"


# Neither confirm nor deny ----------------------------------------------------------------


def test_foia_ncnd_links(foia):
    for limb in "abcdefghi":
        assert foia.ncnd_provision(f"s31(1)({limb})").id == "s31(3)"
    assert foia.ncnd_provision("s43(2)").id == "s43(3)"
    assert foia.ncnd_provision("s40(2)").id == "s40(5B)"
    assert foia.ncnd_provision("s22").id == "s22(2)"
    assert foia.ncnd_provision("section 23").id == "s23(5)"
    assert foia.ncnd_provision("s43(1)") is None
    assert foia.ncnd_provision("s21") is None
    assert foia.ncnd_provision("s12") is None
    assert foia.require("s43(3)").ncnd_for == ("s43(2)",)


def test_foia_ncnd_status(foia):
    assert foia.require("s31(3)").qualified
    assert foia.require("s43(3)").qualified
    assert foia.require("s23(5)").absolute
    assert foia.require("s40(5B)").absolute


def test_require_ncnd(foia):
    assert foia.require_ncnd("section 31(1)(a)").id == "s31(3)"
    assert foia.require_ncnd("s31(3)").id == "s31(3)"
    with pytest.raises(FoiError, match=r"^s43\(1\) has no neither-confirm-nor-deny provision"):
        foia.require_ncnd("s43(1)")
    with pytest.raises(FoiError, match="s21 has no neither-confirm-nor-deny provision") as caught:
        foia.require_ncnd("s21", "answers.yaml: questions[2]")
    assert caught.value.where == "answers.yaml: questions[2]"
    assert "say where it can be found" in caught.value.message
    with pytest.raises(FoiError, match="s12 .* refuses the whole request"):
        foia.require_ncnd("s12")


def test_eir_ncnd_only_for_reg_12_5_a_and_reg_13(eir):
    with_ncnd = {p.id for p in eir.by_kind("exemption") if p.ncnd}
    assert with_ncnd == {"reg 12(5)(a)", "reg 13"}
    assert eir.ncnd_provision("reg 12(5)(a)").id == "reg 12(6)"
    assert eir.ncnd_provision("reg 13").id == "reg 13(5B)"
    covered = {c for p in eir.by_kind("ncnd") for c in p.ncnd_for}
    assert covered == {"reg 12(5)(a)", "reg 13"}
    assert {p.id for p in eir.by_kind("ncnd")} == {"reg 12(6)", "reg 13(5A)", "reg 13(5B)"}
    with pytest.raises(FoiError, match=r"reg 12\(5\)\(b\) has no neither-confirm-nor-deny"):
        eir.require_ncnd("regulation 12(5)(b)")


def test_foisa_ncnd_is_s18_for_its_list_only(foisa):
    s18 = foisa.require("s18")
    assert s18.kind == "ncnd" and foisa.by_kind("ncnd") == [s18]

    def in_s18_list(pid: str) -> bool:
        section = int(re.match(r"s(\d+)", pid).group(1))
        return 28 <= section <= 35 or section in (38, 41) or pid == "s39(1)"

    exemptions = foisa.by_kind("exemption")
    assert set(s18.ncnd_for) == {p.id for p in exemptions if in_s18_list(p.id)}
    for p in exemptions:
        assert (p.ncnd == "s18") == in_s18_list(p.id), p.id
    with pytest.raises(FoiError, match="s25 has no neither-confirm-nor-deny"):
        foisa.require_ncnd("s25")
    with pytest.raises(FoiError, match=r"s39\(2\) has no .*ss28-35, 38, 39\(1\) and 41"):
        foisa.require_ncnd("s39(2)")


def test_eisr_records_no_ncnd(eisr):
    assert eisr.by_kind("ncnd") == []
    with pytest.raises(FoiError, match=r"reg 10\(8\) is unverified"):
        eisr.require_ncnd("reg 10(5)(a)")


# Lookups and errors ----------------------------------------------------------------------


def test_get_accepts_aliases_and_variants(foia, eir):
    assert foia.get("section 38").id == "s38(1)"
    assert foia.get("s.35(1)(a)").id == "s35"
    assert foia.get("S31 (1) (a)").id == "s31(1)(a)"
    assert eir.get("regulation 13(1)").id == "reg 13"
    assert foia.get("s99") is None


def test_require_names_the_provision_and_regime_and_suggests(foia):
    with pytest.raises(FoiError) as caught:
        foia.require("section 99(1)", where="answers.yaml")
    message = caught.value.message
    assert message.startswith("s99(1) is not a provision of the Freedom of Information Act 2000")
    assert "did you mean s" in message and "foi-draft clauses list" in message
    assert str(caught.value).startswith("answers.yaml: s99(1)")


def test_require_asks_for_the_limb(foia, eir):
    with pytest.raises(FoiError, match=r"^s31 is not specific enough .* s31\(1\)\(a\)"):
        foia.require("section 31")
    with pytest.raises(FoiError, match=r"s36\(2\)\(b\)\(i\)"):
        foia.require("s36(2)")
    with pytest.raises(FoiError, match=r"reg 12\(5\) is not specific enough"):
        eir.require("reg 12(5)")


def test_require_spots_the_wrong_regime(foia, eir):
    with pytest.raises(FoiError, match="cites a regulation, so check the request's regime"):
        foia.require("regulation 12(5)(a)")
    with pytest.raises(FoiError, match="Environmental Information Regulations 2004; it cites a"):
        eir.require("s31(1)(a)")


def test_search(foia, eir):
    assert [p.id for p in foia.search("CRIME")] == ["s31(1)(a)"]
    assert [p.id for p in foia.search("section 43")] == ["s43(1)", "s43(2)", "s43(3)"]
    assert {p.id for p in foia.search("personal data")} >= {"s40(1)", "s40(2)"}
    assert "reg 12(5)(a)" in [p.id for p in eir.search("national security")]
    assert len(foia.search("")) == len(foia)


def test_by_kind_rejects_unknown_kinds(foia):
    with pytest.raises(ValueError, match="unknown kind"):
        foia.by_kind("exception")


# Quotes are words foi-law.md gives verbatim ----------------------------------------------


def _plain(text: str) -> str:
    text = text.translate(
        str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
    )
    return " ".join(text.split())


@pytest.mark.skipif(not FOI_LAW.is_file(), reason="foi-law.md is not beside the repository")
def test_every_quote_is_verbatim_in_foi_law():
    law = _plain(FOI_LAW.read_text(encoding="utf-8"))
    quotes = [(r, p) for r in REGIMES for p in load_provisions(r) if p.quote]
    assert quotes
    for regime, p in quotes:
        assert _plain(p.quote) in law, f"{regime} {p.id}: quote not in foi-law.md"


# Malformed data files -----------------------------------------------------------------------

GOOD = """\
regime: foia
act: Freedom of Information Act 2000
no_ncnd: confirm or deny
provisions:
  - id: s43(2)
    kind: exemption
    title: Commercial interests
    summary: Would prejudice commercial interests
    status: qualified
    test: prejudice
    harm_wording: prejudice
    interest: the commercial interests of any person
    ncnd: s43(3)
    source: foi-law.md §3 [V]
  - id: s43(3)
    kind: ncnd
    title: NCND
    summary: NCND for s43(2)
    status: qualified
    test: prejudice
    ncnd_for: [s43(2)]
    source: foi-law.md §3 [V]
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "foia.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_reads(tmp_path):
    table = read_provisions(_write(tmp_path, GOOD), "foia")
    assert [p.id for p in table] == ["s43(2)", "s43(3)"]


def test_an_ncnd_entry_may_leave_its_test_to_the_exemption(tmp_path):
    path = _write(
        tmp_path, GOOD.replace("test: prejudice\n    ncnd_for", "test: null\n    ncnd_for")
    )
    assert read_provisions(path, "foia").require("s43(3)").test is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("provisions:", "items:"), "expected a mapping with a 'provisions:' list"),
        (("regime: foia", "regime: eir"), "'regime:' is 'eir', expected 'foia'"),
        (
            (
                "status: qualified\n    test: prejudice\n    harm",
                "status: maybe\n    test: prejudice\n    harm",
            ),
            "status must be one of",
        ),
        (("    ncnd: s43(3)\n", "    ncnd: s43(9)\n"), r"ncnd s43\(9\) must be an ncnd entry"),
        (("  - id: s43(3)", "  - id: s43(2)"), r"s43\(2\) appears twice"),
        (("    harm_wording: prejudice\n", ""), "needs harm_wording and interest"),
        (("title: NCND", "titel: NCND"), "unknown field 'titel'"),
        (("id: s43(3)", "id: section 43(3)"), "not a canonical citation"),
        (("summary: NCND for s43(2)", "summary: " + "x" * 71), "more than 70"),
        (("ncnd_for: [s43(2)]", "ncnd_for: s43(2)"), "'ncnd_for' must be a list"),
        (("kind: ncnd", "kind: refusal"), "a refusal has status: null"),
        (("    source: foi-law.md §3 [V]\n  - id", "  - id"), "missing field 'source'"),
        (("title: Commercial interests", "title: [a, b]"), "'title' must be a non-empty text"),
        (("interest: the", "interest: : the"), "invalid YAML at line"),
    ],
)
def test_malformed_files_name_the_file(tmp_path, change, message):
    old, new = change
    assert old in GOOD
    path = _write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(FoiError, match=message) as caught:
        read_provisions(path, "foia")
    assert caught.value.where == str(path)


def test_missing_file(tmp_path):
    with pytest.raises(FoiError, match="cannot read the provisions table") as caught:
        read_provisions(tmp_path / "nope.yaml", "foia")
    assert caught.value.where.endswith("nope.yaml")
