"""The finder's choice between close candidates, on the shipped catalogue, cards and scope."""

import json
from collections import Counter

import pytest

from actions.procedures.finder import (
    Ambiguous,
    Found,
    HandledElsewhere,
    ProcedureFinder,
    without_past_clauses,
)
from actions.procedures.resolver import Certainty, Resolution
from tests.procedures.test_scope_calibration import DATA, finder


@pytest.fixture(scope="module")
def shipped() -> ProcedureFinder:
    return finder()


def found_code(finder: ProcedureFinder, question: str) -> str:
    """The code of the procedure ``question`` is answered with (it must be one)."""
    result = finder.find(question)
    assert isinstance(result, Found), result
    return result.procedure.code


@pytest.mark.parametrize(
    ("question", "code"),
    [
        # The question says the variant's marker in the citizen's words.
        ("thẻ tạm trú của em còn 10 ngày là hết hạn, giờ muốn gia hạn thêm", "1.002755"),
        ("tam tru sap het han, gia han o dau", "1.002755"),
        ("cửa hàng tạp hóa nhà tôi muốn tạm ngừng hộ kinh doanh 2 tháng", "1.001570"),
        ("tạm nghỉ bán hàng vài tháng thì báo hộ kinh doanh thế nào", "1.001570"),
        ("xin hỏi hộ kinh doanh tạm ngừng thì báo trước bao lâu", "1.001570"),
        ("giấy chứng nhận hộ kinh doanh bị rách, xin cấp lại", "2.000575"),
        ("vợ sắp cưới của tôi là người Pháp, kết hôn cần giấy gì", "2.000806"),
        (
            "nhà em có khách người nước ngoài thuê phòng, khai báo tạm trú cho họ thế nào",
            "1.000253",
        ),
        ("giấy phép xây dựng bị cháy mất, xin cấp lại", "1.013228"),
        ("giấy khai sinh ghi sai năm sinh của mẹ, muốn cải chính", "1.004859"),
        # It says none: the ordinary procedure, not buttons for its special cases.
        ("làm thẻ căn cước lần đầu mất mấy ngày", "1.014061"),
        ("làm giấy khai sinh cho con cần gì", "1.001193"),
        ("đăng ký hộ kinh doanh cần gì", "1.001612"),
        # The whole official name said: that procedure, not a shorter name inside it.
        ("thủ tục đăng ký khai sinh cho người đã có hồ sơ, giấy tờ cá nhân cần gì", "1.004772"),
        ("đăng ký khai tử có yếu tố nước ngoài mất bao lâu", "1.001766"),
        # A variant's own curated words keep it, though no marker is said.
        ("mất giấy khai sinh", "1.004884"),
        ("nhận con nuôi là cháu họ thì cần giấy gì", "2.001263"),
    ],
)
def test_the_variant_the_question_names_is_found(
    shipped: ProcedureFinder, question: str, code: str
) -> None:
    assert found_code(shipped, question) == code


def test_names_sharing_only_generic_words_stay_on_offer(shipped: ProcedureFinder) -> None:
    # "sau khi" is in situations of unrelated cards: no variant of one act to choose.
    result = shipped.find("Sau khi nộp xong thì tôi còn phải làm gì nữa?")
    assert not isinstance(result, Found)


def test_a_denied_name_is_not_the_procedure_asked_for(shipped: ProcedureFinder) -> None:
    # "chưa đăng ký kết hôn" describes the parents; they ask about the birth.
    result = shipped.find("hai đứa chưa đăng ký kết hôn, con sinh ra làm khai sinh thế nào")
    codes = [c.code for c in result.candidates] if isinstance(result, Ambiguous) else []
    assert isinstance(result, Ambiguous) and codes[0] == "1.000689"


