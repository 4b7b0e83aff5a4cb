"""Finished coding rounds in the REFI-QDA export: one user per coder, each coder's
own codings, and the agreement as a note; rounds still coding stay out."""

import pytest

from evaluation.coding import services
from evaluation.evidence import exports
from tests.evaluation.evidence.test_exports import NS, _validate

pytestmark = pytest.mark.django_db


def _submit(coding_round, user, codes):
    coder = coding_round.coders.get(user=user)
    services.coder_codes_save(
        coder=coder, codes=codes, seen_version=coder.edit_version, submit=True
    )


def _finish(coding_round, ana, ben, evaluator):
    quotes = list(coding_round.quotes.order_by("pk"))
    one, two = coding_round.themes.order_by("pk")
    _submit(coding_round, ana, {q.pk: [one] for q in quotes})
    _submit(
        coding_round, ben, {quotes[0].pk: [two], **{q.pk: [one] for q in quotes[1:]}}
    )
    coding_round.refresh_from_db()
    services.settlement_record(
        coding_round=coding_round,
        quote=quotes[0],
        themes=[one, two],
        reason="Both apply.",
        user=evaluator,
    )
    services.round_finish(
        coding_round=coding_round,
        seen_version=coding_round.edit_version,
        user=evaluator,
    )
    return quotes, one, two


def test_each_coder_is_a_user_with_their_own_codings(
    programme, coding_round, ana, ben, evaluator
):
    quotes, one, two = _finish(coding_round, ana, ben, evaluator)
    document, _ = _validate(exports.qdpx_bytes(programme))
    users = {
        u.get("name"): u.get("guid")
        for u in document.xpath("//q:Users/q:User", namespaces=NS)
    }
    assert set(users) == {"Ana", "Ben"}
    first = exports.stable_guid(programme, "quote", quotes[0].pk)
    by_user = {}
    for coding in document.xpath(
        f"//q:TextSource[@guid='{first}']//q:Coding[@creatingUser]", namespaces=NS
    ):
        code = coding.xpath("q:CodeRef/@targetGUID", namespaces=NS)[0]
        by_user.setdefault(coding.get("creatingUser"), []).append(code)
    assert by_user == {
        users["Ana"]: [exports.stable_guid(programme, "theme", one.pk)],
        users["Ben"]: [exports.stable_guid(programme, "theme", two.pk)],
    }
    # The settled codes are the quote's own codes (no creating user).
    settled = document.xpath(
        f"//q:TextSource[@guid='{first}']//q:Coding[not(@creatingUser)]"
        "/q:CodeRef/@targetGUID",
        namespaces=NS,
    )
    assert len(settled) == 2


def test_the_agreement_is_a_note_of_the_project(
    programme, coding_round, ana, ben, evaluator
):
    _finish(coding_round, ana, ben, evaluator)
    document, _ = _validate(exports.qdpx_bytes(programme))
    note = document.xpath("//q:Notes/q:Note", namespaces=NS)[0]
    text = note.xpath("q:PlainTextContent/text()", namespaces=NS)[0]
    assert "Cohen's kappa" in text
    assert "Coders who submitted: Ana, Ben" in text
    assert document.xpath("/q:Project/q:NoteRef/@targetGUID", namespaces=NS) == [
        note.get("guid")
    ]


def test_a_round_still_coding_is_not_exported(programme, coding_round, ana):
    quote = coding_round.quotes.first()
    _submit(coding_round, ana, {quote.pk: list(coding_round.themes.all())})
    document, _ = _validate(exports.qdpx_bytes(programme))
    assert document.xpath("//q:Users", namespaces=NS) == []
    assert document.xpath("//q:Coding[@creatingUser]", namespaces=NS) == []
    assert document.xpath("//q:Notes", namespaces=NS) == []