def test_every_ward_procedure_asked_by_its_exact_name_is_found(shipped: ProcedureFinder) -> None:
    # Several records share one name ("Hỗ trợ phát triển sản xuất cộng đồng."): those are
    # rightly offered as choices, everything else is answered at once.
    records = json.loads((DATA / "procedures" / "national.json").read_text(encoding="utf-8"))
    names = Counter(r["name"] for r in records)
    unique = [r for r in records if names[r["name"]] == 1]
    found = [
        r
        for r in unique
        if isinstance(got := shipped.find(r["name"]), Found) and got.procedure.code == r["code"]
    ]
    assert len(found) / len(unique) >= 0.97, [r["name"] for r in unique if r not in found][:10]


def test_a_child_of_unknown_age_gets_both_card_ages_to_choose(shipped: ProcedureFinder) -> None:
    result = shipped.find("làm thẻ căn cước cho con thì mang gì")
    assert isinstance(result, Ambiguous)
    assert {c.code for c in result.candidates} == {"1.014061", "1.014062"}


def test_a_question_about_no_procedure_gets_no_default_variant(shipped: ProcedureFinder) -> None:
    # Close names over "dữ liệu", some marked ("điều chỉnh thông tin"): no marker is said,
    # and the unmarked one fits too little to be answered as if it were meant.
    result = shipped.find("viết giúp tôi đoạn code python đọc dữ liệu khách hàng")
    assert not isinstance(result, Found)


def test_a_child_s_age_picks_the_under_14_card(shipped: ProcedureFinder) -> None:
    result = shipped.find("con gái tôi 8 tuổi, làm thẻ căn cước cho cháu cần gì")
    assert isinstance(result, Ambiguous | Found)
    codes = (
        [c.code for c in result.candidates]
        if isinstance(result, Ambiguous)
        else [result.procedure.code]
    )
    assert codes[0] == "1.014062"


@pytest.mark.parametrize(
    ("follow_up", "remembered"),
    [
        # Spoken small words fold onto catalogue words ("thế" -> "the" as in "thẻ"): still
        # a follow-up on the procedure being discussed.
        ("thế tính tiền thế nào", "2.000815"),
        ("có nộp online được không hay bắt buộc 2 đứa phải lên", "1.000894"),
        ("thế còn trường hợp ở nhờ thì sao", "1.004194"),
        ("nếu vậy thì mất bao lâu", "1.004222"),
        # The question's own words ("bn ngày", "phí bn", "bản chính hay") and chat filler
        # ("ad", "z", "thôi") name no other matter; nor does "photo" read as a typo.
        ("mấy ngày là xong z ad", "1.004222"),
        ("lệ phí bn v ad", "1.004222"),
        ("nộp bản chính hay photo thôi", "1.004222"),
        ("thế bao lâu mới xong ạ", "1.004222"),
    ],
)
def test_a_spoken_follow_up_keeps_the_procedure(
    shipped: ProcedureFinder, follow_up: str, remembered: str
) -> None:
    result = shipped.find(follow_up, remembered_code=remembered)
    assert isinstance(result, Found), result
    assert result.procedure.code == remembered


@pytest.mark.parametrize(
    ("question", "remembered"),
    [
        ("thế còn hộ chiếu thì sao", "1.004194"),
        ("thế còn đăng ký xe máy thì sao", "1.004194"),
    ],
)
def test_a_follow_up_naming_something_else_does_not_keep_it(
    shipped: ProcedureFinder, question: str, remembered: str
) -> None:
    result = shipped.find(question, remembered_code=remembered)
    assert not (isinstance(result, Found) and result.procedure.code == remembered)


@pytest.mark.parametrize(
    ("question", "code"),
    [
        # A slip on a civil-status paper: correcting the record, though the paper's own
        # procedure ("khai sinh") and its curated "cháu" fit the question better.
        ("khai sinh của cháu viết nhầm ngày sinh, muốn sửa lại cho đúng", "1.004859"),
        # Another record's correction ("đính chính" a land certificate) carries the same
        # marker but shares only the situation's words ("giấy", "bị", "ghi sai").
        ("giấy khai sinh của con em bị ghi sai tên lót, muốn sửa lại thì cần giấy gì", "1.004859"),
        ("con em có giấy khai sinh bị ghi sai tên, muốn sửa thì làm sao", "1.004859"),
        # Wrong data in the residence database, not on the civil-status paper it is
        # compared with.
        (
            "năm sinh của tôi trong dữ liệu cư trú bị sai khác với giấy khai sinh, cần điều chỉnh",
            "1.010039",
        ),
        ("dữ liệu cư trú ghi sai quê quán của tôi, muốn sửa thì làm sao", "1.010039"),
        # Encroached land, the ward asked to mediate: not recognising a mediator.
        ("đất nhà tôi bị nhà bên cạnh xây lấn, muốn ra phường nhờ hòa giải", "1.012812"),
        # A certified contract: changing its terms vs fixing a slip in it.
        ("hợp đồng tặng cho đã chứng thực, muốn bổ sung thêm điều khoản", "2.000913"),
        ("hợp đồng thuê nhà đã chứng thực ở phường, nay muốn sửa đổi thời hạn", "2.000913"),
        ("hợp đồng đã chứng thực bị ghi nhầm diện tích, sửa lỗi thế nào", "2.000927"),
        ("hợp đồng chứng thực ghi nhầm số nhà, xin sửa lỗi sai sót", "2.000927"),
        # Pensions: someone else collecting it, or having it paid elsewhere.
        (
            "ông tôi yếu không đi lĩnh lương hưu được, làm giấy ủy quyền cho con lĩnh thay",
            "1.001601",
        ),
        ("mẹ tôi chuyển vào Sài Gòn sống, muốn chuyển chỗ nhận lương hưu", "1.001742"),
    ],
)
def test_the_one_clearly_meant_among_close_candidates_is_found(
    shipped: ProcedureFinder, question: str, code: str
) -> None:
    assert found_code(shipped, question) == code


@pytest.mark.parametrize(
    ("question", "code"),
    [
        # The age stated picks the citizen-ID variant its range names.
        ("thằng út nhà tôi 15 tuổi, chưa làm thẻ căn cước bao giờ, cần mang gì", "1.014061"),
        ("lam can cuoc cho con trai 17 tuoi can giay gi", "1.014061"),
        ("bé nhà mình được 9 tháng tuổi, làm căn cước cho bé cần gì", "1.014062"),
        # "chứng thực bản sao" shares only "căn cước", "công" with the ID cards: no rival.
        ("cháu gái tôi mới 3 tuổi, làm căn cước cho cháu ở công an phường được không", "1.014062"),
        # A country said with a place word ("bên Hàn"): the foreign variant.
        (
            "hai vợ chồng làm việc bên Hàn, sinh cháu ở bên đó, giờ về quê đăng ký khai sinh "
            "cho cháu thì nộp ở đâu",
            "2.000528",
        ),
        # Another copy of a civil-status extract, not the death registered again.
        ("mất giấy chứng tử của bố, muốn xin lại bản sao trích lục khai tử", "2.000635"),
    ],
)
def test_what_the_question_states_picks_the_variant(
    shipped: ProcedureFinder, question: str, code: str
) -> None:
    assert found_code(shipped, question) == code


@pytest.mark.parametrize(
    "question",
    [
        "ngư dân có mức sống trung bình có được hỗ trợ bảo hiểm y tế",
        "làm muối, mức sống trung bình, hỗ trợ bảo hiểm y tế xét ở đâu",
    ],
)
def test_the_only_carded_close_candidate_is_answered_though_not_first(
    shipped: ProcedureFinder, question: str
) -> None:
    # The ward recognises the household (carded); registering BHYT is BHXH's record.
    result = shipped.find(question)
    assert isinstance(result, Found), result
    assert result.procedure.code == "1.011609"


def test_the_best_s_marked_twin_is_chosen_however_low_it_ranks(shipped: ProcedureFinder) -> None:
    # "đăng ký khai tử có yếu tố nước ngoài" is "đăng ký khai tử" plus the marker the
    # question cues; its long name is little covered, so it ranks far below.
    resolver = shipped.resolver()
    text = "bố tôi mất bên Úc, gia đình muốn làm khai tử ở phường"
    chosen = ProcedureFinder._prefer_the_variant_named(resolver.resolve(text), resolver, text)
    assert chosen.certainty is Certainty.UNIQUE
    assert chosen.best is not None and chosen.best.entry.code == "1.001766"


# What a candidate explains of the question decides between candidates that fit about as
# well (finder._best_explainer, ProcedureResolver.contest).
def test_a_close_candidate_explaining_the_rest_of_the_question_is_chosen() -> None:
    from tests.fakes import InMemoryProcedureRepository, make_procedure

    repository = InMemoryProcedureRepository(
        [
            make_procedure("1.000894", "Thủ tục đăng ký kết hôn", aliases=["cưới vợ"]),
            make_procedure("1.010038", "Tách hộ", aliases=["tách hộ ra ở riêng"]),
        ]
    )
    # "cưới vợ" is all of the marriage's alias, yet only the split explains "ra ở riêng".
    result = ProcedureFinder(repository).find("cưới vợ xong muốn ra ở riêng")
    assert isinstance(result, Found), result
    assert result.procedure.code == "1.010038"


@pytest.mark.parametrize(
    ("question", "code"),
    [
        # Offered both, yet only the household split explains "hộ riêng", "tách khỏi hộ".
        ("cưới xong hai đứa muốn có hộ riêng, tách khỏi hộ ông bà", "1.010038"),
    ],
)
def test_the_offered_candidate_explaining_clearly_more_is_answered(
    shipped: ProcedureFinder, question: str, code: str
) -> None:
    assert found_code(shipped, question) == code


@pytest.mark.parametrize(
    ("question", "matter"),
    [
        # The death registration fits ("qua đời"), the bank deposit of the deceased (handled
        # by the bank) explains "sổ tiết kiệm", "rút".
        ("ông ngoại tôi qua đời, cả nhà muốn rút sổ tiết kiệm của ông", "deceased_bank_deposit"),
    ],
)
def test_a_matter_explaining_what_the_ward_procedure_leaves_is_handled_elsewhere(
    shipped: ProcedureFinder, question: str, matter: str
) -> None:
    result = shipped.find(question)
    assert isinstance(result, HandledElsewhere), result
    assert getattr(result.matter, "id", None) == matter


def _chosen_among_close(finder: ProcedureFinder, text: str) -> Resolution:
    """The choice among close candidates (name said, variant named, carded), before the
    later rules of ``find``."""
    resolver = finder.resolver()
    resolution = ProcedureFinder._prefer_the_name_said(resolver.resolve(text), resolver, text)
    resolution = ProcedureFinder._prefer_the_variant_named(resolution, resolver, text)
    return finder._prefer_the_carded(resolution, resolver)


@pytest.mark.parametrize(
    ("question", "code"),
    [
        # "chưa cưới" is what the parents have not done: the marriage is no rival.
        (
            "sinh bé được một tháng, hai đứa vẫn chưa cưới, làm khai sinh ghi tên bố luôn "
            "được không",
            "1.000689",
        ),
        # The father to be named and the parents unmarried: the combined procedure, not
        # the marriage the question says they did not register.
        (
            "hai vợ chồng chưa đăng ký kết hôn, sinh con rồi, giờ muốn khai tên bố vào giấy "
            "khai sinh thì làm thế nào",
            "1.000689",
        ),
    ],
)
def test_the_combined_procedure_is_chosen_when_both_acts_are_asked(
    shipped: ProcedureFinder, question: str, code: str
) -> None:
    chosen = _chosen_among_close(shipped, question)
    assert chosen.certainty is Certainty.UNIQUE, chosen
    assert chosen.best is not None and chosen.best.entry.code == code


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("em cần giấy xác nhận tình trạng hôn nhân, em đã ly hôn ở tòa rồi", "em cần giấy"),
        ("tôi đã từng đăng ký kết hôn nhưng giờ muốn xin giấy xác nhận", "giờ muốn xin"),
        ("Nhà đã có sổ đỏ. Muốn tách thửa", "Muốn tách thửa"),
    ],
)
def test_what_already_happened_is_not_the_request(text: str, kept: str) -> None:
    request = without_past_clauses(text)
    assert kept in request and "đã" not in request


def test_a_past_event_s_words_do_not_outweigh_the_procedure_asked_for(
    shipped: ProcedureFinder,
) -> None:
    # The divorce is the citizen's situation; the certificate is what they ask for.
    result = shipped.find(
        "mình cần xin giấy xác nhận tình trạng hôn nhân, mình đã ly hôn ở tòa rồi ạ"
    )
    assert isinstance(result, Found) and result.procedure.code == "1.004873", result


@pytest.mark.parametrize(
    ("question", "code"),
    [
        # The act the citizen asks for picks the sibling leading with it.
        (
            "hồ sơ đăng ký hộ kinh doanh em nộp hôm qua khai nhầm địa chỉ, em muốn rút hồ sơ về",
            "1.014035",
        ),
        ("giấy chứng nhận đăng ký hộ kinh doanh bị ướt nát hết, xin cấp lại ở đâu", "2.000575"),
        (
            "giấy khai sinh cũ của ông tôi bị ngấm nước mục hết chữ, sổ gốc ở xã cũng không "
            "còn, giờ phải làm thế nào",
            "1.004884",
        ),
        (
            "thông tin của tôi trong cơ sở dữ liệu dân cư không khớp với căn cước, muốn sửa "
            "thông tin thì làm sao",
            "1.012564",
        ),
        ("muốn điều chỉnh giấy phép xây dựng vì thay đổi thiết kế", "1.013226"),
        # The best's act with the case the question adds: the cooperative's suspension,
        # the land certificate's correction.
        ("hợp tác xã chúng tôi định tạm ngừng kinh doanh 3 tháng thì báo ở đâu", "2.002641"),
        ("sổ đỏ nhà tôi bị gõ nhầm tên chủ đất, sửa lại thế nào", "1.012796"),
        # An act's special case the question never mentions is not answered.
        ("xin phép xây nhà 3 tầng trên đất ở cần bản vẽ gì", "1.013225"),
        # When the household's situation arose decides which recognition it is.
        (
            "nhà tôi mới bị cháy hết tài sản giữa năm, muốn xin công nhận hộ nghèo luôn không "
            "đợi cuối năm",
            "1.011607",
        ),
        # Who the person is: a translator who is not the ward's collaborator, a foreign
        # spouse named by their country, a Vietnamese ethnic group.
        (
            "giấy tờ tôi tự dịch sang tiếng Trung, muốn chứng thực chữ ký người dịch thì cần gì",
            "2.001008",
        ),
        ("chồng Mỹ của em muốn làm thủ tục nhận con chung đã có khai sinh ở Việt Nam", "2.000779"),
        ("tôi người Tày mà giấy khai sinh ghi dân tộc Kinh, muốn xác định lại dân tộc", "1.004859"),
        # A paper already held, or what a paper is for, is context, not the request.
        (
            "nhà tôi đã có sổ đỏ rồi, giờ muốn nhập hộ khẩu cho con dâu về thì cần giấy gì",
            "1.004222",
        ),
        ("căn hộ đứng tên vợ tôi rồi, giờ tôi muốn đăng ký thường trú về đó", "1.004222"),
        (
            "Mình mua nhà ở phường này năm ngoái, sổ hồng đứng tên mình rồi, giờ muốn chuyển "
            "hộ khẩu cả gia đình về thì cần gì",
            "1.004222",
        ),
        (
            "Bố mẹ cho tôi mảnh đất, sổ đỏ đứng tên tôi rồi, nay muốn nhập khẩu vợ con về đó",
            "1.004222",
        ),
        (
            "xin giấy xác nhận tình trạng hôn nhân để làm hồ sơ kết hôn với bạn trai người Hàn "
            "thì nộp ở đâu",
            "1.004873",
        ),
    ],
)
def test_the_act_the_person_and_the_request_pick_the_sibling(
    shipped: ProcedureFinder, question: str, code: str
) -> None:
    assert found_code(shipped, question) == code


@pytest.mark.parametrize(
    ("question", "code"),
    [
        # Sibling schemes for the same people: a death or an injury picks the one.
        (
            "em họ tôi trong lực lượng xung kích phòng chống thiên tai, đi ứng cứu sạt lở thì "
            "tử vong, chưa tham gia bảo hiểm, nhà được hỗ trợ gì",
            "1.010092",
        ),
        (
            "bố tôi ở đội xung kích phòng chống thiên tai, đi chống bão bị gãy chân phải nằm "
            "viện, chưa có bảo hiểm y tế thì được hỗ trợ gì",
            "1.010091",
        ),
        (
            "chồng tôi làm tổ viên tổ bảo vệ an ninh trật tự, đi tuần bị tai nạn qua đời, gia "
            "đình hưởng chế độ gì",
            "1.012538",
        ),
        (
            "tổ viên tổ bảo vệ an ninh trật tự đi làm nhiệm vụ bị đâm bị thương phải phẫu "
            "thuật, chưa có bhyt, được chế độ gì",
            "1.012537",
        ),
        (
            "người tham gia chữa cháy cứu nạn bị chết khi làm nhiệm vụ thì gia đình được chế độ gì",
            "3.000510",
        ),
        # A death told as the story does not pull the death registration.
        (
            "Mẹ em qua đời được hai tuần, gia đình phải làm gì để cắt khẩu cho mẹ",
            "1.003197",
        ),
        (
            "Ông cụ nhà tôi vừa mất hôm qua, muốn dựng rạp trên lòng đường mấy hôm để làm tang "
            "lễ thì xin phép ai",
            "1.013274",
        ),
        ("bo toi moi qua doi tuan truoc, gio muon xoa ho khau cho bo thi lam sao", "1.003197"),
        # ...while a death asked about keeps it.
        ("Bố tôi vừa qua đời sáng nay, làm khai tử ở đâu", "1.000656"),
        ("bà tôi mới mất, gia đình cần làm giấy tờ gì", "1.000656"),
        # A paper held, typed without accents, is context too.
        (
            "nha em da co so hong roi, gio muon nhap khau cho vo thi lam the nao",
            "1.004222",
        ),
    ],
)
def test_what_happened_and_what_is_held_do_not_decide_the_request(
    shipped: ProcedureFinder, question: str, code: str
) -> None:
    assert found_code(shipped, question) == code


@pytest.mark.parametrize(
    ("question", "offered", "chosen"),
    [
        # A word pair of one name, explained by no other candidate, sets it apart.
        (
            "lấy chồng lần hai thì xin giấy xác nhận tình trạng hôn nhân",
            ["1.000894", "1.004873"],
            "1.004873",
        ),
        (
            "hộ làm diêm nghiệp có mức sống trung bình được mua thẻ bảo hiểm y tế",
            ["1.001939", "1.011609"],
            "1.011609",
        ),
        ("muốn chứng thực chữ ký trên đơn xin việc", ["2.000884", "2.001035"], "2.000884"),
        (
            "sổ đỏ cấp lần đầu bị ghi sai diện tích, xin đính chính",
            ["1.013978", "1.012796"],
            "1.012796",
        ),
        # A variant marker's words are left to the variant rules.
        ("khai sinh cho con, chồng em là người nước ngoài", ["1.001193", "2.000528"], None),
    ],
)
def test_a_part_of_one_name_said_sets_it_apart(
    shipped: ProcedureFinder, question: str, offered: list[str], chosen: str | None
) -> None:
    from actions.procedures.finder import _named_apart

    resolver = shipped.resolver()
    candidates = [m for m in resolver.rank(question, limit=40) if m.entry.code in offered]
    assert len(candidates) == len(offered)
    apart = _named_apart(resolver, question, candidates)
    assert (apart.entry.code if apart else None) == chosen


@pytest.mark.parametrize(
    ("question", "code"),
    [
        # Marriage: the officer asked to come (mobile), a foreign spouse by nationality,
        # the justice officer named (no foreign element), the register gone (again).
        ("ông bà em già yếu, cán bộ có xuống tận nhà đăng ký kết hôn giúp không", "1.000593"),
        ("vợ sắp cưới của tôi là người Ấn Độ, làm đăng ký kết hôn thế nào", "2.000806"),
        ("hỏi cán bộ tư pháp xã thì đăng ký kết hôn cần mang gì", "1.000894"),
        (
            "hai cụ cưới nhau từ thời chiến, giấy cưới mất rồi, sổ ở xã cũng không còn, "
            "giờ làm giấy kết hôn thế nào",
            "1.004746",
        ),
        # Death: the officer to the house, however little of "lưu động" is said.
        ("bà cụ nằm liệt, xã cử người đến tận nhà làm khai tử cho ông được không", "1.000419"),
        # Birth: a parent of another nationality, typed without accents too.
        ("bo chau mang quoc tich Indonesia, lam khai sinh cho chau can gi", "2.000528"),
        # Residence: removing the registration; a foreign tenant.
        ("tôi dọn đi nơi khác rồi, tạm trú ở phòng trọ cũ có phải xoá không", "1.010028"),
        (
            "nhà em có khách người Philippines thuê phòng, khai báo tạm trú cho họ ra sao",
            "1.000253",
        ),
        # Certification: undoing a certified contract.
        ("hợp đồng thế chấp đã chứng thực, giờ hai bên thống nhất hủy bỏ thì làm sao", "2.000913"),
        # Citizen ID: a card broken in two is issued again.
        ("thẻ căn cước của em bị gãy đôi, làm lại thì nộp gì", "1.014064"),
        # A death abroad recorded here: the name listing it, not the best's marked twin.
        (
            "Vợ tôi mất bên Nhật hồi tháng trước, bên đó đã cấp giấy chứng tử, nay muốn "
            "ghi việc khai tử vào sổ hộ tịch trong nước thì làm sao",
            "2.000547",
        ),
        # An act said as already done is the story: the registration asked for.
        (
            "Nhà này tôi mới mua, người bán đã cắt khẩu cả nhà họ đi rồi, giờ tôi muốn "
            "nhập khẩu cho vợ con thì làm thế nào",
            "1.004222",
        ),
        # "tại bị" typed without accents is no Belgium.
        ("minh muon doi ten cho con vi ten hien tai bi xau, thu tuc the nao", "1.004859"),
        # None said: the ordinary procedure.
        ("đăng ký kết hôn cần giấy tờ gì", "1.000894"),
        ("khai tử cho bố cần giấy tờ gì", "1.000656"),
        ("đăng ký tạm trú cho phòng trọ mới cần gì", "1.004194"),
        ("chứng thực hợp đồng mua bán đất cần mang gì", "2.001035"),
    ],
)
def test_the_sibling_whose_distinguishing_words_are_said_is_found(
    shipped: ProcedureFinder, question: str, code: str
) -> None:
    assert found_code(shipped, question) == code


@pytest.mark.parametrize(
    ("question", "code"),
    [
        # Citizen ID: an age bound says the side, not the age of 14.
        ("làm thẻ căn cước cho bé dưới 14 tuổi ở đâu", "1.014062"),
        ("con tôi chưa đủ 14 tuổi có làm căn cước được không", "1.014062"),
        # Cooperative: its own change, not the cooperative group's, the branch's or the
        # notice's, though all say "thay đổi nội dung".
        (
            "hợp tác xã của tôi muốn đổi tên và chuyển trụ sở, đăng ký thay đổi nội dung ở đâu",
            "1.005277",
        ),
        (
            "hop tac xa thay chu tich hoi dong quan tri thi dang ky thay doi noi dung the nao",
            "1.005277",
        ),
        # Cooperative group: notifying its founding, registering it, notifying its end.
        (
            "mấy hộ trong thôn lập tổ hợp tác trồng nấm, phải thông báo thành lập tổ hợp tác "
            "với ủy ban xã thế nào",
            "2.002226",
        ),
        ("tổ hợp tác chăn nuôi muốn đăng ký thành lập tổ hợp tác thì cần gì", "2.002637"),
        ("tổ hợp tác của chúng tôi giải tán, thông báo chấm dứt hoạt động thế nào", "2.002228"),
        # Land levy: paying off the recorded debt, or having it recorded.
        (
            "nhà tôi được ghi nợ tiền sử dụng đất, nay muốn thanh toán hết khoản nợ đó thì làm sao",
            "1.012996",
        ),
        ("đất tái định cư chưa có tiền nộp tiền sử dụng đất, xin ghi nợ thế nào", "1.012995"),
        # Household business: opening again before the suspension ends.
        (
            "hộ kinh doanh của tôi đang tạm ngừng, giờ muốn kinh doanh trở lại sớm hơn thì báo "
            "thế nào",
            "1.001570",
        ),
    ],
)
def test_the_sibling_named_by_its_act_or_its_bound_is_found(
    shipped: ProcedureFinder, question: str, code: str
) -> None:
    assert found_code(shipped, question) == code


@pytest.mark.parametrize(
    ("question", "code"),
    [
        # The story's procedure (a marriage, a land certificate, a birth) fits the whole
        # message best; the request names another, which is answered.
        (
            "Em gái tôi lấy chồng được hai năm, về ở hẳn bên nhà chồng ở phường này, giờ muốn "
            "chuyển hộ khẩu về nhà chồng thì làm thế nào, có cần mang theo giấy đăng ký kết hôn "
            "không ạ?",
            "1.004222",
        ),
        (
            "Mẹ tôi ở quê Nam Định lên ở với vợ chồng tôi được ba tháng nay, nhà tôi có sổ đỏ "
            "đứng tên tôi. Giờ muốn nhập khẩu cho mẹ vào nhà thì có cần mang sổ đỏ bản gốc không?",
            "1.004222",
        ),
        (
            "Vợ chồng tôi cưới nhau ở Bình Định, có giấy đăng ký kết hôn ở đó, nay chuyển ra đây "
            "thuê trọ lâu dài, muốn đăng ký tạm trú cho cả nhà thì có phải nộp giấy đăng ký kết "
            "hôn không?",
            "1.004194",
        ),
        (
            "Con trai tôi năm nay tròn 14 tuổi, giấy khai sinh bản chính nhà vẫn giữ cẩn thận, "
            "giờ muốn làm thẻ căn cước cho cháu thì có phải mang theo giấy khai sinh không?",
            "1.014061",
        ),
        # The request names the procedure the whole message fits best: it stays.
        (
            "Nhà tôi xây xong theo giấy phép xây dựng năm ngoái, tầng một vẫn để trống. Giờ tôi "
            "muốn mở tiệm tạp hóa ở tầng một thì đăng ký hộ kinh doanh cần giấy gì?",
            "1.001612",
        ),
    ],
)
def test_the_request_of_a_long_story_decides_among_close_candidates(
    shipped: ProcedureFinder, question: str, code: str
) -> None:
    assert found_code(shipped, question) == code
